"""sclab.stats beyond alpha: every helper against the library it wraps or a worked example.

Worked examples are recomputed by hand in the test, so a reader can follow them on paper.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin
import pytest
import scipy.stats
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.power import TTestIndPower

from sclab import load_sample, stats
from sclab.stats.correlation import _fisher_ci


@pytest.fixture(scope="module")
def adults() -> pd.DataFrame:
    return load_sample("emerging-adults")


@pytest.fixture(scope="module")
def trial() -> pd.DataFrame:
    return load_sample("sc-intervention-trial")


def _scalar(frame: pd.DataFrame, column: str) -> float:
    assert len(frame) == 1
    return float(frame[column].iloc[0])


# --- correlation -------------------------------------------------------------------------------
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
def test_correlation_matches_pingouin_listwise(adults, method):
    df = adults[["scs_total", "satisfaction"]].copy()
    df.loc[[0, 5], "scs_total"] = np.nan
    df.loc[[5, 9], "satisfaction"] = np.nan  # row 5 missing twice: 197 complete rows
    out = stats.correlation(df, "scs_total", "satisfaction", method=method)
    assert out.columns.tolist() == ["r", "ci_low", "ci_high", "p_val", "n"]
    ref = pingouin.corr(df["scs_total"], df["satisfaction"], method=method)  # drops NaN pairs itself
    assert _scalar(out, "n") == 197 == int(ref["n"].iloc[0])
    assert _scalar(out, "r") == pytest.approx(float(ref["r"].iloc[0]), abs=1e-12)
    assert _scalar(out, "p_val") == pytest.approx(float(ref["p_val"].iloc[0]), rel=1e-9)
    # pingouin rounds its CI95 to 2 decimals; ours is full precision and rounds to the same
    assert [round(_scalar(out, "ci_low"), 2), round(_scalar(out, "ci_high"), 2)] == list(ref["CI95"].iloc[0])


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


def test_compare_correlations_worked_examples():
    # r1 = .50 vs r2 = .30, n = 100 each: z' = .5493 and .3095, SE = sqrt(2/97) = .1436,
    # z = .2398 / .1436 = 1.67, two-sided p = .095. (The brief's "about 1.71" does not survive the
    # hand calculation; 1.67 is also what R's cocor fisher1925 gives for these inputs.)
    out = stats.compare_correlations(0.50, 100, 0.30, 100)
    assert _scalar(out, "z") == pytest.approx(1.670, abs=5e-4)
    assert _scalar(out, "p_val") == pytest.approx(0.0949, abs=5e-4)
    assert _scalar(out, "diff") == pytest.approx(0.20)
    assert _scalar(out, "ci_low") < 0 < _scalar(out, "ci_high")  # not significant, interval spans 0
    # Biostatistics For Dummies ch. 15: r = .4 (N 100) vs .6 (N 150): z' .424 vs .693, SE .131,
    # z = .269 / .131 = 2.05 with their rounded steps (2.06 unrounded), p < .05.
    out = stats.compare_correlations(0.6, 150, 0.4, 100)
    assert _scalar(out, "z") == pytest.approx(2.05, abs=0.02)
    assert _scalar(out, "p_val") < 0.05 and _scalar(out, "ci_low") > 0
    assert out.columns.tolist() == ["diff", "ci_low", "ci_high", "z", "p_val", "n1", "n2"]


def test_zou_interval_reduces_to_one_fisher_interval_when_r2_is_known():
    # With n2 huge, r2 is known exactly and the interval of r1 - r2 is r1's own interval shifted.
    out = stats.compare_correlations(0.45, 60, 0.20, 10**12)
    low, high = _fisher_ci(0.45, 60)
    assert (_scalar(out, "ci_low"), _scalar(out, "ci_high")) == pytest.approx(
        (low - 0.2, high - 0.2), abs=1e-5
    )


@settings(max_examples=60, deadline=None)
@given(
    r1=st.floats(-0.95, 0.95),
    r2=st.floats(-0.95, 0.95),
    n1=st.integers(4, 5000),
    n2=st.integers(4, 5000),
)
def test_compare_correlations_is_antisymmetric(r1, r2, n1, n2):
    ab = stats.compare_correlations(r1, n1, r2, n2)
    ba = stats.compare_correlations(r2, n2, r1, n1)
    assert _scalar(ab, "z") == pytest.approx(-_scalar(ba, "z"), abs=1e-9)
    assert _scalar(ab, "p_val") == pytest.approx(_scalar(ba, "p_val"), abs=1e-9)
    assert _scalar(ab, "ci_low") == pytest.approx(-_scalar(ba, "ci_high"), abs=1e-9)
    assert _scalar(ab, "ci_low") <= _scalar(ab, "diff") <= _scalar(ab, "ci_high")


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


def test_correlation_by_group_equals_correlation_within_each_group(adults):
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
    assert _scalar(flipped, "z") == pytest.approx(-_scalar(diff, "z"))


def test_correlation_by_group_names_a_group_that_is_too_small(adults):
    df = adults.assign(level=stats.split_at(adults, "distress", adults["distress"].max()))
    with pytest.raises(ValueError, match=r"group 'high' of 'level': .* at least 4 complete rows"):
        stats.correlation_by_group(df, "scs_total", "satisfaction", "level")
    three = pd.DataFrame({"group": ["a", "b", "c"], "r": [0.1, 0.2, 0.3], "n": [50, 50, 50]})
    with pytest.raises(ValueError, match=r"3 groups .* levels="):
        stats.difference_test(three)


# --- unreliability -----------------------------------------------------------------------------
def test_spearman_correction_worked_example():
    # r = .40 between scales with reliabilities .80 and .80: .40 / sqrt(.64) = .50
    assert stats.disattenuate(0.40, 0.80, 0.80) == pytest.approx(0.50)
    assert stats.attenuate(0.50, 0.80, 0.80) == pytest.approx(0.40)
    curve = stats.attenuate(np.array([-0.54, 0.0, 0.47]), 0.87, np.array([0.9, 0.8, 0.7]))
    assert curve.shape == (3,) and curve[1] == 0
    with pytest.raises(ValueError, match="rel_x must be a reliability in"):
        stats.disattenuate(0.3, 0.0, 0.8)
    with pytest.raises(ValueError, match="rho must lie between -1 and 1"):
        stats.attenuate(1.2, 0.8, 0.8)


@settings(max_examples=100, deadline=None)
@given(r=st.floats(-1, 1), rel_x=st.floats(0.05, 1), rel_y=st.floats(0.05, 1))
def test_attenuate_undoes_disattenuate(r, rel_x, rel_y):
    rho = stats.disattenuate(r, rel_x, rel_y)
    assert abs(rho) >= abs(r) - 1e-12  # correcting never weakens a correlation
    if abs(rho) <= 1:
        assert stats.attenuate(rho, rel_x, rel_y) == pytest.approx(r, abs=1e-12)


# --- regression --------------------------------------------------------------------------------
def test_regression_matches_statsmodels(adults):
    df = adults.copy()
    df.loc[[3, 4], "friends"] = np.nan
    out = stats.regression(df, "satisfaction", ["distress", "scs_total", "friends"])
    ref = smf.ols("satisfaction ~ distress + scs_total + friends", data=df).fit()  # drops NaN rows
    assert out["term"].tolist() == ["Intercept", "distress", "scs_total", "friends"]
    assert out.columns.tolist() == ["term", "coef", "se", "t", "p_val", "ci_low", "ci_high"]
    np.testing.assert_allclose(out["coef"], ref.params, rtol=1e-10)
    np.testing.assert_allclose(out["se"], ref.bse, rtol=1e-10)
    np.testing.assert_allclose(out["t"], ref.tvalues, rtol=1e-10)
    np.testing.assert_allclose(out["p_val"], ref.pvalues, rtol=1e-8)
    np.testing.assert_allclose(out[["ci_low", "ci_high"]], ref.conf_int(), rtol=1e-10)
    fit = stats.regression_fit(df, "satisfaction", ["distress", "scs_total", "friends"])
    assert fit.iloc[0][["r2", "adj_r2", "f", "p_val"]].tolist() == pytest.approx(
        [ref.rsquared, ref.rsquared_adj, ref.fvalue, ref.f_pvalue]
    )
    assert fit.iloc[0][["df_model", "df_resid", "n"]].tolist() == [3, 194, 198]


def test_standardised_regression_gives_betas(adults):
    one = stats.regression(adults, "satisfaction", "scs_total", standardise=True)
    r = _scalar(stats.correlation(adults, "scs_total", "satisfaction"), "r")
    assert one["coef"].tolist() == pytest.approx([0.0, r], abs=1e-12)  # one predictor: beta = r
    z = adults[["satisfaction", "distress", "family"]].apply(lambda c: (c - c.mean()) / c.std(ddof=1))
    ref = smf.ols("satisfaction ~ distress + family", data=z).fit()
    two = stats.regression(adults, "satisfaction", ["distress", "family"], standardise=True)
    np.testing.assert_allclose(two["coef"], ref.params, atol=1e-12)
    raw_r2 = _scalar(stats.regression_fit(adults, "satisfaction", ["distress", "family"]), "r2")
    z_r2 = _scalar(
        stats.regression_fit(adults, "satisfaction", ["distress", "family"], standardise=True), "r2"
    )
    assert z_r2 == pytest.approx(raw_r2)


def test_regression_refuses_bad_input(adults):
    with pytest.raises(ValueError, match="collinear"):
        stats.regression(adults.assign(twice=2 * adults["distress"]), "satisfaction", ["distress", "twice"])
    with pytest.raises(ValueError, match="at least 4 complete rows"):
        stats.regression(adults.head(3), "satisfaction", ["distress", "family"])
    with pytest.raises(ValueError, match="unknown column 'age'"):
        stats.regression(adults, "satisfaction", ["age"])
    with pytest.raises(ValueError, match="standardise must be True or False"):
        stats.regression(adults, "satisfaction", ["distress"], standardise="yes")


# --- mediation ---------------------------------------------------------------------------------
MEDIATORS = ["scs_total", "friends", "family"]


def test_mediation_wraps_pingouin_and_is_deterministic(adults):
    calls: list[float] = []
    out = stats.mediation(
        adults, "distress", MEDIATORS, "satisfaction", n_boot=200, seed=7, progress=calls.append
    )
    assert calls == [0.0, 1.0]
    ref = pingouin.mediation_analysis(
        data=adults, x="distress", m=MEDIATORS, y="satisfaction", n_boot=200, seed=7
    )
    assert out.columns.tolist() == [
        "path", "effect", "mediator", "coef", "se", "p_val", "ci_low", "ci_high", "n",
    ]  # fmt: skip
    same = out["effect"] != "b"  # a, total, direct, indirect: pingouin's numbers, renamed
    np.testing.assert_allclose(
        out.loc[same, ["coef", "se", "p_val", "ci_low", "ci_high"]].to_numpy(),
        ref.loc[same.to_numpy(), ["coef", "se", "pval", "CI2.5", "CI97.5"]].to_numpy(),
        rtol=1e-12,
    )
    # b = each mediator's slope in satisfaction ~ distress + mediators, so a * b is the indirect effect
    full = smf.ols("satisfaction ~ distress + scs_total + friends + family", data=adults).fit()
    b = out[out["effect"] == "b"].set_index("mediator")
    np.testing.assert_allclose(b["coef"], full.params[MEDIATORS], rtol=1e-10)
    np.testing.assert_allclose(b["se"], full.bse[MEDIATORS], rtol=1e-10)
    a = out[out["effect"] == "a"].set_index("mediator")["coef"]
    indirect = out[out["effect"] == "indirect"].set_index("mediator")["coef"]
    np.testing.assert_allclose(a * b["coef"], indirect, rtol=1e-10)
    direct = out.loc[out["effect"] == "direct", "coef"].iloc[0]
    assert direct == pytest.approx(full.params["distress"], rel=1e-10)
    assert direct + indirect.sum() == pytest.approx(out.loc[out["effect"] == "total", "coef"].iloc[0])
    again = stats.mediation(adults, "distress", MEDIATORS, "satisfaction", n_boot=200, seed=7)
    pd.testing.assert_frame_equal(out, again)
    other = stats.mediation(adults, "distress", MEDIATORS, "satisfaction", n_boot=200, seed=8)
    assert not np.allclose(other["ci_low"], out["ci_low"])


def test_mediation_refuses_bad_input(adults):
    with pytest.raises(ValueError, match="n_boot must be a whole number, at least 100"):
        stats.mediation(adults, "distress", MEDIATORS, "satisfaction", n_boot=10, seed=1)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        stats.mediation(adults, "distress", MEDIATORS, "satisfaction", seed=-1)
    with pytest.raises(ValueError, match="column 'distress' is given twice"):
        stats.mediation(adults, "distress", ["distress"], "satisfaction", seed=1)
    with pytest.raises(ValueError, match="at least 6 complete rows"):
        stats.mediation(adults.head(5), "distress", ["family"], "satisfaction", seed=1)
    with pytest.raises(ValueError, match="unknown column 'support'"):
        stats.mediation(adults, "distress", ["support"], "satisfaction", seed=1)


# --- effect sizes ------------------------------------------------------------------------------
def test_cohens_d_and_hedges_g_match_pingouin(trial):
    levels = ("self_compassion", "usual_care")
    sc = trial.loc[trial["arm"] == levels[0], "scp_post_total"]
    tau = trial.loc[trial["arm"] == levels[1], "scp_post_total"]
    for fn, eftype, col in ((stats.cohens_d, "cohen", "d"), (stats.hedges_g, "hedges", "g")):
        out = fn(trial, "scp_post_total", "arm", levels=levels)
        assert out.columns.tolist() == ["group1", "group2", col, "ci_low", "ci_high", "n1", "n2"]
        value = pingouin.compute_effsize(sc, tau, eftype=eftype)
        assert _scalar(out, col) == pytest.approx(value, rel=1e-12)
        ci = pingouin.compute_esci(stat=value, nx=25, ny=25, eftype=eftype, decimals=6)
        assert (_scalar(out, "ci_low"), _scalar(out, "ci_high")) == pytest.approx(tuple(ci), abs=1e-6)
        flipped = fn(trial, "scp_post_total", "arm", levels=levels[::-1])
        assert _scalar(flipped, col) == pytest.approx(-_scalar(out, col))
    # d by the textbook formula: mean difference over the pooled SD
    pooled = math.sqrt((24 * sc.var(ddof=1) + 24 * tau.var(ddof=1)) / 48)
    d = _scalar(stats.cohens_d(trial, "scp_post_total", "arm", levels=levels), "d")
    assert d == pytest.approx((sc.mean() - tau.mean()) / pooled)


def test_cohens_d_refuses_bad_input(trial):
    with pytest.raises(ValueError, match=r"'arm' has 3 groups .* levels="):
        stats.cohens_d(trial, "scp_post_total", "arm")
    with pytest.raises(ValueError, match="levels must name two different groups"):
        stats.cohens_d(trial, "scp_post_total", "arm", levels=("self_compassion", "waitlist"))
    with pytest.raises(ValueError, match="column 'arm' holds"):
        stats.cohens_d(trial, "arm", "scp_post_total")


# --- power -------------------------------------------------------------------------------------
@pytest.mark.parametrize("equal_var", [True, False])
def test_simulated_power_agrees_with_statsmodels(equal_var):
    out = stats.power_by_simulation(0.5, 25, n_sims=20_000, seed=11, equal_var=equal_var)
    analytic = TTestIndPower().power(effect_size=0.5, nobs1=25, alpha=0.05, ratio=1.0)  # 0.410
    mc_se = math.sqrt(analytic * (1 - analytic) / 20_000)
    assert abs(_scalar(out, "power") - analytic) < 4 * mc_se
    assert _scalar(out, "n_sims") == 20_000 == _scalar(out, "n_sims_planned")


def test_power_at_no_effect_is_the_type_one_error_rate():
    out = stats.power_by_simulation(0.0, 15, n_sims=5000, seed=4)
    assert abs(_scalar(out, "power") - 0.05) < 4 * math.sqrt(0.05 * 0.95 / 5000)


def test_power_is_deterministic_whatever_the_chunk_size():
    a = stats.power_by_simulation(0.4, 30, n_sims=1000, seed=5, chunk_size=1000)
    b = stats.power_by_simulation(0.4, 30, n_sims=1000, seed=5, chunk_size=7)
    pd.testing.assert_frame_equal(a, b)
    c = stats.power_by_simulation(0.4, 30, n_sims=1000, seed=6)
    assert _scalar(c, "n_significant") != _scalar(a, "n_significant")


def test_power_reports_progress_and_honours_stop():
    fractions: list[float] = []
    stats.power_by_simulation(0.5, 20, n_sims=1000, seed=1, chunk_size=250, progress=fractions.append)
    assert fractions == [0.0, 0.25, 0.5, 0.75, 1.0]
    asked = []

    def stop_after_two() -> bool:
        asked.append(1)
        return len(asked) >= 2

    out = stats.power_by_simulation(0.5, 20, n_sims=1000, seed=1, chunk_size=100, should_stop=stop_after_two)
    assert _scalar(out, "n_sims") == 200 and _scalar(out, "n_sims_planned") == 1000
    first_200 = stats.power_by_simulation(0.5, 20, n_sims=200, seed=1)
    assert _scalar(out, "n_significant") == _scalar(first_200, "n_significant")


def test_power_curve_rows_equal_single_runs_and_stop_ends_the_curve():
    curve = stats.power_curve(0.5, [10, 30, 60], n_sims=300, seed=9)
    assert curve["n_per_arm"].tolist() == [10, 30, 60]
    for _, row in curve.iterrows():
        one = stats.power_by_simulation(0.5, int(row["n_per_arm"]), n_sims=300, seed=9)
        assert row.tolist() == one.iloc[0].tolist()
    fractions: list[float] = []
    calls = []
    part = stats.power_curve(
        0.5,
        [10, 30, 60],
        n_sims=300,
        seed=9,
        chunk_size=100,
        progress=fractions.append,
        should_stop=lambda: calls.append(1) or len(calls) >= 4,
    )
    # asked after chunks 1, 2 of n=10, after n=10 itself, then after chunk 1 of n=30: stop
    assert part["n_sims"].tolist() == [300, 100]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(400 / 900)


def test_power_refuses_bad_input():
    with pytest.raises(ValueError, match="n_per_arm must be a whole number, at least 2"):
        stats.power_by_simulation(0.5, 1, n_sims=100, seed=1)
    with pytest.raises(ValueError, match="alpha must be a number between 0 and 1"):
        stats.power_by_simulation(0.5, 20, n_sims=100, seed=1, alpha=5)
    with pytest.raises(ValueError, match="effect_size must be a number"):
        stats.power_by_simulation("medium", 20, n_sims=100, seed=1)
    with pytest.raises(ValueError, match="ns must list at least one"):
        stats.power_curve(0.5, [], n_sims=100, seed=1)


def test_every_interval_uses_the_shared_column_names(adults, trial):
    frames = [
        stats.correlation(adults, "distress", "satisfaction"),
        stats.compare_correlations(0.3, 50, 0.1, 50),
        stats.regression(adults, "satisfaction", ["distress"]),
        stats.cohens_d(trial, "gad_post", "arm", levels=("self_compassion", "usual_care")),
        stats.power_by_simulation(0.5, 20, n_sims=50, seed=1),
    ]
    for frame in frames:
        assert {stats.CI_LOW, stats.CI_HIGH} <= set(frame.columns)
        assert (frame[stats.CI_LOW] <= frame[stats.CI_HIGH]).all()
