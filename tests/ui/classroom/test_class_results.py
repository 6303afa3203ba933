"""``ClassResults``: nothing below five responses; from five up, the class against a simulated sample.

Built, set and clicked without a browser, against a temporary SQLite store.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sclab.classroom.release import release
from sclab.classroom.store import MIN_RESPONSES, ClassStore, SubmissionRefused
from sclab.ui.classroom.class_results import ClassResults
from support.downloads import decode_csv_link

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")


def _fill(store, code, totals):
    if store.class_info(code) is None:
        store.open_class(code=code, cap=None, minutes=90)  # a class takes responses once opened
    for t in totals:
        store.submit(
            code,
            "sc-practice",
            {
                "total": t,
                "compassionate": t,
                "uncompassionate": 6 - t,
                "self_kindness": t,
                "isolation": 6 - t,
            },
        )


class FakeStore:
    """A store that answers from a frame through the real release rule, and counts its lookups."""

    def __init__(self, totals=(), refused=0, known=("PSY101",)):
        self.totals, self.refused, self.known, self.lookups = list(totals), refused, set(known), 0

    def class_info(self, code):
        self.lookups += 1
        return object() if code in self.known else None

    def summary(self, code, *, instrument=None):
        return release(code, instrument, pd.DataFrame({"total": self.totals}), refused=self.refused)


def test_below_five_responses_nothing_is_shown_not_even_a_count(store):
    _fill(store, "PSY101", [2.0, 3.0, 3.5, 4.0])
    view = ClassResults(store=store, n=200, seed=4)
    view.code.value = "PSY101"
    assert view.summary.n == 0 and view.summary.suppressed
    assert "Not shown yet" in view.message.value and f"from {MIN_RESPONSES} responses" in view.message.value
    assert "fewer than five" in view.count.value and "4" not in view.count.value + view.message.value
    assert list(view.figure.data[1].y) == [0.0] * 8
    assert view.download.value == "" and view._details.layout.display == "none"
    assert "How this view protects students" in view.rule.value


def test_from_five_the_first_five_are_drawn_against_the_sample(store):
    totals = [3.0, 3.1, 3.2, 3.3, 3.4, 4.6]
    _fill(store, "PSY101", totals[:4])
    _fill(store, "OTHER", [5.0] * 6)  # another class never shows up here
    view = ClassResults(store=store, n=300, seed=4, code="PSY101")
    assert view.summary.suppressed
    _fill(store, "PSY101", totals[4:])
    view.refresh_button.click()
    assert not view.summary.suppressed and view.summary.n == 5
    assert "6 received, next update at 10" in view.count.value and "first 5 responses" in view.count.value
    assert list(view.figure.data[1].y) == [0, 0, 0, 0, 100, 0, 0, 0]  # all five in 3.0-3.5
    sample = view.comparison.values("total")
    ref_counts, _ = np.histogram(sample, bins=np.linspace(1, 5, 9))
    assert list(view.figure.data[0].y) == pytest.approx((100 * ref_counts / len(sample)).tolist())
    total_row = next(r for r in view.tables.value.split("<tr>") if "Total" in r)
    assert f">{np.mean(totals[:5]):.1f}<" in total_row and "from 20" in total_row
    assert "Compassionate responding" in view.tables.value and "shown from 15 responses" in view.tables.value
    exported = pd.read_csv(io.StringIO(decode_csv_link(view.download.value)))
    assert list(exported.columns) == ["class_code", "instrument", "score", "n", "mean", "sd"]
    assert set(exported["class_code"]) == {"PSY101"} and (exported["n"] == 5).all()
    assert exported.set_index("score").loc["total", "mean"] == round(np.mean(totals[:5]), 1)
    assert exported["sd"].isna().all()  # no SD from five
    assert "self_kindness" not in set(exported["score"])


def test_one_more_response_changes_nothing_on_the_page(store):
    """The n -> n + 1 attack on the widget: read at 6, send one, read again."""
    _fill(store, "PSY101", [3.0, 3.1, 3.2, 3.3, 3.4, 4.6])
    view = ClassResults(store=store, n=200, seed=4, code="PSY101")
    before = (view.tables.value, view.download.value, list(view.figure.data[1].y))
    _fill(store, "PSY101", [1.0])
    view.refresh()
    assert (view.tables.value, view.download.value, list(view.figure.data[1].y)) == before
    assert "7 received" in view.count.value
    view.refresh()  # and reading again changes nothing either
    assert (view.tables.value, view.download.value, list(view.figure.data[1].y)) == before


def test_an_outlier_alone_in_its_bar_stops_the_distribution():
    view = ClassResults(store=FakeStore([1.0, 3.2, 3.2, 3.3, 3.4]), n=200, code="PSY101")
    assert not view.summary.suppressed and view.summary.bins == ()
    assert list(view.figure.data[1].y) == [0.0] * 8 and "not drawn yet" in view.tables.value


def test_refused_sends_show_only_with_the_results():
    view = ClassResults(store=FakeStore([3.0] * 5, refused=2), n=200, code="PSY101")
    assert "2 sends were refused (class closed, full or already sent)" in view.count.value
    view = ClassResults(store=FakeStore([3.0] * 4, refused=2), n=200, code="PSY101")
    assert "refused" not in view.count.value and "2" not in view.count.value


def test_the_stores_refusals_reach_the_page(store):
    store.open_class(code="PSY101", cap=5, minutes=90)
    _fill(store, "PSY101", [3.0] * 5)
    for _ in range(3):
        with pytest.raises(SubmissionRefused):
            _fill(store, "PSY101", [4.0])  # the class is full
    view = ClassResults(store=store, n=200, code="PSY101")
    assert "3 sends were refused (class closed, full or already sent)" in view.count.value
    view.code.value = "NEVER-OPENED"
    assert "No class has the code NEVER-OPENED" in view.message.value and view.summary is None


def test_a_refusal_that_is_not_about_the_code_is_shown_but_not_counted():
    class Mixed(FakeStore):
        def summary(self, code, *, instrument=None):
            raise ValueError("class PSY101 has responses from several instruments (a, b); choose one")

    view = ClassResults(store=Mixed(), n=200, code="PSY101")
    for _ in range(4):
        view.refresh_button.click()
    assert "several instruments" in view.message.value and not view.refresh_button.disabled
    assert view.limiter.failures == 0


def test_wrong_codes_pause_lookups_without_sleeping():
    now = [0.0]
    fake = FakeStore([3.0] * 5)
    view = ClassResults(store=fake, n=200, clock=lambda: now[0])
    for code in ("NOPE1", "x", "NOPE2"):  # unknown, malformed, unknown
        view.code.value = code
    assert view.refresh_button.disabled and "paused for 60 seconds" in view.message.value
    lookups = fake.lookups
    view.code.value = "PSY101"  # a page can set any value: the pause holds in refresh, not only the button
    view.refresh()
    assert fake.lookups == lookups and view.summary is None and "paused" in view.message.value
    now[0] = 61.0
    view._unlock_if_due()
    assert not view.refresh_button.disabled
    view.refresh_button.click()
    assert view.summary is not None and not view.summary.suppressed and not view.refresh_button.disabled
    view.code.value = "NOPE3"  # a good lookup reset the count: one failure does not pause
    assert not view.refresh_button.disabled and "No class has the code NOPE3" in view.message.value


def test_class_results_escape_the_typed_code(store):
    view = ClassResults(store=store, n=200)
    view.code.value = EVIL
    assert "<script>" not in view.message.value and "&lt;script&gt;" in view.message.value


def test_an_unreachable_store_gives_a_message_not_a_traceback():
    class Broken:
        def class_info(self, code):
            raise ConnectionError("down")

        summary = class_info

    view = ClassResults(store=Broken(), n=200, code="PSY101")
    assert view.summary is None and "could not be reached" in view.message.value
    assert "ConnectionError" in view.message.value and view._details.layout.display == "none"
