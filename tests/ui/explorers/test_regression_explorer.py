"""RegressionExplorer without a browser: build, drive every control, and check the coefficient plot
against statsmodels OLS fitted here, independently, on the widget's own data."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
import traitlets
from scipy.stats import percentileofscore

from sclab import simulate
from sclab.formatting import r_value
from sclab.lessons.regression import predictors
from sclab.ui import Questionnaire, RegressionExplorer
from support.widget_tree import walk

OUTCOME = "mtp_total"
PREDICTORS = {p.column: p.label for p in predictors()}


def ols(data: pd.DataFrame, predictors: list[str], standardise: bool):
    frame = data[[OUTCOME, *predictors]].dropna()
    if standardise:
        frame = (frame - frame.mean()) / frame.std()
    return smf.ols(f"{OUTCOME} ~ {' + '.join(predictors)}", data=frame).fit()


def assert_plot_is_ols(view: RegressionExplorer) -> None:
    fit = ols(view.data, view.predictors, bool(view.standardise.value))
    points = view.figure.data[0]
    assert list(points.y) == [PREDICTORS[p] for p in view.predictors]
    est = fit.params[view.predictors].to_numpy()
    ci = fit.conf_int(0.05).loc[view.predictors].to_numpy()
    np.testing.assert_allclose(points.x, est, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.array(points.x) - np.array(points.error_x.arrayminus), ci[:, 0], atol=1e-12)
    np.testing.assert_allclose(np.array(points.x) + np.array(points.error_x.array), ci[:, 1], atol=1e-12)
    assert f"R² = {r_value(fit.rsquared)}, n = {int(fit.nobs):,}" in view.text.value
    assert view.table.value.count("<tr>") == len(view.predictors) + 1


@pytest.fixture
def view() -> RegressionExplorer:
    return RegressionExplorer(n=230, seed=2021)


def test_builds_quietly_with_the_first_drawing_in_the_initial_state(capsys):
    v = RegressionExplorer(n=300, seed=4)
    assert capsys.readouterr().out == ""
    assert [t.name for t in v.figure.data] == ["Coefficient (95% interval)", "Simulated athletes", "You"]
    state = v.figure._widget_data
    assert len(state[0]["x"]) == 4 and len(state[1]["y"]) == 32 and state[2]["x"] == []
    assert sum(v.figure.data[1].y) == pytest.approx(100)
    for trace in v.figure.data:
        assert not isinstance(trace.x, np.ndarray) and not isinstance(trace.y, np.ndarray)


def test_the_plot_is_statsmodels_ols_for_every_predictor_set_and_scale(view):
    for standardise in (True, False):
        view.standardise.value = standardise
        assert_plot_is_ols(view)
        for col in PREDICTORS:
            view.checks[col].value = False
            assert col not in view.predictors
            assert_plot_is_ols(view)
            view.checks[col].value = True
    view.standardise.value = True
    fit = ols(view.data, view.predictors, True)
    assert abs(fit.params["Intercept"]) < 1e-12 and "beta" in view.table.value


def test_raw_units_differ_from_betas_by_the_sds(view):
    beta = np.array(view.figure.data[0].x)
    view.standardise.value = False
    raw = np.array(view.figure.data[0].x)
    sds = view.data[list(PREDICTORS)].std().to_numpy()
    np.testing.assert_allclose(raw * sds / view.data[OUTCOME].std(), beta, rtol=1e-9)


def test_the_last_predictor_cannot_be_removed(view):
    for col in list(PREDICTORS)[1:]:
        view.checks[col].value = False
    first = next(iter(PREDICTORS))
    view.checks[first].value = False
    assert view.checks[first].value is True and view.predictors == [first]
    assert "Keep at least one predictor" in view.message.value
    assert_plot_is_ols(view)
    view.checks["identity_total"].value = True
    assert view.message.value == ""


def test_a_large_sample_shows_the_published_directions():
    # Maranan & Lopez 2021: compassionate self-responding, identity and communication raise
    # toughness, uncompassionate self-responding lowers it.
    v = RegressionExplorer(n=2000, seed=1)
    coefs = v.result.coefs
    coef = dict(zip(coefs["term"], coefs["ci_low"], strict=True))
    high = dict(zip(coefs["term"], coefs["ci_high"], strict=True))
    assert coef["scp_compassionate"] > 0 and coef["identity_total"] > 0 and coef["communication_total"] > 0
    assert high["scp_uncompassionate"] < 0
    assert "interval below 0" in v.text.value and "interval above 0" in v.text.value


def test_sample_size_seed_and_new_sample(view):
    view.n.value = 500
    assert len(view.data) == 500 and "n = 500" in view.text.value
    pd.testing.assert_frame_equal(view.data, simulate("table-tennis-athletes", n=500, seed=2021))
    assert_plot_is_ols(view)
    before = list(view.figure.data[0].x)
    view.new_sample_button.click()
    assert view.seed.value == 2022 and "(seed 2022)" in view.provenance.value
    assert list(view.figure.data[0].x) != before
    assert_plot_is_ols(view)
    view.seed.value = 2021
    assert list(view.figure.data[0].x) == before  # the same seed gives the same sample


def test_your_score_from_the_questionnaire_is_marked_at_each_submission(view):
    q = Questionnaire("mt-practice")
    assert view.follow(q) is view and view.you is None
    q.set_answers({n: 4 if n % 3 else 2 for n in range(1, 13)})
    q.submit()
    total = q.scores["total"]
    you = view.figure.data[2]
    assert list(you.x) == [total, total] and f"You: {total:.2f}" in you.text
    values = view.data[OUTCOME].dropna().to_numpy()
    assert (
        f"About {percentileofscore(values, total, kind='mean'):.0f}% of this simulated" in view.you_text.value
    )
    assert "not a validated questionnaire" in view.you_text.value and "(SMTPI)" in view.you_text.value
    q.set_answers({1: 1})
    q.submit()  # a later submission moves "You"
    assert view.you == pytest.approx(q.scores["total"]) and view.you != pytest.approx(total)
    view.set_you(None)
    assert list(view.figure.data[2].x) == [] and view.you_text.value == ""


def test_a_questionnaire_submitted_before_follow_is_shown_at_once(view):
    q = Questionnaire("mt-practice", seed=6)
    q.use_simulated_respondent()
    q.submit()
    view.follow(q)
    assert view.you == pytest.approx(q.scores["total"])
    q.clear()
    assert view.you is None and view.you_text.value == ""


def test_front_end_values_are_validated(view):
    view.seed.value = -4
    assert view.seed.value == 0 and "(seed 0)" in view.provenance.value
    view.n.value = 10**6
    assert view.n.value == 2000 and len(view.data) == 2000
    with pytest.raises(traitlets.TraitError):
        view.standardise.value = "both"


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"n": 10}, "n must be a whole number of simulated athletes from 30 to 2000"),
        ({"n": 230.5}, "n must be a whole number"),
        ({"seed": -1}, "seed must be a whole number from 0"),
        ({"you": 7}, "your toughness total must lie on the 1-5 scale"),
        ({"you": float("nan")}, "your toughness total must be a finite number"),
    ],
)
def test_bad_arguments_are_refused_with_the_rule(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        RegressionExplorer(**kwargs)


@pytest.mark.parametrize("instrument", ["sc-practice", "co-practice"])
def test_follow_refuses_a_questionnaire_that_does_not_measure_mental_toughness(view, instrument):
    with pytest.raises(ValueError, match=rf"cannot follow a '{instrument}'.*toughness.*'mt-practice'"):
        view.follow(Questionnaire(instrument))


def test_every_control_is_labelled(view):
    found = [w for w in walk(view) if isinstance(w, (widgets.ValueWidget, widgets.Button))]
    found = [w for w in found if not isinstance(w, (widgets.HTML, widgets.Label))]
    assert len(found) == len(PREDICTORS) + 4
    assert all(w.description for w in found), "a control has no label"
    toggles = [w for w in found if isinstance(w, widgets.ToggleButtons)]
    assert toggles and all(len(w.tooltips) == len(w.options) for w in toggles)
    untipped = [w.description for w in found if w not in toggles and not w.tooltip]
    assert untipped == []
    # a half's tooltip names its components, from the instrument's subscales
    assert "(self-judgment, isolation, over-identification)" in view.checks["scp_uncompassionate"].tooltip
