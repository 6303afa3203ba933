"""sclab.stats.incremental against statsmodels' formula API and anova_lm, fitted here independently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm

from sclab import load_sample
from sclab.stats import incremental as inc

Y, SEV, SC = "parental_stress_total", "severity_total", "scs_total"


@pytest.fixture(scope="module")
def parents() -> pd.DataFrame:
    return load_sample("parents-autism")


def test_steps_match_anova_lm_of_the_nested_models(parents):
    out = inc.hierarchical_regression(parents, Y, [[SEV], [SC]])
    m1 = smf.ols(f"{Y} ~ {SEV}", data=parents).fit()
    m2 = smf.ols(f"{Y} ~ {SEV} + {SC}", data=parents).fit()
    table = anova_lm(m1, m2)
    assert out["r2"].tolist() == pytest.approx([m1.rsquared, m2.rsquared], abs=1e-12)
    assert out["adj_r2"].tolist() == pytest.approx([m1.rsquared_adj, m2.rsquared_adj], abs=1e-12)
    two = out.iloc[1]
    assert two["delta_r2"] == pytest.approx(m2.rsquared - m1.rsquared, abs=1e-12)
    assert two["f_change"] == pytest.approx(table["F"].iloc[1], rel=1e-9)
    assert two["p_val"] == pytest.approx(table["Pr(>F)"].iloc[1], rel=1e-9)
    assert (two["df_num"], two["df_den"]) == (1, 48)
    assert out["n"].tolist() == [51, 51]


def test_the_f_change_is_the_textbook_formula(parents):
    out = inc.hierarchical_regression(parents, Y, [[SEV], [SC]])
    r1, r2 = out["r2"]
    by_hand = ((r2 - r1) / 1) / ((1 - r2) / (51 - 2 - 1))
    assert out["f_change"].iloc[1] == pytest.approx(by_hand, rel=1e-9)


def test_step_one_is_the_overall_f_test_of_its_model(parents):
    out = inc.hierarchical_regression(parents, Y, [[SEV], [SC]])
    m1 = smf.ols(f"{Y} ~ {SEV}", data=parents).fit()
    one = out.iloc[0]
    assert one["delta_r2"] == pytest.approx(m1.rsquared, abs=1e-12)
    assert one["f_change"] == pytest.approx(m1.fvalue, rel=1e-9)
    assert one["p_val"] == pytest.approx(m1.f_pvalue, rel=1e-9)


def test_a_block_of_two_predictors_has_two_numerator_df(parents):
    out = inc.hierarchical_regression(parents, Y, [[SEV], [SC, "depression_total"]])
    m1 = smf.ols(f"{Y} ~ {SEV}", data=parents).fit()
    m2 = smf.ols(f"{Y} ~ {SEV} + {SC} + depression_total", data=parents).fit()
    assert out["df_num"].iloc[1] == 2
    assert out["f_change"].iloc[1] == pytest.approx(anova_lm(m1, m2)["F"].iloc[1], rel=1e-9)
    assert out["added"].tolist() == [SEV, f"{SC}, depression_total"]


def test_every_step_uses_the_same_complete_rows(parents):
    holed = parents.copy()
    holed.loc[holed.index[:5], SC] = np.nan  # missing only in the step-2 predictor
    out = inc.hierarchical_regression(holed, Y, [[SEV], [SC]])
    assert out["n"].tolist() == [46, 46]
    m1 = smf.ols(f"{Y} ~ {SEV}", data=holed.iloc[5:]).fit()
    assert out["r2"].iloc[0] == pytest.approx(m1.rsquared, abs=1e-12)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([[SEV], [SEV]], "enters at one step only"),
        ("severity_total", "list of steps"),
        ([], "list of steps"),
        ([[SEV], []], "step 2 must name at least one column"),
        ([[SEV], ["no_such"]], "unknown column 'no_such'"),
    ],
)
def test_bad_steps_are_refused_by_name(parents, steps, message):
    with pytest.raises(ValueError, match=message):
        inc.hierarchical_regression(parents, Y, steps)


def test_collinear_predictors_are_refused(parents):
    df = parents.assign(twice=parents[SEV] * 2)
    with pytest.raises(ValueError, match="collinear"):
        inc.hierarchical_regression(df, Y, [[SEV], ["twice"]])


def test_r2_and_weights_from_a_correlation_matrix_equal_ols_on_the_same_data(parents):
    cols = [Y, SEV, SC]
    r = parents[cols].corr()
    z = (parents[cols] - parents[cols].mean()) / parents[cols].std()
    fit = smf.ols(f"{Y} ~ {SEV} + {SC}", data=z).fit()
    assert inc.r2_from_correlations(r, Y, [SEV, SC]) == pytest.approx(fit.rsquared, abs=1e-12)
    w = inc.weights_from_correlations(r, Y, [SEV, SC])
    assert w[[SEV, SC]].to_numpy() == pytest.approx(fit.params[[SEV, SC]].to_numpy(), abs=1e-12)
    assert inc.r2_from_correlations(r, Y, [SEV]) == pytest.approx(r.loc[Y, SEV] ** 2, abs=1e-12)


def test_a_matrix_without_the_variable_is_refused(parents):
    with pytest.raises(ValueError, match=r"no row and column for \['nope'\]"):
        inc.r2_from_correlations(parents[[Y, SEV]].corr(), Y, ["nope"])


def test_partial_residuals_slope_is_the_full_model_coefficient(parents):
    part = inc.partial_residuals(parents, Y, SC, [SEV])
    full = smf.ols(f"{Y} ~ {SEV} + {SC}", data=parents).fit()
    assert part.attrs["coef"] == pytest.approx(full.params[SC], rel=1e-9)
    added = smf.ols("y_resid ~ x_resid", data=part).fit()
    assert added.params["x_resid"] == pytest.approx(full.params[SC], rel=1e-9)
    assert part["x_resid"].mean() == pytest.approx(0, abs=1e-9)
    assert np.corrcoef(part["x_resid"], parents[SEV])[0, 1] == pytest.approx(0, abs=1e-9)
