"""The class view in a real browser, attacked as a careful student would (issue 12).

A real ``sclab serve`` (Voila) and Debian's Chromium: (a) read at n = 6, send one, read again;
(b) plant four known responses and wait for a fifth; (c) read the same class again and again;
(d) no bar of the class's distribution ever holds one to four students.
"""

from __future__ import annotations

import numpy as np
import pytest

from sclab.classroom.store import ClassStore

pytestmark = pytest.mark.e2e

WIDGETS_TIMEOUT = 120_000  # ms: a kernel starts and runs the dashboard before widgets appear
GRID = np.round(np.arange(1, 5 + 1 / 48, 1 / 24), 10)  # the sc-practice total moves in 24ths


def _send(store: ClassStore, code: str, total: float) -> None:
    store.submit(code, "sc-practice", {"total": total, "compassionate": total, "uncompassionate": 6 - total})


def _opened(store: ClassStore, *codes: str) -> None:
    for code in codes:
        store.open_class(code=code, cap=None, minutes=90)  # a class takes responses once opened


VIEW = ".sclab-class-results"  # the ClassResults widget (the page also holds the class-codes panel)


def _read(page, code: str, wait_for: str) -> dict:
    """Type ``code``, press Refresh, wait for ``wait_for``; everything the page shows of the class."""
    view = page.locator(VIEW)
    view.get_by_placeholder("e.g. K7QM-3WXP-9D").fill(code)
    view.get_by_role("button", name="Refresh").click()
    view.get_by_text(wait_for).first.wait_for(timeout=30_000)
    bars = page.evaluate(
        f"() => Array.from(document.querySelectorAll('{VIEW} .js-plotly-plot')).flatMap("
        "p => (p.data || []).map(t => [t.name, Array.from(t.x), Array.from(t.y)]))"
    )
    link = view.locator("a[download]")
    return {
        "tables": view.locator("table").all_inner_texts(),
        "bars": [b for b in bars if b[0].startswith("This class")],
        "csv": link.first.get_attribute("href") if link.count() else None,
    }


def _total_mean(page) -> float:
    row = page.locator(VIEW).locator("tr", has=page.locator("th", has_text="Total")).first
    return float(row.locator("td").first.inner_text())


def _no_small_bars(state: dict, n: int) -> None:
    for _name, _x, y in state["bars"]:
        counts = np.round(np.array(y) * n / 100)
        assert all(c == 0 or c >= 5 for c in counts), y


def test_the_class_view_withstands_differencing_planting_and_rereading(page, server, store_url, artifacts):
    store = ClassStore(store_url)
    _opened(store, "PRIV-A", "PRIV-B")
    for t in [3.0, 3.125, 3.25, 3.375, 3.4583333333, 4.625]:
        _send(store, "PRIV-A", t)
    planted = [3.0, 3.0, 3.0, 3.0]
    for t in planted:
        _send(store, "PRIV-B", t)
    page.goto(server.url("class_results"), timeout=WIDGETS_TIMEOUT)
    page.wait_for_selector(VIEW, timeout=WIDGETS_TIMEOUT)
    assert page.locator(VIEW).get_by_text("How this view protects students").is_visible()

    # (a) n -> n + 1: read at 6 (five released), send one, read again: nothing shown changes
    at_six = _read(page, "PRIV-A", "6 received, next update at 10")
    assert (
        at_six["bars"] and at_six["csv"] and "Shown: the first 5 responses" in page.locator(VIEW).inner_text()
    )
    _no_small_bars(at_six, 5)
    _send(store, "PRIV-A", 1.0)
    at_seven = _read(page, "PRIV-A", "7 received, next update at 10")
    assert at_seven == at_six

    # (b) plant four, wait for a fifth: below five the page shows no count at all
    _read(page, "PRIV-B", "fewer than five responses so far")
    text = page.locator(VIEW).inner_text()
    assert "4 received" not in text and "4 responses" not in text
    true = float(GRID[62])  # 3 + 14/24, unknown to the attacker
    _send(store, "PRIV-B", true)
    fifth = _read(page, "PRIV-B", "5 received, next update at 10")
    shown = _total_mean(page)
    recovered = 5 * shown - sum(planted)
    consistent = GRID[np.array([round(float(np.mean([*planted, x])), 1) for x in GRID]) == shown]
    assert recovered != pytest.approx(true, abs=1e-6) and np.isclose(consistent, true).any()
    assert len(consistent) >= 5 and consistent.max() - consistent.min() >= 0.25
    _no_small_bars(fifth, 5)
    page.locator(VIEW).screenshot(path=str(artifacts / "class_privacy.png"))

    # (c) reading again, after another class, gives exactly the same page
    again = _read(page, "PRIV-A", "7 received, next update at 10")
    assert again == at_six
    assert _read(page, "PRIV-B", "5 received, next update at 10") == fifth

    # lookups: three codes that name no class pause Refresh, with a plain message
    view = page.locator(VIEW)
    for code in ("NO-SUCH-1", "NO-SUCH-2", "NO-SUCH-3"):  # Enter: one lookup each
        view.get_by_placeholder("e.g. K7QM-3WXP-9D").fill(code)
        view.get_by_placeholder("e.g. K7QM-3WXP-9D").press("Enter")
        view.get_by_text(f"No class has the code {code}").or_(
            view.get_by_text("Lookups are paused")
        ).wait_for()
    view.get_by_text("Lookups are paused for 60 seconds").wait_for(timeout=30_000)
    assert view.get_by_role("button", name="Refresh").is_disabled()
