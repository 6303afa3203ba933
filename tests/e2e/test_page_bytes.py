"""What the pages cost on the classroom network: a new student, the same student again, another student.

Each visit goes through a byte-counting relay (:mod:`support.page_bytes`), so the counts are what
crosses the wire: HTTP (gzipped where it can be) and websocket frames (deflated where they can be).
Before plotly's script was served as one cached file, every visit carried it in each figure's
widget state over the websocket: 15.7 MB for a new student and 5.5 MB for a reload. Before the
report's chart was drawn without plotly, a new student still fetched plotly's script (1.5 MB
gzipped) and the whole visit cost 3.04 MB.
"""

from __future__ import annotations

import json

import pytest

from sclab.classroom.serving import PLOTLY_SCRIPT_PATH
from support.page_bytes import ByteCounter, visit

pytestmark = pytest.mark.e2e

#: A figure plotly has drawn (its SVG exists only once plotly's script has run in the page).
DRAWN = ".js-plotly-plot .main-svg"
#: The first answer button of the inventory.
ANSWERS = ".sclab-answer"
MB = 1_000_000


def _plotly_bytes(v) -> int:
    return sum(n for url, n in v.by_url.items() if url.endswith(PLOTLY_SCRIPT_PATH))


def _whole_visit(page, relay, url) -> tuple[object, int]:
    """A student's visit: the page, then a simulated respondent's answers sent and the report drawn.

    Returns the page's :class:`Visit` and every byte sent down the wire for it, report included."""
    before = relay.down
    opened = visit(page, relay, url, ready=ANSWERS)
    page.get_by_role("button", name="Use a simulated respondent").first.click()
    page.get_by_role("button", name="Submit answers").first.click()
    page.locator(".sclab-profile-chart").wait_for(timeout=60_000)
    relay.wait_quiet()
    return opened, relay.down - before


def test_a_whole_student_visit_costs_under_one_and_a_half_megabytes(browser, server, artifacts):
    with ByteCounter(server.port) as relay:
        url = relay.url(server.url("take_the_scale"))
        one = browser.new_context()
        first, first_total = _whole_visit(one.new_page(), relay, url)
        again, again_total = _whole_visit(one.new_page(), relay, url)  # the same student, a reload
        two = browser.new_context()
        second, second_total = _whole_visit(two.new_page(), relay, url)  # another student, empty cache
        one.close()
        two.close()
    totals = {"first student": first_total, "same student again": again_total, "second student": second_total}
    visits = {"first student": first, "same student again": again, "second student": second}
    (artifacts / "page_bytes.json").write_text(
        json.dumps({k: {"wire_down": totals[k], "ws_payload": v.ws_payload} for k, v in visits.items()})
    )
    for name, v in visits.items():
        assert v.hosts == {"127.0.0.1"}, (name, sorted(u for u in v.requests if "127.0.0.1" not in u))
        assert _plotly_bytes(v) == 0, f"{name}: the student page needs no plotly"
    assert second_total < 1.5 * MB, f"second student: {second_total / MB:.2f} MB; {second.row()}"
    assert again_total < 0.5 * MB, f"same student again: {again_total / MB:.2f} MB; {again.row()}"


def test_a_page_with_figures_fetches_plotly_once_per_browser(browser, server):
    with ByteCounter(server.port) as relay:
        url = relay.url(server.url("lecture_explorer"))
        one = browser.new_context()
        first = visit(one.new_page(), relay, url, ready=DRAWN)
        again = visit(one.new_page(), relay, url, ready=DRAWN)
        one.close()
    assert first.hosts == again.hosts == {"127.0.0.1"}
    assert first.ws_payload < 1 * MB, first.row()  # no figure carries plotly's script
    # plotly's script once, gzipped (1.5 MB of its 5 MB), then from the browser's cache
    assert 1 * MB < _plotly_bytes(first) < 2 * MB, first.by_url.most_common(3)
    assert _plotly_bytes(again) < 10_000, again.by_url.most_common(3)
