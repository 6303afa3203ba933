"""sclab.stats.regression: ordinary least squares against statsmodels, standardised betas, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from sclab import stats


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


def test_standardised_regression_gives_betas(adults, scalar):
    one = stats.regression(adults, "satisfaction", "scs_total", standardise=True)
    r = scalar(stats.correlation(adults, "scs_total", "satisfaction"), "r")
    assert one["coef"].tolist() == pytest.approx([0.0, r], abs=1e-12)  # one predictor: beta = r
    z = adults[["satisfaction", "distress", "family"]].apply(lambda c: (c - c.mean()) / c.std(ddof=1))
    ref = smf.ols("satisfaction ~ distress + family", data=z).fit()
    two = stats.regression(adults, "satisfaction", ["distress", "family"], standardise=True)
    np.testing.assert_allclose(two["coef"], ref.params, atol=1e-12)
    raw_r2 = scalar(stats.regression_fit(adults, "satisfaction", ["distress", "family"]), "r2")
    z_r2 = scalar(
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


@pytest.mark.parametrize("standardise", [False, True])
def test_regression_with_fit_is_both_frames_from_one_fit(adults, standardise):
    terms, fit = stats.regression_with_fit(
        adults, "satisfaction", ["distress", "family"], standardise=standardise
    )
    alone = stats.regression(adults, "satisfaction", ["distress", "family"], standardise=standardise)
    summary = stats.regression_fit(adults, "satisfaction", ["distress", "family"], standardise=standardise)
    pd.testing.assert_frame_equal(terms, alone)
    pd.testing.assert_frame_equal(fit, summary)
    ref = smf.ols("satisfaction ~ distress + family", data=adults).fit()
    assert fit["r2"].iloc[0] == pytest.approx(ref.rsquared, rel=1e-12)
