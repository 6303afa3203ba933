"""``ClassResults``: nothing below five responses; from five up, the class against a simulated sample.

Built, set and clicked without a browser, against a temporary SQLite store.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sclab.classroom.store import MIN_RESPONSES, ClassStore
from sclab.ui.classroom.class_results import ClassResults
from support.downloads import decode_csv_link

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")



def _fill(store, code, totals):
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


def test_below_five_responses_nothing_is_shown(store):
    _fill(store, "PSY101", [2.0, 3.0, 3.5, 4.0])
    view = ClassResults(store=store, n=200, seed=4)
    view.code.value = "PSY101"
    assert view.summary.n == MIN_RESPONSES - 1 and view.summary.suppressed
    assert "Not shown yet" in view.message.value and f"from {MIN_RESPONSES} responses" in view.message.value
    assert list(view.figure.data[1].y) == [0.0] * 16
    assert view.download.value == "" and view._details.layout.display == "none"
    assert "4 responses" in view.count.value


def test_from_six_responses_the_class_is_drawn_against_the_sample(store):
    totals = [1.9, 2.4, 3.0, 3.1, 3.8, 4.6]
    _fill(store, "PSY101", totals[:4])
    _fill(store, "OTHER", [5.0] * 6)  # another class never shows up here
    view = ClassResults(store=store, n=300, seed=4, code="PSY101")
    assert view.summary.suppressed
    _fill(store, "PSY101", totals[4:])
    view.refresh_button.click()
    assert not view.summary.suppressed and view.summary.n == 6
    counts, _ = np.histogram(totals, bins=np.linspace(1, 5, 17))
    assert list(view.figure.data[1].y) == pytest.approx((100 * counts / 6).tolist())
    sample = view.comparison.values("total")
    ref_counts, _ = np.histogram(sample, bins=np.linspace(1, 5, 17))
    assert list(view.figure.data[0].y) == pytest.approx((100 * ref_counts / len(sample)).tolist())
    assert f"{np.mean(totals):.2f}" in view.tables.value
    assert f"{np.std(totals, ddof=1):.2f}" in view.tables.value
    assert "Compassionate responding" in view.tables.value and "Self kindness" in view.tables.value.replace(
        "Self-kindness", "Self kindness"
    )
    exported = pd.read_csv(io.StringIO(decode_csv_link(view.download.value)))
    assert list(exported.columns) == ["class_code", "instrument", "score", "n", "mean", "sd"]
    assert set(exported["class_code"]) == {"PSY101"} and (exported["n"] == 6).all()
    assert exported.set_index("score").loc["total", "mean"] == pytest.approx(np.mean(totals), abs=1e-4)
    for t in totals:  # no individual score in the export
        assert not np.isclose(exported[["mean", "sd"]].to_numpy(), t).all(axis=1).any()


def test_class_results_escape_the_typed_code(store):
    view = ClassResults(store=store, n=200)
    view.code.value = EVIL
    assert "<script>" not in view.message.value and "&lt;script&gt;" in view.message.value


def test_an_unreachable_store_gives_a_message_not_a_traceback():
    class Broken:
        def summary(self, *args, **kwargs):
            raise ConnectionError("down")

    view = ClassResults(store=Broken(), n=200, code="PSY101")
    assert view.summary is None and "could not be reached" in view.message.value
    assert "ConnectionError" in view.message.value and view._details.layout.display == "none"
