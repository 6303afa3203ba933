"""The report a student keeps: "Save my report" on the Voila page, the saved file offline, and printing.

The student page is served by ``sclab serve``; a simulated respondent submits, and "Save my report"
must hand the browser one file (Playwright's download event) that holds the numbers on the page and
points nowhere outside itself. The file is then opened in Chromium with the network cut off, at a
360 px phone width and at desktop size. Printing the page (print media) must hide the report's
controls, fit the report in an A4 page's width (794 CSS px at 96 dpi) and give more than one page,
where before it gave one page of the visible scroll area, cut on the right.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.e2e

WIDGETS_TIMEOUT = 120_000  # ms: a kernel starts and runs the dashboard before widgets appear
A4_WIDTH = 794  # CSS px at 96 dpi (210 mm)
PHONE = {"width": 360, "height": 740}

#: The report's box, its right edge and widths, and any element inside it wider than the report.
_REPORT_BOX = """() => { const r = document.querySelector('.sclab-score-report');
  const box = r.getBoundingClientRect();
  const wider = [...r.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > box.right + 0.5
      && e.getBoundingClientRect().width > 0).map(e => [e.tagName, e.className.toString()]);
  return {right: box.right, width: box.width, scroll: r.scrollWidth, wider: wider}; }"""
_VISIBLE = (
    "(els) => els.filter(e => e.offsetParent !== null && getComputedStyle(e).display !== 'none').length"
)


class _Outside(HTMLParser):
    """Attributes that would fetch or open something outside the document."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, f"{k}={v}") for k, v in attrs if k in {"src", "href", "srcset", "action"}]
        if tag in {"script", "link", "img", "iframe"}:
            self.found.append((tag, ""))


def _submitted_report(page, server):
    page.goto(server.url("take_the_scale"), timeout=60_000)
    page.get_by_role("button", name="Use a simulated respondent").first.click(timeout=WIDGETS_TIMEOUT)
    page.get_by_role("button", name="Submit answers").first.click()
    page.locator(".sclab-profile-chart").wait_for(timeout=60_000)
    return page.locator(".sclab-score-report")


def _open_offline(browser, html: str, viewport: dict):
    ctx = browser.new_context(viewport=viewport, offline=True)
    pg = ctx.new_page()
    asked: list[str] = []
    pg.on("request", lambda r: asked.append(r.url))
    pg.set_content(html, wait_until="load")
    return ctx, pg, asked


def test_save_my_report_downloads_one_file_that_opens_offline(page, server, browser, artifacts, tmp_path):
    report = _submitted_report(page, server)
    total = re.search(r"Your total: (\d\.\d\d),", report.inner_text())[1]
    interval = re.search(r"would probably fall between \d\.\d and \d\.\d\.", report.inner_text())[0]
    share = re.search(r"(About|Fewer than|More than) \d+% of the comparison group", report.inner_text())[0]
    with page.expect_download(timeout=30_000) as event:
        page.get_by_role("button", name="Save my report").click()
    download = event.value
    report.screenshot(path=str(artifacts / "report_on_page.png"))
    assert download.failure() is None
    assert re.fullmatch(
        r"self-compassion-practice-report-\d{4}-\d{2}-\d{2}\.html", download.suggested_filename
    )
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    html = path.read_text(encoding="utf-8")
    size = path.stat().st_size
    (artifacts / "report_file_size.txt").write_text(f"{size} bytes\n")
    page.get_by_text("Saved as self-compassion-practice-report").wait_for(timeout=10_000)
    assert html.startswith("<!DOCTYPE html>") and html.count("<html") == 1
    assert _Outside(html).found == [] and not re.search(r"https?://[^\s<]*\.(css|js|woff2?|png|svg)", html)
    for shown in (f"{total}, on a scale from 1 to 5", interval, share, "Not a diagnosis", "Find A Helpline"):
        assert shown in html, shown
    hosts = {urlparse(u).hostname for u in page.watch.requests if urlparse(u).scheme not in ("data", "blob")}
    assert hosts == {"127.0.0.1"} and page.watch.errors == []
    for name, viewport in {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}.items():
        ctx, pg, asked = _open_offline(browser, html, viewport)
        try:
            assert pg.get_by_role("heading", name="Your self-compassion practice report").is_visible()
            assert pg.locator(".sclab-profile-chart").is_visible()
            assert f"{total}, on a scale from 1 to 5" in pg.locator("main").inner_text()
            widths = pg.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], (name, widths)  # nothing runs off a phone's screen
            assert [u for u in asked if not u.startswith(("about:", "data:"))] == []
            pg.screenshot(path=str(artifacts / f"report_file_{name}.png"), full_page=True)
        finally:
            ctx.close()


def test_printing_the_page_hides_the_controls_and_fits_an_a4_width(browser, server, artifacts, tmp_path):
    ctx = browser.new_context(viewport={"width": A4_WIDTH, "height": 1123})
    page = ctx.new_page()
    try:
        report = _submitted_report(page, server)
        controls = report.locator("button, .widget-toggle-buttons")
        assert controls.evaluate_all(_VISIBLE) > 0  # on screen: the group choice and Save my report
        page.emulate_media(media="print")
        assert controls.evaluate_all(_VISIBLE) == 0
        box = page.evaluate(_REPORT_BOX)
        assert box["right"] <= A4_WIDTH and box["scroll"] <= box["width"] + 1, box
        assert box["wider"] == [], box["wider"]
        page.screenshot(path=str(artifacts / "report_print.png"), full_page=True)
        pdf = page.pdf(path=str(tmp_path / "page.pdf"), format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages > 1, f"the printed page has {pages} page(s): only the visible scroll area was printed"
    finally:
        ctx.close()
