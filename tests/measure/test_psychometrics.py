"""sclab.measure.psychometrics (here ``pm``): item-total correlations, keying, short sets and the error
band, checked by hand and against pandas, numpy and pingouin."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin
import pytest

from sclab import load_instrument, simulate
from sclab.measure import psychometrics as pm
from sclab.stats import cronbach_alpha

SCS = load_instrument("scs", wording=False)
#: The published reverse-keyed items of the SCS (Neff 2003): self-judgment, isolation, over-identification.
REVERSED = [1, 8, 11, 16, 21, 4, 13, 18, 25, 2, 6, 20, 24]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return simulate("students-scs", n=2000, seed=11)


def test_item_total_r_matches_a_hand_computation():
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4], "c": [2, 2, 3, 3]})
    # a against b + c = [3, 5, 5, 7]: deviations (-1.5, -.5, .5, 1.5) and (-2, 0, 0, 2): 6 / sqrt(5 * 8)
    # b against a + c = [3, 4, 6, 7]: deviations (-1.5, .5, -.5, 1.5) and (-2, -1, 1, 2): 5 / sqrt(5 * 10)
    out = pm.item_total_correlations(items)
    assert out.columns.tolist() == ["item", "r"]
    assert out["item"].tolist() == ["a", "b", "c"]
    assert out["r"].tolist() == pytest.approx([6 / math.sqrt(40), 5 / math.sqrt(50), 5 / math.sqrt(50)])


def test_item_total_r_matches_pandas_corrwith_on_a_simulated_scale(sample):
    items = SCS.keyed(sample)
    rest = pd.DataFrame({c: items.drop(columns=c).sum(axis=1) for c in items})
    expected = items.corrwith(rest)
    got = pm.item_total_correlations(items).set_index("item")["r"]
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-12)


def test_item_total_r_leaves_out_incomplete_rows_and_flags_constant_items():
    items = pd.DataFrame({"a": [1, 2, 3, 4, np.nan], "b": [1, 3, 2, 4, 5], "c": [2, 2, 3, 3, 1]})
    complete = items.dropna()
    assert pm.item_total_correlations(items)["r"].tolist() == pytest.approx(
        pm.item_total_correlations(complete)["r"].tolist()
    )
    flat = pd.DataFrame({"a": [1, 2, 3], "b": [3, 2, 2], "c": [4, 4, 4]})
    assert math.isnan(pm.item_total_correlations(flat)["r"].iloc[2])


@pytest.mark.parametrize(
    ("frame", "rule"),
    [
        (pd.DataFrame({"a": [1, 2, 3]}), "at least 2 item columns"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 1]}), "at least 3 rows"),
    ],
)
def test_item_total_r_refuses_too_little_data(frame, rule):
    with pytest.raises(ValueError, match=rule):
        pm.item_total_correlations(frame)


def test_keying_sets_follow_the_published_key():
    sets = pm.keying_sets(SCS)
    assert tuple(sets) == pm.KEYINGS
    assert sorted(sets["correct"]) == sorted(f"scs_{i}" for i in REVERSED)
    assert sets["none"] == []
    assert sets["first_negative_only"] == [f"scs_{i}" for i in (1, 8, 11, 16, 21)]


def test_apply_key_reverses_exactly_the_named_items_and_never_the_input(sample):
    before = sample.copy()
    raw = pm.apply_key(SCS, sample, [])
    assert raw.to_numpy() == pytest.approx(sample[SCS.item_ids].to_numpy(dtype=float))
    assert pm.apply_key(SCS, sample, pm.keying_sets(SCS)["correct"]).equals(SCS.keyed(sample))
    one = pm.apply_key(SCS, sample, ["scs_5"])
    assert (one["scs_5"] == 6 - sample["scs_5"]).all() and (one["scs_1"] == sample["scs_1"]).all()
    pd.testing.assert_frame_equal(sample, before)
    bad = sample.head(1).copy()
    bad["scs_3"] = 9
    assert math.isnan(pm.apply_key(SCS, bad, [])["scs_3"].iloc[0])
    with pytest.raises(ValueError, match=r"cannot reverse \['q_1'\]: not items of SCS"):
        pm.apply_key(SCS, sample, ["q_1"])


def test_alpha_by_keying_agrees_with_pingouin_and_falls_without_the_key(sample):
    table = pm.alpha_with_and_without_keying(SCS, sample).set_index("keying")
    assert table.columns.tolist() == [
        "n_reversed", "alpha", "ci_low", "ci_high", "n", "k", "r_positive", "r_negative"
    ]  # fmt: skip
    keyed_alpha, _ = pingouin.cronbach_alpha(SCS.keyed(sample))
    raw_alpha, _ = pingouin.cronbach_alpha(sample[SCS.item_ids].astype(float))
    assert table.loc["correct", "alpha"] == pytest.approx(keyed_alpha)
    assert table.loc["none", "alpha"] == pytest.approx(raw_alpha)
    assert table.loc["correct", "alpha"] > 0.8 > table.loc["none", "alpha"] + 0.15
    assert table["n_reversed"].tolist() == [13, 0, 5]
    # with a wrong key, the items left raw point against the rest of the scale
    assert table.loc["first_negative_only", "r_negative"] < table.loc["correct", "r_negative"]
    wrong = pm.item_total_correlations(pm.apply_key(SCS, sample, pm.keying_sets(SCS)["first_negative_only"]))
    left_raw = [f"scs_{i}" for i in (4, 13, 18, 25, 2, 6, 20, 24)]
    assert (wrong.set_index("item").loc[left_raw, "r"] < 0).all()


@pytest.mark.parametrize("k", [4, 6, 12, 26])
def test_balanced_subset_spreads_items_over_components_and_sides(k):
    cols = pm.balanced_subset(SCS, k)
    assert len(cols) == len(set(cols)) == k
    by_sub = pd.Series([SCS.items[int(c.split("_")[1]) - 1].subscale for c in cols]).value_counts()
    assert by_sub.max() - by_sub.min() <= 1 or k == 26
    n_reversed = sum(int(c.split("_")[1]) in REVERSED for c in cols)
    assert n_reversed == k // 2


@pytest.mark.parametrize("k", [0, 27, 2.5, True])
def test_balanced_subset_refuses_impossible_sizes(k):
    with pytest.raises(ValueError, match="k must be a whole number of items from 1 to 26"):
        pm.balanced_subset(SCS, k)


def test_short_form_summary_agrees_with_numpy_and_pingouin(sample):
    cols = pm.balanced_subset(SCS, 8)
    short = pm.short_total(SCS, sample, cols)
    assert short.to_numpy() == pytest.approx(SCS.keyed(sample)[cols].mean(axis=1).to_numpy())
    row = pm.short_form_summary(SCS, sample, 8).iloc[0]
    assert row["r"] == pytest.approx(np.corrcoef(short, SCS.score(sample)["total"])[0, 1])
    assert row["alpha"] == pytest.approx(float(cronbach_alpha(SCS.keyed(sample)[cols])["alpha"].iloc[0]))
    assert row["n"] == len(sample)
    r4, r26 = (pm.short_form_summary(SCS, sample, k)["r"].iloc[0] for k in (4, 26))
    assert r4 < row["r"] < r26


def test_sem_and_band_by_hand_and_as_the_instrument_computes_them():
    assert pm.sem(0.61, 0.87) == pytest.approx(0.61 * math.sqrt(0.13))
    assert pm.sem(0.61, 0.87) == pytest.approx(SCS.sem())
    low, high = pm.error_band(3.0, 0.61, 0.87)
    assert (low, high) == pytest.approx((3.0 - 1.96 * 0.21994, 3.0 + 1.96 * 0.21994), abs=1e-3)


@pytest.mark.parametrize(
    ("sd", "alpha", "rule"),
    [
        (0, 0.8, "sd must be a positive number"),
        (float("nan"), 0.8, "sd must be a positive number"),
        (0.6, 1.0, "alpha must be at least 0 and below 1"),
        (0.6, -0.1, "alpha must be at least 0 and below 1"),
        (0.6, float("nan"), "alpha must be at least 0 and below 1"),
    ],
)
def test_sem_refuses_impossible_inputs(sd, alpha, rule):
    with pytest.raises(ValueError, match=rule):
        pm.sem(sd, alpha)


def test_observed_scores_spread_by_the_sem_repeat_with_the_seed_and_stay_on_the_scale():
    a = pm.observed_scores(3.0, 0.61, 0.87, n=50_000, seed=3)
    assert np.array_equal(a, pm.observed_scores(3.0, 0.61, 0.87, n=50_000, seed=3))
    assert a.std() == pytest.approx(pm.sem(0.61, 0.87), rel=0.02)
    low, high = pm.error_band(3.0, 0.61, 0.87)
    assert np.mean((a >= low) & (a <= high)) == pytest.approx(0.95, abs=0.005)
    edge = pm.observed_scores(4.9, 0.61, 0.5, n=1000, seed=3, clip=(1, 5))
    assert edge.max() == 5 and edge.min() >= 1
    with pytest.raises(ValueError, match="true_score must be a finite number"):
        pm.observed_scores(float("inf"), 0.61, 0.87)
    with pytest.raises(ValueError, match="n must be a whole number of draws"):
        pm.observed_scores(3.0, 0.61, 0.87, n=0)
