"""axe-core on every page a student or instructor opens, on a 360 px phone and at desktop width.

Every dashboard (``sclab serve``, the session's ``server``; instructor pages with the key) and every
course notebook rendered by Voila (one server on the course folder with the same template and
settings, :func:`support.voila_server.voila_on`) is opened once on a 360 px phone, checked by axe-core and
measured, then widened to 1280 px and checked again. A page passes with no serious or critical
violation at either width and a text alternative for every plotly figure. What it finds is written,
page by page, to ``artifacts/axe_report.json`` (counts by impact, the rules, every figure's name,
the 360 px scroll widths), with a 360 px screenshot of each page in ``artifacts/axe/``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sclab.resources import shipped
from support.axe import (
    BLOCKING,
    QUIET_SCRIPT,
    figures_without_text,
    findings,
    impact_counts,
    run_axe,
    scroll_widths,
    wait_for_widgets,
)
from support.voila_server import voila_on

pytestmark = pytest.mark.e2e

COURSE = shipped("course")
DASHBOARDS = sorted(p.stem for p in shipped("dashboards").glob("*.ipynb"))
NOTEBOOKS = sorted(p.stem for p in COURSE.glob("*.ipynb"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
WIDGETS_TIMEOUT = 180_000  # ms: a fresh kernel runs the whole notebook before its widgets are drawn
SCREENSHOT_MAX_HEIGHT = 12_000  # px: a very long page is cut there in its screenshot
REPORT = "axe_report.json"


def test_there_are_pages_to_check():
    assert {"take_the_scale", "class_results", "lecture_explorer", "score_class_export"} <= set(DASHBOARDS)
    assert len(NOTEBOOKS) >= 13 and "00_welcome" in NOTEBOOKS


@pytest.fixture(scope="module")
def course_server():
    with voila_on(COURSE) as base:
        yield base


def _record(artifacts: Path, name: str, entry: dict) -> None:
    """Write one page's entry into the report, keeping the other pages' (a run may check only some)."""
    path = artifacts / REPORT
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    report.setdefault("pages", {})[name] = entry
    report["engine"] = "axe-core (axe-playwright-python), WCAG 2.x A/AA rules and best practices"
    report["widths"] = {"desktop": DESKTOP["width"], "phone": PHONE["width"]}
    report["pages"] = dict(sorted(report["pages"].items()))
    path.write_text(json.dumps(report, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def _check(view, kind: str) -> tuple[dict, list[str]]:
    violations = run_axe(view)
    found = findings(violations)
    figures, unnamed = figures_without_text(view)
    entry = {
        "counts": impact_counts(violations),
        "rules": [asdict(f) for f in found],
        "figures": figures,
        "figures_without_text": len(unnamed),
    }
    problems = [f"{kind}: {f.line()}" for f in found if f.impact in BLOCKING]
    problems += [
        f"{kind}: plotly figure {f['index']} ({f['title']!r}) has no text alternative" for f in unnamed
    ]
    return entry, problems


def _screenshot(view, path: Path) -> None:
    """The whole page at 360 px: Voila scrolls inside #rendered_cells, so the screen is made as tall as it."""
    tall = view.evaluate(
        "() => Math.max((document.getElementById('rendered_cells') || document.body).scrollHeight,"
        " document.documentElement.scrollHeight)"
    )
    view.set_viewport_size({"width": PHONE["width"], "height": min(int(tall) + 40, SCREENSHOT_MAX_HEIGHT)})
    view.screenshot(path=str(path), full_page=True)


def _visit(browser, url: str, name: str, artifacts: Path) -> list[str]:
    """Open the page on a phone (figures size themselves to the screen they are drawn on), check and
    measure it, then widen the same page to desktop size and check it again."""
    ctx = browser.new_context(viewport=PHONE)
    ctx.add_init_script(QUIET_SCRIPT)
    view = ctx.new_page()
    try:
        view.goto(url, timeout=WIDGETS_TIMEOUT)
        wait_for_widgets(view, timeout_ms=WIDGETS_TIMEOUT)
        phone, problems = _check(view, f"{name} at {PHONE['width']} px")
        phone["scroll_widths"] = scroll_widths(view)
        (artifacts / "axe").mkdir(exist_ok=True)
        _screenshot(view, artifacts / "axe" / f"{name}.png")
        view.set_viewport_size(DESKTOP)
        wait_for_widgets(view, timeout_ms=30_000, quiet_ms=1000)  # boxes relaid for the wider screen
        desktop, more = _check(view, f"{name} at {DESKTOP['width']} px")
    finally:
        ctx.close()
    _record(artifacts, name, {"path": urlsplit(url).path, "desktop": desktop, "phone": phone})
    return problems + more


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_has_no_serious_accessibility_violation(name, server, browser, artifacts):
    problems = _visit(browser, server.url(name), name, artifacts)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_course_notebook_has_no_serious_accessibility_violation(name, course_server, browser, artifacts):
    problems = _visit(browser, f"{course_server}/voila/render/{name}.ipynb", name, artifacts)
    assert not problems, f"{name}:\n" + "\n".join(problems)
