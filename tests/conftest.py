"""Shared test set-up: no test reads the developer's own configuration; one browser for all browser tests."""

from __future__ import annotations

import pytest

from support.voila_server import CHROMIUM, CHROMIUM_ARGS, need_chromium


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, once per session (a second sync Playwright in the same
    session cannot start while the first one runs)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(autouse=True)
def _private_wording_dir(tmp_path_factory, monkeypatch):
    """Point the wording overlay at an empty folder, so an installed licensed copy never leaks in."""
    folder = tmp_path_factory.mktemp("wording")
    monkeypatch.setenv("SCLAB_WORDING_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _private_config(tmp_path_factory, monkeypatch):
    """Point SCLAB_CONFIG at an empty file, so the shipped defaults apply and no instructor file leaks in."""
    path = tmp_path_factory.mktemp("config") / "config.yaml"
    path.write_text("", encoding="utf-8")
    monkeypatch.setenv("SCLAB_CONFIG", str(path))
    return path
