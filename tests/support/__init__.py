"""Helpers the tests share, importable as ``support`` (pytest's ``pythonpath`` puts ``tests/`` on it)."""
