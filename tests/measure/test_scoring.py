"""Scoring: hand-worked examples, agreement with an independent implementation, and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sclab
from sclab.measure.scoring import keyed_answers, score, score_columns
from support.published_keys import SCS, scs_by_hand, scs_sf_by_hand

IDS = sclab.instrument_ids()


def answers(inst, rows):
    """A frame of answers in the instrument's own columns from a list of {number: value} or lists."""
    data = [r if isinstance(r, dict) else dict(enumerate(r, start=1)) for r in rows]
    return pd.DataFrame([{inst.item_id(n): v for n, v in d.items()} for d in data])


def constant(inst, value):
    return answers(inst, [[value] * inst.n_items])


# --- hand-worked examples -------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 5])
def test_scs_all_lowest_and_all_highest_land_in_the_middle(value):
    # Answering every item the same: positive subscales = value, negative keyed = 6 - value,
    # so the grand mean of the six keyed subscale means is (3 * value + 3 * (6 - value)) / 6 = 3.
    scs = sclab.load_instrument("scs")
    row = scs.score(constant(scs, value)).iloc[0]
    assert row["self_kindness"] == value and row["self_judgment"] == value  # subscales are raw
    assert row["total"] == 3.0 and row["band"] == "moderate" and row["status"] == "complete"
    assert row["compassionate"] == value and row["uncompassionate"] == value


@pytest.mark.parametrize(("positive", "negative", "total", "band"), [(5, 1, 5.0, "high"), (1, 5, 1.0, "low")])
def test_scs_fully_compassionate_and_fully_uncompassionate(positive, negative, total, band):
    scs = sclab.load_instrument("scs")
    row = scs.score(
        answers(scs, [{it.number: negative if it.reversed else positive for it in scs.items}])
    ).iloc[0]
    assert row["total"] == total and row["band"] == band
    assert row["compassionate"] == positive and row["uncompassionate"] == negative


def test_scs_sf_worked_example():
    # Items 1..12 answered 2,4,3,1,5,4,3,2,1,5,2,3. Reversed items 1,4,8,9,11,12 become
    # 4,5,4,5,4,3 (sum 25); the others 4,3,5,4,3,5 (sum 24); total 49 / 12.
    sf = sclab.load_instrument("scs-sf")
    row = sf.score(answers(sf, [[2, 4, 3, 1, 5, 4, 3, 2, 1, 5, 2, 3]])).iloc[0]
    assert row["total"] == pytest.approx(49 / 12, abs=1e-12)
    assert row["band"] == "high"
    assert row["self_judgment"] == 2.5  # items 11 and 12, raw: (2 + 3) / 2


def test_mt_practice_keyed_subscales_worked_example():
    mt = sclab.load_instrument("mt-practice")
    # every item 4: a reverse-worded item counts 6 - 4 = 2, so each keyed subscale is (3*4 + 2) / 4
    row = mt.score(constant(mt, 4)).iloc[0]
    assert {row["confidence"], row["constancy"], row["control"]} == {3.5}
    assert row["total"] == pytest.approx((9 * 4 + 3 * 2) / 12)
    assert "compassionate" not in row.index and pd.isna(row["band"])  # no polarity, no bands


def test_sc_practice_and_co_practice_reverse_only_their_negative_items():
    for inst_id in ("sc-practice", "co-practice"):
        inst = sclab.load_instrument(inst_id)
        row = inst.score(answers(inst, [{it.number: 1 if it.reversed else 5 for it in inst.items}])).iloc[0]
        assert row["total"] == 5.0 and row["uncompassionate"] == 1.0 and row["compassionate"] == 5.0


# --- an independent implementation of the published keys ------------------------------


@pytest.mark.parametrize(
    ("inst_id", "by_hand", "seed"), [("scs", scs_by_hand, 2003), ("scs-sf", scs_sf_by_hand, 2011)]
)
def test_agrees_with_an_independent_implementation(inst_id, by_hand, seed):
    inst = sclab.load_instrument(inst_id)
    grid = np.random.default_rng(seed).integers(1, 6, size=(400, inst.n_items))
    scored = inst.score(pd.DataFrame(grid, columns=inst.item_ids))
    for i, row in enumerate(grid):
        expected = by_hand({n: int(v) for n, v in enumerate(row, start=1)})
        got = scored.iloc[i]
        for name, value in expected.items():
            assert math.isclose(got[name], value, rel_tol=0, abs_tol=1e-12), (i, name)


def test_total_rules_differ_as_documented():
    scs = sclab.load_instrument("scs")
    # self-kindness (5 items) all 5, everything else 3: the rules weigh the 5-item subscale differently
    frame = answers(scs, [{it.number: 5 if it.subscale == "self_kindness" else 3 for it in scs.items}])
    grand = scs.score(frame).iloc[0]
    summed = scs.score(frame, total_rule="sum_of_subscale_means").iloc[0]
    items = scs.score(frame, total_rule="mean_of_items").iloc[0]
    assert grand["total"] == pytest.approx((5 + 3 * 5) / 6)
    assert summed["total"] == pytest.approx(5 + 3 * 5) and pd.isna(summed["band"])
    assert items["total"] == pytest.approx((5 * 5 + 21 * 3) / 26)
    assert grand["total"] != items["total"]


# --- measurement error ----------------------------------------------------------------


def test_interval_is_total_plus_minus_1_96_sem_clipped_to_the_range():
    scs = sclab.load_instrument("scs")
    sem = 0.61 * math.sqrt(1 - 0.87)
    mid = scs.score(constant(scs, 3)).iloc[0]
    assert mid["total_ci_low"] == pytest.approx(3 - 1.959964 * sem, abs=1e-6)
    assert mid["total_ci_high"] == pytest.approx(3 + 1.959964 * sem, abs=1e-6)
    top = scs.score(answers(scs, [{it.number: 1 if it.reversed else 5 for it in scs.items}])).iloc[0]
    assert top["total_ci_high"] == 5.0 and top["total_ci_low"] == pytest.approx(5 - 1.959964 * sem, abs=1e-6)


@pytest.mark.parametrize(
    ("value", "band"), [(2.49, "low"), (2.5, "moderate"), (3.5, "moderate"), (3.51, "high")]
)
def test_band_edges_follow_the_published_ranges(value, band):
    scs = sclab.load_instrument("scs")
    from sclab.measure.scoring import _bands

    assert _bands(scs, np.array([value]), "mean_of_subscale_means")[0] == band


# --- flags and the missing-answer rule --------------------------------------------------


def test_bad_answers_are_flagged_kept_and_named():
    scs = sclab.load_instrument("scs")
    base = {n: 3 for n in range(1, 27)}
    rows = [
        dict(base),
        {**base, 4: None},
        {**base, 5: "often"},
        {**base, 7: 6},
        {**base, 9: 2.5},
        {**base, 4: None, 13: None, 18: None},
    ]
    frame = answers(scs, rows).astype(object)
    frame.index = [10, 11, 12, 13, 14, 15]
    out = scs.score(frame)
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    assert list(out["status"]) == ["complete", "partial", "partial", "partial", "partial", "unscored"]
    assert out.loc[10, "flags"] == ""
    assert out.loc[11, "flags"] == "missing: scs_4"
    assert out.loc[12, "flags"] == "not a number: scs_5='often'"
    assert out.loc[13, "flags"] == "out of range 1-5: scs_7=6"
    assert out.loc[14, "flags"] == "not a whole number: scs_9=2.5"
    assert "isolation not scored: 1 valid answer, needs 2" in out.loc[15, "flags"]
    assert "total not scored" in out.loc[15, "flags"] and pd.isna(out.loc[15, "total"])
    assert list(out["n_answered"]) == [26, 25, 25, 25, 25, 23]
    # a partly answered subscale is the mean of what was answered
    assert out.loc[11, "isolation"] == 3.0 and not pd.isna(out.loc[11, "total"])


def test_half_of_a_subscale_is_enough_but_less_is_not():
    scs = sclab.load_instrument("scs")
    base = {n: 4 for n in range(1, 27)}
    two_of_four = {**base, 4: None, 13: None}  # isolation: 2 of 4 answered -> scored
    two_of_five = {**base, 5: None, 12: None, 19: None}  # self-kindness: 2 of 5 -> not scored
    out = scs.score(answers(scs, [two_of_four, two_of_five]))
    assert out.loc[0, "isolation"] == 4.0 and out.loc[0, "status"] == "partial"
    assert pd.isna(out.loc[1, "self_kindness"]) and out.loc[1, "status"] == "unscored"
    assert "self_kindness not scored: 2 valid answers, needs 3" in out.loc[1, "flags"]


def test_text_numbers_are_read_and_the_input_is_not_mutated():
    scs = sclab.load_instrument("scs")
    frame = answers(scs, [[" 3 "] * 26, ["4"] * 25 + [""]]).astype(object)
    before = frame.copy(deep=True)
    out = scs.score(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert out.loc[0, "status"] == "complete" and out.loc[1, "flags"] == "missing: scs_26"


def test_missing_item_columns_are_named():
    scs = sclab.load_instrument("scs")
    frame = constant(scs, 3).drop(columns=["scs_4", "scs_18"])
    with pytest.raises(
        ValueError, match=r"2 of 26 scs item columns not found .*scs_4 \(item 4\), scs_18 \(item 18\)"
    ):
        scs.score(frame)


def test_patterns_mappings_and_prefix():
    sf = sclab.load_instrument("scs-sf")
    frame = pd.DataFrame([{f"Q{n}": 3 for n in range(1, 13)}])
    by_pattern = sf.score(frame, items="Q{n}", prefix="sf_")
    by_mapping = sf.score(frame, items={n: f"Q{n}" for n in range(1, 13)}, prefix="sf_")
    pd.testing.assert_frame_equal(by_pattern, by_mapping)
    assert list(by_pattern.columns) == ["sf_" + c for c in score_columns(sf)]
    with pytest.raises(ValueError, match=r"must contain '\{n\}' exactly once"):
        sf.score(frame, items="Q")


def test_the_answers_go_in_as_data():
    sf = sclab.load_instrument("scs-sf")
    frame = constant(sf, 2)
    pd.testing.assert_frame_equal(score(sf, data=frame), sf.score(frame))
    pd.testing.assert_frame_equal(keyed_answers(sf, data=frame), sf.keyed(frame))


def test_keyed_answers_reverse_only_the_reversed_items():
    scs = sclab.load_instrument("scs")
    keyed = scs.keyed(constant(scs, 2)).iloc[0]
    for name, (numbers, rev) in SCS.items():
        assert {keyed[f"scs_{n}"] for n in numbers} == {4.0 if rev else 2.0}, name


# --- properties ---------------------------------------------------------------------------


def _grid(inst):
    lo, hi = inst.response.min, inst.response.max
    return arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.just(inst.n_items)),
        elements=st.one_of(st.integers(lo, hi).map(float), st.just(np.nan)),
    )


@pytest.mark.parametrize("inst_id", IDS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_score_lies_within_the_response_range(inst_id, data):
    inst = sclab.load_instrument(inst_id)
    grid = data.draw(_grid(inst))
    out = inst.score(pd.DataFrame(grid, columns=inst.item_ids))
    lo, hi = inst.response.min, inst.response.max
    scores = out[[c for c in score_columns(inst) if c not in ("band", "n_answered", "status", "flags")]]
    finite = scores.to_numpy(dtype=float)
    finite = finite[~np.isnan(finite)]
    assert ((finite >= lo - 1e-12) & (finite <= hi + 1e-12)).all()
    assert (out["status"] == "unscored").eq(out["total"].isna()).all()


@pytest.mark.parametrize("inst_id", IDS)
@pytest.mark.parametrize(
    "rule", ["mean_of_subscale_means", "sum_of_subscale_means", "mean_of_items", "sum_of_items"]
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_reversing_every_answer_mirrors_the_total(inst_id, rule, data):
    inst = sclab.load_instrument(inst_id)
    lo, hi = inst.response.min, inst.response.max
    grid = data.draw(
        arrays(np.int64, st.tuples(st.integers(1, 8), st.just(inst.n_items)), elements=st.integers(lo, hi))
    )
    t = inst.score(pd.DataFrame(grid, columns=inst.item_ids), total_rule=rule)["total"].to_numpy()
    mirrored = inst.score(pd.DataFrame(lo + hi - grid, columns=inst.item_ids), total_rule=rule)[
        "total"
    ].to_numpy()
    t_lo, t_hi = inst.total_range(rule)
    np.testing.assert_allclose(mirrored, t_lo + t_hi - t, atol=1e-9)


@pytest.mark.parametrize("inst_id", IDS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_column_order_does_not_matter(inst_id, data):
    inst = sclab.load_instrument(inst_id)
    frame = pd.DataFrame(data.draw(_grid(inst)), columns=inst.item_ids)
    frame["respondent"] = range(len(frame))
    order = data.draw(st.permutations(list(frame.columns)))
    pd.testing.assert_frame_equal(inst.score(frame), inst.score(frame[order]))
