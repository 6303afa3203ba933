"""What the student page costs on the classroom network: a new student, and the same student again.

Each visit goes through a byte-counting relay (:mod:`support.page_bytes`), so the counts are what
crosses the wire: HTTP (gzipped where it can be) and websocket frames (deflated where they can be).
Before plotly's script was served as one cached file, every visit carried it in each figure's
widget state over the websocket: 15.7 MB for a new student and 5.5 MB for a reload.
"""

from __future__ import annotations

import json

import pytest

from sclab.classroom.serving import PLOTLY_SCRIPT_PATH
from support.page_bytes import ByteCounter, visit

pytestmark = pytest.mark.e2e

#: A figure plotly has drawn (its SVG exists only once plotly's script has run in the page).
DRAWN = ".js-plotly-plot .main-svg"
MB = 1_000_000


def _plotly_bytes(v) -> int:
    return sum(n for url, n in v.by_url.items() if url.endswith(PLOTLY_SCRIPT_PATH))


def test_the_student_page_fetches_plotly_once_per_browser_and_little_else(browser, server, artifacts):
    with ByteCounter(server.port) as relay:
        url = relay.url(server.url("take_the_scale"))
        one = browser.new_context()
        first = visit(one.new_page(), relay, url, ready=DRAWN)
        again = visit(one.new_page(), relay, url, ready=DRAWN)  # the same student, a reload
        two = browser.new_context()
        second = visit(two.new_page(), relay, url, ready=DRAWN)  # another student, empty cache
        one.close()
        two.close()
    visits = {"first student": first, "same student again": again, "second student": second}
    (artifacts / "page_bytes.json").write_text(
        json.dumps({k: {"wire_down": v.wire_down, "ws_payload": v.ws_payload} for k, v in visits.items()})
    )
    for name, v in visits.items():
        assert v.hosts == {"127.0.0.1"}, (name, sorted(u for u in v.requests if "127.0.0.1" not in u))
        assert v.ws_payload < 1 * MB, f"{name}: {v.row()}"  # no figure carries plotly's script any more
    # the same student again: plotly's script and Voila's come from the browser's cache
    assert again.wire_down < 1.5 * MB, again.row()
    assert _plotly_bytes(again) < 10_000, again.by_url.most_common(3)
    # a new student fetches plotly's script once, gzipped (1.5 MB of its 5 MB), and no figure repeats it
    assert 1 * MB < _plotly_bytes(second) < 2 * MB, second.by_url.most_common(3)
    assert second.wire_down < 4 * MB, second.row()
