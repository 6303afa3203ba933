"""IncrementalValidityExplorer without a browser: build, drive every control, and check the bars,
the partial-regression plot and the text against statsmodels fitted here on the widget's own data."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm

from sclab import simulate
from sclab.formatting import number, r_value
from sclab.lessons import incremental_validity as model
from sclab.ui import IncrementalValidityExplorer
from support.widget_tree import controls


def assert_shows_the_nested_ols(view: IncrementalValidityExplorer) -> None:
    scores = view.scores.value
    y, sev, sc = (
        model.column(v, scores) for v in (view.outcome.value, model.SEVERITY, model.SELF_COMPASSION)
    )
    m1 = smf.ols(f"{y} ~ {sev}", data=view.data).fit()
    m2 = smf.ols(f"{y} ~ {sev} + {sc}", data=view.data).fit()
    f = anova_lm(m1, m2)["F"].iloc[1]
    mine, card, points, line = view.figure.data
    np.testing.assert_allclose(mine.y, [m1.rsquared, m2.rsquared], atol=1e-12)
    pop = model.population(view.outcome.value, scores)
    np.testing.assert_allclose(card.y, [pop.r2_step1, pop.r2_step2], atol=1e-12)
    assert len(points.x) == len(view.data) == int(view.n.value)
    slope = (line.y[1] - line.y[0]) / (line.x[1] - line.x[0])
    assert slope == pytest.approx(m2.params[sc], rel=1e-9)
    assert f"ΔR² = {r_value(m2.rsquared - m1.rsquared, 3)}" in view.text.value
    assert f"= {number(f)}" in view.text.value and f"= {number(f)}" in view.table.value
    assert r_value(pop.delta_r2, 3) in view.table.value


@pytest.fixture
def view() -> IncrementalValidityExplorer:
    return IncrementalValidityExplorer(n=51, seed=2014)


def test_builds_quietly_with_the_first_drawing_in_the_initial_state(capsys):
    v = IncrementalValidityExplorer(n=80, seed=3)
    assert capsys.readouterr().out == ""
    assert [t.name for t in v.figure.data] == [
        "This sample",
        "Card (population)",
        "Parents (net of severity)",
        "Slope (step-2 coefficient)",
    ]
    state = v.figure._widget_data
    assert len(state[0]["y"]) == 2 and len(state[2]["x"]) == 80
    for trace in v.figure.data:
        assert not isinstance(trace.x, np.ndarray) and not isinstance(trace.y, np.ndarray)
    assert_shows_the_nested_ols(v)


def test_every_outcome_and_both_kinds_of_scores(view):
    seen = set()
    for outcome in model.OUTCOMES:
        view.outcome.value = outcome
        for scores in ("observed", "true"):
            view.scores.value = scores
            assert view.analysis.outcome == outcome and view.analysis.scores == scores
            assert_shows_the_nested_ols(view)
            seen.add(tuple(view.figure.data[0].y))
    assert len(seen) == 6  # each choice redraws with its own figures
    assert "true scores" in view.table.value
    label = dict(view.outcome.options)
    assert any(k.lower() in view.figure.layout.yaxis2.title.text for k in label)


def test_sample_size_published_button_seed_and_new_sample(view):
    view.n.value = 400
    assert len(view.data) == 400 and "n = 400" in view.text.value
    assert view.data.equals(simulate(model.CARD, 400, seed=2014, true_scores=True))
    assert_shows_the_nested_ols(view)
    view.published_button.click()
    assert view.n.value == 51 == len(view.data)
    before = list(view.figure.data[0].y)
    view.new_sample_button.click()
    assert view.seed.value == 2015 and "seed 2015" in view.provenance.value
    assert list(view.figure.data[0].y) != before
    assert_shows_the_nested_ols(view)
    view.seed.value = 2014
    assert list(view.figure.data[0].y) == before  # the same seed gives the same sample


def test_the_table_sets_sample_card_and_paper_side_by_side(view):
    html = view.table.value
    assert "Neff &amp; Faso (published)" in html and "card (population)" in html
    assert "not in reach" in html and "51 (abstract)" in html
    assert html.count("<tr>") == 1 + len(model.comparison_table(view.analysis).rows)
    assert "parents-autism" in view.provenance.value and "provenance()" in view.provenance.value


def test_the_controls_are_labelled_and_keyboard_reachable(view):
    found = controls(view)
    assert {
        view.outcome,
        view.scores,
        view.n,
        view.seed,
        view.published_button,
        view.new_sample_button,
    } <= set(found)
    for w in found:
        assert (getattr(w, "description", "") or "").strip(), type(w).__name__
        assert not getattr(w, "disabled", False)
    assert isinstance(view.outcome, widgets.Dropdown) and view.n.continuous_update is False


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 5}, "n"),
        ({"seed": -1}, "seed"),
        ({"outcome": "hope"}, "outcome must be one of"),
        ({"scores": "latent"}, "scores must be one of"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, message):
    with pytest.raises(ValueError, match=message):
        IncrementalValidityExplorer(**kwargs)
