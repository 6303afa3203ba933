"""Browser tests: a real ``sclab serve`` on a free port and Debian's Chromium driven by Playwright.

Chromium comes from the system (``apt-get install chromium``; CI's .ci/run installs it); Playwright's
own browser download is never used. Without /usr/bin/chromium the tests are skipped with the reason,
except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.voila_server import need_chromium, running_server

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def store_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'class.sqlite3'}"


@pytest.fixture(scope="session")
def server(store_url):
    need_chromium()
    with running_server(store_url, preheat=False) as srv:
        yield srv


class Watch:
    """Every request URL and every console error of a page."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.watch = Watch(pg)
    try:
        yield pg
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
