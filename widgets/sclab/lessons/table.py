"""A table as plain data, for a view to render: the lessons layer builds it, the view escapes it."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Table"]


class Table(NamedTuple):
    """A table as plain data: ``caption``, column ``header`` and ``rows`` of text cells (unescaped)."""

    caption: str
    header: list[str]
    rows: list[list[str]]
