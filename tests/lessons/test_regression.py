"""The model behind RegressionExplorer: one fit checked against statsmodels OLS on the same data."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy.stats import percentileofscore

from sclab.formatting import ci, number, p_value, r_value, with_ci
from sclab.lessons import regression as model
from sclab.measure.instrument import load_instrument
from sclab.populations.simulate import simulate

COLUMNS = [p.column for p in model.predictors()]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return model.comparison(300, seed=8).data


def ols(data: pd.DataFrame, predictors: list[str], standardise: bool):
    frame = data[[model.OUTCOME, *predictors]].dropna()
    if standardise:
        frame = (frame - frame.mean()) / frame.std()
    return smf.ols(f"{model.OUTCOME} ~ {' + '.join(predictors)}", data=frame).fit()


def test_the_sample_is_the_seeded_simulation_of_the_card(data):
    pd.testing.assert_frame_equal(data, simulate(model.CARD, n=300, seed=8))


def test_the_predictors_are_the_instruments_halves_and_the_cards_other_scales():
    sc = load_instrument("sc-practice")
    assert COLUMNS == ["scp_compassionate", "scp_uncompassionate", "identity_total", "communication_total"]
    labels = [p.label for p in model.predictors()]
    assert labels[:2] == ["Compassionate self-responding", "Uncompassionate self-responding"]
    assert labels[2:] == ["Athletic identity", "Intra-team communication"]
    kind = [s.label.lower() for s in sc.subscales if s.polarity == "positive"]
    assert model.predictors()[0].detail == ", ".join(kind) == "self-kindness, common humanity, mindfulness"


@pytest.mark.parametrize("standardise", [True, False])
@pytest.mark.parametrize("k", [1, 2, 4])
def test_every_fit_is_statsmodels_ols_coefficients_intervals_p_r2_and_n(data, standardise, k):
    for predictors in itertools.combinations(COLUMNS, k):
        got = model.fit(data, predictors, standardise=standardise)
        ref = ols(data, list(predictors), standardise)
        assert got.coefs["term"].tolist() == list(predictors)
        np.testing.assert_allclose(got.coefs["coef"], ref.params[list(predictors)], rtol=1e-9)
        np.testing.assert_allclose(got.coefs["p_val"], ref.pvalues[list(predictors)], rtol=1e-7)
        conf = ref.conf_int(0.05).loc[list(predictors)].to_numpy()
        np.testing.assert_allclose(got.coefs[["ci_low", "ci_high"]].to_numpy(), conf, rtol=1e-9)
        assert got.intercept == pytest.approx(ref.params["Intercept"], abs=1e-9)
        assert got.r2 == pytest.approx(ref.rsquared, rel=1e-9) and got.n == int(ref.nobs) == 300


def test_the_histogram_is_numpys_over_the_instruments_range_in_percent(data):
    values = data[model.OUTCOME].to_numpy()
    hist = model.histogram(values)
    lo, hi = load_instrument("mt-practice").total_range()
    counts, edges = np.histogram(values, bins=np.linspace(lo, hi, model.BINS + 1))
    assert hist.shares.tolist() == pytest.approx((100 * counts / len(values)).tolist())
    assert hist.centres.tolist() == pytest.approx(((edges[:-1] + edges[1:]) / 2).tolist())
    assert sum(hist.shares) == pytest.approx(100)
    assert model.axis_title() == f"mental toughness total ({lo}-{hi})"


def test_the_texts_carry_the_fit_in_apa_style(data):
    f = model.fit(data, COLUMNS, standardise=True)
    ref = ols(data, COLUMNS, True)
    head, rest = model.summary(f)
    assert head == f"R² = {r_value(ref.rsquared)}, n = 300 simulated athletes."
    low, high = ref.conf_int(0.05).loc["identity_total"]
    assert (
        f"Athletic identity: {with_ci('beta', ref.params['identity_total'], low, high, bounded=False)},"
        in rest
    )
    caption, header, rows = model.coefficient_table(f)
    r2 = r_value(ref.rsquared, 3)
    assert caption == f"Regression of mental toughness on 4 predictor(s): R² = {r2}, n = 300"
    raw = model.coefficient_table(model.fit(data, COLUMNS, standardise=False))
    assert header[1] == "beta" and raw.header[1] == "coefficient"
    assert rows[2] == [
        "Athletic identity",
        number(ref.params["identity_total"], 3),
        ci(low, high, 3, bounded=False),
        p_value(ref.pvalues["identity_total"]),
    ]


def test_the_you_note_places_the_total_in_the_sample_and_is_no_verdict(data):
    values = data[model.OUTCOME].to_numpy()
    head, rest = model.you_note(3.4, values)
    assert head == "You: 3.40"
    assert f"About {percentileofscore(values, 3.4, kind='mean'):.0f}% of this simulated sample" in rest
    assert "not a validated questionnaire" in rest and "not as a judgement of you" in rest
