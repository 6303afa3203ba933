"""What a class may share and how it is summed up: the one allow-list and the one summary table."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sclab.classroom.aggregates import (
    EXPORT_COLUMNS,
    MIN_RESPONSES,
    SUMMARY_COLUMNS,
    aggregate_csv,
    bin_edges,
    halves_rows,
    score_names,
    scores_to_send,
    sent_description,
    shares,
    sharing_terms,
    subscale_rows,
    summarise,
)
from sclab.classroom.store import ClassStore
from sclab.measure.instrument import load_instrument
from sclab.measure.scoring import score_columns


@pytest.mark.parametrize("instrument", ["sc-practice", "scs-sf", "co-practice", "mt-practice"])
def test_only_subscales_halves_and_total_may_be_sent(instrument):
    inst = load_instrument(instrument, wording=False)
    names = score_names(inst)
    expected = [s.id for s in inst.subscales]
    expected += ["compassionate", "uncompassionate"] if inst.has_polarity else []
    assert names == [*expected, "total"]
    assert set(score_columns(inst)) - set(names) == {
        "total_ci_low",
        "total_ci_high",
        "band",
        "n_answered",
        "status",
        "flags",
    }


def test_scores_to_send_keeps_finite_scores_and_needs_a_total():
    inst = load_instrument("sc-practice")
    sent = scores_to_send(inst, {"total": "3.5", "self_kindness": float("nan"), "band": "high", "sc_1": 4})
    assert sent == {"total": 3.5}
    with pytest.raises(ValueError, match="numeric total"):
        scores_to_send(inst, {"total": None, "self_kindness": 3.0})


def test_the_store_takes_exactly_what_a_student_may_send(tmp_path):
    inst = load_instrument("sc-practice")
    store = ClassStore(f"sqlite:///{tmp_path / 's.sqlite3'}")
    store.open_class(code="PSY101", cap=None, minutes=90)
    store.submit("PSY101", inst.id, dict.fromkeys(score_names(inst), 3.0))
    with pytest.raises(ValueError, match="not allowed: band"):
        store.submit("PSY101", inst.id, {"total": 3.0, "band": 2.0})


def test_sent_description_follows_the_instrument():
    assert (
        sent_description(load_instrument("sc-practice")) == "the six components, the two halves and the total"
    )
    mt = load_instrument("mt-practice")
    assert sent_description(mt).endswith("and the total") and "halves" not in sent_description(mt)


def test_the_sharing_terms_state_the_rule_the_store_applies(tmp_path):
    terms = sharing_terms(load_instrument("sc-practice"))
    assert MIN_RESPONSES == 5 and "at least five people" in terms
    assert "not your answers, not your name" in terms and "six components" in terms
    store = ClassStore(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    store.open_class(code="PSY101", cap=None, minutes=90)
    for _ in range(MIN_RESPONSES - 1):
        store.submit("PSY101", "sc-practice", {"total": 3.0})
    assert store.summary("PSY101").suppressed
    store.submit("PSY101", "sc-practice", {"total": 3.0})
    assert not store.summary("PSY101").suppressed


def test_summarise_matches_pandas_and_leaves_out_what_is_not_a_score():
    frame = pd.DataFrame(
        {
            "total": [2.0, 3.0, np.nan, 4.5],
            "self_kindness": [1.0, 2.0, 3.0, 4.0],
            "band": ["low", "mid", "", "high"],
            "n_answered": [12, 12, 3, 12],
        }
    )
    table = summarise(frame)
    assert tuple(table.columns) == SUMMARY_COLUMNS
    assert list(table["score"]) == ["total", "self_kindness"]
    total = table.set_index("score").loc["total"]
    assert total["n"] == 3 and table["n"].dtype.kind == "i"
    assert total["mean"] == pytest.approx(frame["total"].mean())
    assert total["sd"] == pytest.approx(np.std([2.0, 3.0, 4.5], ddof=1))
    assert (total["min"], total["max"]) == (2.0, 4.5)


def test_bins_and_shares():
    edges = bin_edges(1, 5, 4)
    assert edges.tolist() == [1, 2, 3, 4, 5]
    assert shares([1.0, 1.5, 5.0, 5.0], edges) == [50.0, 0.0, 0.0, 50.0]  # the last bin holds its right edge
    assert shares([], edges) == [0.0] * 4
    with pytest.raises(ValueError, match="hi > lo"):
        bin_edges(5, 1)


def _summary(tmp_path, n: int):
    store = ClassStore(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    store.open_class(code="PSY101", cap=None, minutes=90)
    for t in np.linspace(2, 4, n):
        store.submit("PSY101", "sc-practice", {"total": t, "compassionate": t, "self_kindness": t})
    return store.summary("PSY101", instrument="sc-practice")


def test_tables_and_csv_show_the_released_aggregates_only_and_nothing_while_suppressed(tmp_path):
    """Updated for the release rule (issue 12): means to one decimal of the first 5 of 6, no SD
    below 20, a four-item component only from 15, and a CSV without minimum or maximum."""
    inst = load_instrument("sc-practice")
    early = _summary(tmp_path, 4)
    assert early.suppressed and aggregate_csv(early) == ""
    assert halves_rows(early) == [] and subscale_rows(early, inst) == []
    (tmp_path / "a.sqlite3").unlink()
    s = _summary(tmp_path, 6)  # the first five: 2.0, 2.4, 2.8, 3.2, 3.6 (mean 2.8)
    assert halves_rows(s) == [
        ["Compassionate responding", "2.8", "from 20", "5"],
        ["Total", "2.8", "from 20", "5"],
    ]
    label = inst.subscales[0].label or "Self kindness"
    assert subscale_rows(s, inst) == [[label, "shown from 15 responses", "", ""]]
    head, *rows = aggregate_csv(s).splitlines()
    assert tuple(head.split(",")) == EXPORT_COLUMNS
    assert sorted(rows) == ["PSY101,sc-practice,compassionate,5,2.8,", "PSY101,sc-practice,total,5,2.8,"]


def test_the_csv_rounds_like_the_view_and_neutralises_formula_cells():
    from sclab.classroom.release import release

    totals = pd.DataFrame({"total": np.linspace(1.3, 4.6, 21)})
    s = release("=HYPERLINK(1)", "sc-practice", totals)
    frame = pd.read_csv(io.StringIO(aggregate_csv(s)))
    assert frame.loc[0, "class_code"] == "'=HYPERLINK(1)"  # a spreadsheet shows it as text
    assert (frame.loc[0, "n"], frame.loc[0, "mean"]) == (20, round(totals["total"][:20].mean(), 1))
    assert frame.loc[0, "sd"] == round(totals["total"][:20].std(), 1)
    assert "min" not in frame.columns and "max" not in frame.columns
