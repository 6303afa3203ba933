"""sclab.stats.correlation: one r against scipy and pingouin, two compared on worked examples, r by group.

Worked examples are recomputed by hand in the test, so a reader can follow them on paper.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from sclab import load_sample, stats
from sclab.stats.correlation import _fisher_ci


def test_fisher_interval_matches_scipy_and_pingouin():
    rng = np.random.default_rng(3)
    x = rng.normal(size=40)
    y = 0.5 * x + rng.normal(size=40)
    res = scipy.stats.pearsonr(x, y)
    low, high = _fisher_ci(res.statistic, 40)
    expected = res.confidence_interval(0.95)
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    by_pingouin = pingouin.compute_esci(stat=res.statistic, nx=40, ny=40, eftype="r", decimals=6)
    assert (low, high) == pytest.approx(tuple(by_pingouin), abs=1e-6)


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_correlation_matches_pingouin_listwise(adults, method, scalar):
    df = adults[["scs_total", "satisfaction"]].copy()
    df.loc[[0, 5], "scs_total"] = np.nan
    df.loc[[5, 9], "satisfaction"] = np.nan  # row 5 missing twice: 197 complete rows
    out = stats.correlation(df, "scs_total", "satisfaction", method=method)
    assert out.columns.tolist() == ["r", "ci_low", "ci_high", "p_val", "n"]
    ref = pingouin.corr(df["scs_total"], df["satisfaction"], method=method)  # drops NaN pairs itself
    assert scalar(out, "n") == 197 == int(ref["n"].iloc[0])
    assert scalar(out, "r") == pytest.approx(float(ref["r"].iloc[0]), abs=1e-12)
    assert scalar(out, "p_val") == pytest.approx(float(ref["p_val"].iloc[0]), rel=1e-9)
    # pingouin rounds its CI95 to 2 decimals; ours is full precision and rounds to the same
    assert [round(scalar(out, "ci_low"), 2), round(scalar(out, "ci_high"), 2)] == list(ref["CI95"].iloc[0])


def test_correlation_refuses_bad_input(adults):
    tennis = load_sample("table-tennis-athletes")
    with pytest.raises(ValueError, match="unknown column 'selfcomp'"):
        stats.correlation(adults, "selfcomp", "satisfaction")
    with pytest.raises(ValueError, match=r"column 'gender' holds .* needs numbers"):
        stats.correlation(tennis, "gender", "scp_total")
    with pytest.raises(ValueError, match=r"at least 4 complete rows .* got 3"):
        stats.correlation(adults.head(3), "scs_total", "satisfaction")
    with pytest.raises(ValueError, match="'k' has the same value"):
        stats.correlation(adults.assign(k=1.0), "k", "satisfaction")
    with pytest.raises(ValueError, match="given twice"):
        stats.correlation(adults, "distress", "distress")
    with pytest.raises(ValueError, match="method must be one of pearson, spearman"):
        stats.correlation(adults, "distress", "satisfaction", method="kendal")
    with pytest.raises(ValueError, match="data must be a pandas DataFrame"):
        stats.correlation(adults.to_dict(), "distress", "satisfaction")


def test_compare_correlations_worked_examples(scalar):
    # r1 = .50 vs r2 = .30, n = 100 each: z' = .5493 and .3095, SE = sqrt(2/97) = .1436,
    # z = .2398 / .1436 = 1.67, two-sided p = .095. (The brief's "about 1.71" does not survive the
    # hand calculation; 1.67 is also what R's cocor fisher1925 gives for these inputs.)
    out = stats.compare_correlations(0.50, 100, 0.30, 100)
    assert scalar(out, "z") == pytest.approx(1.670, abs=5e-4)
    assert scalar(out, "p_val") == pytest.approx(0.0949, abs=5e-4)
    assert scalar(out, "diff") == pytest.approx(0.20)
    assert scalar(out, "ci_low") < 0 < scalar(out, "ci_high")  # not significant, interval spans 0
    # Biostatistics For Dummies ch. 15: r = .4 (N 100) vs .6 (N 150): z' .424 vs .693, SE .131,
    # z = .269 / .131 = 2.05 with their rounded steps (2.06 unrounded), p < .05.
    out = stats.compare_correlations(0.6, 150, 0.4, 100)
    assert scalar(out, "z") == pytest.approx(2.05, abs=0.02)
    assert scalar(out, "p_val") < 0.05 and scalar(out, "ci_low") > 0
    assert out.columns.tolist() == ["diff", "ci_low", "ci_high", "z", "p_val", "n1", "n2"]


def test_zou_interval_reduces_to_one_fisher_interval_when_r2_is_known(scalar):
    # With n2 huge, r2 is known exactly and the interval of r1 - r2 is r1's own interval shifted.
    out = stats.compare_correlations(0.45, 60, 0.20, 10**12)
    low, high = _fisher_ci(0.45, 60)
    assert (scalar(out, "ci_low"), scalar(out, "ci_high")) == pytest.approx((low - 0.2, high - 0.2), abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    r1=st.floats(-0.95, 0.95),
    r2=st.floats(-0.95, 0.95),
    n1=st.integers(4, 5000),
    n2=st.integers(4, 5000),
)
def test_compare_correlations_is_antisymmetric(r1, r2, n1, n2, scalar):
    ab = stats.compare_correlations(r1, n1, r2, n2)
    ba = stats.compare_correlations(r2, n2, r1, n1)
    assert scalar(ab, "z") == pytest.approx(-scalar(ba, "z"), abs=1e-9)
    assert scalar(ab, "p_val") == pytest.approx(scalar(ba, "p_val"), abs=1e-9)
    assert scalar(ab, "ci_low") == pytest.approx(-scalar(ba, "ci_high"), abs=1e-9)
    assert scalar(ab, "ci_low") <= scalar(ab, "diff") <= scalar(ab, "ci_high")


def test_compare_correlations_refuses_bad_input():
    with pytest.raises(ValueError, match="r1 must be a correlation strictly between -1 and 1"):
        stats.compare_correlations(1.0, 50, 0.2, 50)
    with pytest.raises(ValueError, match="n2 must be a whole number, at least 4"):
        stats.compare_correlations(0.3, 50, 0.2, 3)


def test_split_at_puts_the_threshold_in_the_high_group():
    df = pd.DataFrame({"distress": [0.0, 9.99, 10.0, 25.0, np.nan]})
    groups = stats.split_at(df, "distress", 10)
    assert groups.tolist()[:4] == ["low", "low", "high", "high"] and pd.isna(groups.iloc[4])
    assert groups.name == "distress_group" and groups.cat.ordered
    assert stats.split_at(df, "distress", 10, labels=("calm", "distressed")).iloc[2] == "distressed"
    with pytest.raises(ValueError, match="unknown column 'stress'"):
        stats.split_at(df, "stress", 10)


def test_correlation_by_group_equals_correlation_within_each_group(adults, scalar):
    df = adults.assign(level=stats.split_at(adults, "distress", 25))
    out = stats.correlation_by_group(df, "scs_total", "satisfaction", "level")
    assert out["group"].tolist() == ["low", "high"]  # category order, not alphabetical
    assert out.columns.tolist() == ["group", "r", "ci_low", "ci_high", "p_val", "n"]
    for _, row in out.iterrows():
        alone = stats.correlation(df[df["level"] == row["group"]], "scs_total", "satisfaction")
        assert row[["r", "ci_low", "ci_high", "p_val", "n"]].tolist() == pytest.approx(alone.iloc[0].tolist())
    diff = stats.difference_test(out)
    by_hand = stats.compare_correlations(out["r"][0], int(out["n"][0]), out["r"][1], int(out["n"][1]))
    assert diff[["group1", "group2"]].iloc[0].tolist() == ["low", "high"]
    assert diff.drop(columns=["group1", "group2"]).iloc[0].tolist() == pytest.approx(by_hand.iloc[0].tolist())
    flipped = stats.difference_test(out, levels=("high", "low"))
    assert scalar(flipped, "z") == pytest.approx(-scalar(diff, "z"))


def test_correlation_by_group_names_a_group_that_is_too_small(adults):
    df = adults.assign(level=stats.split_at(adults, "distress", adults["distress"].max()))
    with pytest.raises(ValueError, match=r"group 'high' of 'level': .* at least 4 complete rows"):
        stats.correlation_by_group(df, "scs_total", "satisfaction", "level")
    three = pd.DataFrame({"group": ["a", "b", "c"], "r": [0.1, 0.2, 0.3], "n": [50, 50, 50]})
    with pytest.raises(ValueError, match=r"3 groups .* levels="):
        stats.difference_test(three)
