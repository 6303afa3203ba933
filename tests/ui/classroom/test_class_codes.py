"""``ClassCodes``: the instructor opens a class, sees its code and counts, closes and reopens it.

Built, set and clicked without a browser, against a temporary SQLite store.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from sclab.classroom.store import ClassStore
from sclab.ui import ClassCodes

SCORES = {"total": 3.1416, "compassionate": 3.2718, "uncompassionate": 2.7183}


@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")


def _send(store, code, n, start=0):
    for i in range(start, start + n):
        store.submit(code, "sc-practice", SCORES, sender=f"browser-token-{i:04d}")


def test_open_a_class_with_the_class_size_as_cap_and_show_its_code_large(store):
    panel = ClassCodes(store=store, class_size=24)
    assert (panel.cap.value, panel.minutes.value) == (24, 90)
    assert panel.close_button.disabled and panel.reopen_button.disabled
    panel.open_button.click()
    info = store.class_info(panel.code.value)
    assert info is not None and info.cap == 24 and info.is_open()
    assert info.closes_at - info.opened_at == timedelta(minutes=90)
    assert f">{info.code}</p>" in panel.shown_code.value and "sclab-class-code" in panel.shown_code.value
    assert f"Class {info.code} is open." in panel.status.value
    assert "Sent: 0 of 24 allowed. Refused: 0." in panel.status.value
    assert not panel.close_button.disabled and panel.reopen_button.disabled


def test_the_cap_and_minutes_typed_are_the_ones_used(store):
    panel = ClassCodes(store=store)
    panel.cap.value, panel.minutes.value = 2, 15
    assert panel.open_class()
    info = store.class_info(panel.code.value)
    assert info.cap == 2 and info.closes_at - info.opened_at == timedelta(minutes=15)


def test_refresh_shows_the_counts_but_none_below_five_and_nothing_about_a_response(store):
    panel = ClassCodes(store=store, class_size=6)
    panel.open_class()
    code = panel.code.value
    _send(store, code, 3)
    panel.refresh_button.click()
    assert "Sent: fewer than 5 (cap 6). Refused: 0." in panel.status.value
    _send(store, code, 3, start=3)
    with pytest.raises(ValueError):
        store.submit(code, "sc-practice", SCORES, sender="browser-token-0000")  # a repeat, then full
    panel.refresh()
    assert "Sent: 6 of 6 allowed. Refused: 1." in panel.status.value
    assert f"Class {code} is full." in panel.status.value and not panel.reopen_button.disabled
    panel.cap.value = 8
    panel.reopen_button.click()  # a larger cap: it takes more, its counts kept
    assert store.class_info(code).cap == 8 and "Sent: 6 of 8 allowed. Refused: 1." in panel.status.value
    shown = panel.status.value + panel.shown_code.value
    assert not any(f"{v:.2f}"[:4] in shown for v in SCORES.values())  # no score, rounded or not


def test_close_now_and_reopen(store):
    panel = ClassCodes(store=store)
    panel.open_class()
    code = panel.code.value
    panel.close_button.click()
    assert store.class_info(code).closed and not store.class_info(code).is_open()
    assert f"Class {code} is closed." in panel.status.value and "You closed it" in panel.status.value
    assert panel.close_button.disabled and not panel.reopen_button.disabled
    panel.reopen_button.click()
    assert store.class_info(code).is_open() and f"Class {code} is open." in panel.status.value
    assert not panel.close_button.disabled and panel.reopen_button.disabled


def test_a_code_opened_before_can_be_typed_back_an_unknown_one_is_said_plainly(store):
    code = store.open_class(cap=10).code
    panel = ClassCodes(store=store)  # a new page: the instructor types the code back
    panel.code.value = code
    assert f"Class {code} is open." in panel.status.value and "of 10 allowed" in panel.status.value
    panel.code.value = "NEVER-OPENED-1"
    assert "Unknown code." in panel.status.value and panel.info is None and panel.shown_code.value == ""
    assert panel.close_button.disabled and panel.reopen_button.disabled
    panel.code.value = "<script>alert(1)</script>"
    assert "Not done." in panel.status.value and "<script>" not in panel.status.value


def test_an_unreachable_store_gives_one_plain_line():
    class Broken:
        def open_class(self, **kwargs):
            raise ConnectionError("down")

    panel = ClassCodes(store=Broken())
    assert panel.open_class() is False
    assert "could not be reached (ConnectionError)" in panel.status.value


def test_every_control_is_labelled_and_rows_wrap_on_a_narrow_screen(store):
    panel = ClassCodes(store=store)
    for box in (panel.cap, panel.minutes, panel.code):
        assert box.description and box.tooltip
    for button in (panel.open_button, panel.refresh_button, panel.close_button, panel.reopen_button):
        assert button.description and button.tooltip
    rows = [c for c in panel.children if hasattr(c, "children")]
    assert rows and all(r.layout.flex_flow == "row wrap" for r in rows)
    assert "another browser or device" in panel.children[0].value  # what a code cannot stop
