"""CorrelationExplorer without a browser: build it, drive every control, check figure and table by hand."""

from __future__ import annotations

import math
import re
from html import unescape

import ipywidgets as widgets
import numpy as np
import pytest
import traitlets
from scipy import stats as sps

from sclab.formatting import ci, p_value, r_value, with_ci
from sclab.lessons.correlation import GAP_NOTED
from sclab.populations.card import load_card
from sclab.populations.simulate import simulate
from sclab.ui import CorrelationExplorer, Questionnaire
from support.widget_tree import walk

CARD = "spain-compassion-distress"
OUTCOMES = ("depression", "anxiety", "stress", "wellbeing")
Z975 = sps.norm.ppf(0.975)


def rows(html: str) -> list[list[str]]:
    """The table's rows as lists of cell texts (header row first)."""
    return [
        [unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
        for tr in re.findall(r"<tr>(.*?)</tr>", html)
    ]


def traces(view):
    return dict(zip(("dots", "line", "you", "strip", "this", "pop", "true"), view.figure.data, strict=True))


@pytest.fixture
def view() -> CorrelationExplorer:
    """A fresh explorer per test, so no test sees another's draws, seed or mark."""
    return CorrelationExplorer(n=200, seed=1)


def test_builds_without_output_and_the_first_drawing_is_in_the_initial_widget_state(capsys):
    fresh = CorrelationExplorer(n=120, seed=8)
    assert capsys.readouterr().out == ""
    assert isinstance(fresh.figure, go_figure_widget())
    data = fresh.figure._widget_data  # what a page that connects late (Voila) receives
    assert len(data[0]["x"]) == 120 and len(data[0]["y"]) == 120
    assert len(data[1]["x"]) == 2  # the fitted line
    r = sps.pearsonr(data[0]["x"], data[0]["y"]).statistic
    assert data[4]["x"] == [pytest.approx(r)] and data[4]["y"] == [120]


def go_figure_widget():
    import plotly.graph_objects as go

    return go.FigureWidget


def test_the_scatter_is_the_seeded_sample_and_r_ci_p_slope_agree_with_scipy(view):
    t = traces(view)
    again = simulate(CARD, n=200, seed=1)  # the same seed gives the same sample
    assert list(t["dots"].x) == again["scs_total"].tolist()
    assert list(t["dots"].y) == again["depression_total"].tolist()
    assert view.sample["scs_total"].tolist() == again["scs_total"].tolist()

    res = sps.pearsonr(t["dots"].x, t["dots"].y)
    r, n = res.statistic, len(t["dots"].x)
    low, high = np.tanh(np.arctanh(r) + np.array([-1, 1]) * Z975 / math.sqrt(n - 3))
    slope, intercept = np.polyfit(t["dots"].x, t["dots"].y, 1)
    header, row = rows(view.table.value)
    cell = dict(zip(header, row, strict=True))
    assert float(cell["r (this sample)"]) == pytest.approx(r, abs=0.005)
    assert cell["Confidence interval"] == ci(low, high)
    assert cell["n"] == "200"
    assert cell["p"] == p_value(res.pvalue) == "p < .001"
    assert float(cell["Slope of the line"]) == pytest.approx(slope, abs=0.005)
    assert list(t["line"].y) == pytest.approx([intercept + slope * 1, intercept + slope * 5])
    assert t["this"].x == (pytest.approx(r),) and t["this"].y == (200,)
    assert f"<strong>{with_ci('r', r, low, high)}</strong> (n = 200, p &lt; .001)" in view.text.value
    assert "p &lt; .001" in view.text.value and "p < .001" not in view.text.value  # '<' escaped in HTML


def test_the_seed_is_shown_and_new_sample_moves_to_the_next_seed_keeping_the_old_r(view):
    assert "seed 1 " in view.sample_text.value and "(seed 1)" in view.table.value
    first_r = traces(view)["this"].x[0]
    assert traces(view)["strip"].x == ()
    view.new_sample_button.click()
    t = traces(view)
    assert view.seed.value == 2 and "seed 2 " in view.sample_text.value
    assert list(t["dots"].x) == simulate(CARD, n=200, seed=2)["scs_total"].tolist()
    assert t["strip"].x == (first_r,) and t["strip"].customdata == ("seed 1",)
    assert t["this"].x[0] != first_r
    assert "2 sample(s) of depression drawn so far" in view.draws_text.value
    assert rows(view.draws_table.value)[1] == ["200", "2", r_value(t["this"].x[0])]  # newest first


def test_the_sample_size_slider_sets_the_number_of_points_and_the_height_on_the_strip(view):
    view.n.value = 1000
    t = traces(view)
    assert len(t["dots"].x) == 1000 and t["this"].y == (1000,)
    assert "1,000 people drawn with seed 1" in view.sample_text.value
    r = sps.pearsonr(t["dots"].x, t["dots"].y).statistic
    assert t["this"].x[0] == pytest.approx(r)
    assert t["strip"].y == (200,)  # the n = 200 sample stays on the strip, lower down
    # a larger sample has a narrower interval
    half = Z975 / math.sqrt(1000 - 3)
    assert ci(np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)) in view.table.value


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_outcome_toggle_swaps_the_y_axis_and_every_figure_follows(view, outcome):
    view.outcome.value = outcome
    t = traces(view)
    sample = simulate(CARD, n=200, seed=1)
    assert list(t["dots"].y) == sample[f"{outcome}_total"].tolist()
    assert list(t["dots"].x) == sample["scs_total"].tolist()
    r = sps.pearsonr(sample["scs_total"], sample[f"{outcome}_total"]).statistic
    assert t["this"].x[0] == pytest.approx(r)
    label = dict(view.outcome.options)
    title = view.figure.layout.yaxis.title.text
    assert next(k for k, v in label.items() if v == outcome) in title
    var = load_card(CARD).variable(outcome)
    assert f"{var.items * var.response.min}-{var.items * var.response.max}" in title
    assert len(view.draws.of(outcome)) == 1


def test_population_and_card_values_are_shown_beside_the_sample_and_follow_spearman(view):
    card = load_card(CARD)
    ax = card.variable("scs").alpha.value
    for outcome in OUTCOMES:
        view.outcome.value = outcome
        entry = next(c for c in card.correlations if set(c.between) == {"scs", outcome})
        ay = card.variable(outcome).alpha.value
        t = traces(view)
        pop = t["pop"].x[0]
        header, row = rows(view.table.value)
        assert dict(zip(header, row, strict=True))["Population r"] == r_value(pop)
        att = {r[0]: r[1] for r in rows(view.attenuation_table.value)[1:]}
        if entry.metric == "latent":  # MacBeth & Gumley's corrected r: expect a weaker observed r
            true, observed = entry.r.value, entry.r.value * math.sqrt(ax * ay)
        else:  # Zessin et al.'s r between scale scores: correcting makes it stronger
            true, observed = entry.r.value / math.sqrt(ax * ay), entry.r.value
        assert t["true"].x[0] == pytest.approx(true)
        assert att["True-score r (corrected for unreliability)"] == r_value(true)
        assert att["Expected r between scale scores (Spearman)"] == r_value(observed)
        assert att["Population r between the simulated scale scores"] == r_value(pop)
        # the simulated scales follow Spearman's formula, so the text names no gap
        assert abs(pop - observed) <= GAP_NOTED and "land at" not in view.attenuation_text.value
        sample_r = t["this"].x[0]
        assert att["This sample's r, corrected"] == r_value(sample_r / math.sqrt(ax * ay))


def test_draw_20_more_adds_twenty_studies_whose_r_are_recomputed_from_their_seeds(view):
    view.n.value = 300
    start = view.seed.value
    before = len(view.draws.of("depression"))
    view.many_button.click()
    assert view.seed.value == start + 20 and f"seed {start + 20} " in view.sample_text.value
    assert (view.progress.value, view.progress.max, view.progress.bar_style) == (20, 20, "success")
    assert not view.many_button.disabled
    drawn = view.draws.of("depression")
    assert len(drawn) == before + 20
    expected = {
        s: sps.pearsonr(d["scs_total"], d["depression_total"]).statistic
        for s in range(start + 1, start + 21)
        for d in [simulate(CARD, n=300, seed=s)]
    }
    got = {d.seed: d.r for d in drawn if d.n == 300}
    assert set(got) == {start, *expected}
    for s, r in expected.items():
        assert got[s] == pytest.approx(r)
    t = traces(view)
    on_strip = sorted(t["strip"].x) + list(t["this"].x)
    assert sorted(on_strip) == pytest.approx(sorted(d.r for d in drawn))
    rs = np.array([d.r for d in drawn])
    spread = f"from {r_value(rs.min())} to {r_value(rs.max())} (SD {r_value(rs.std(ddof=1))})"
    assert spread in view.draws_text.value
    # honest noise: 21 studies of 300 scatter around the population value, not around the card's figure
    pop = t["pop"].x[0]
    assert abs(rs[-21:].mean() - pop) < 3 * (1 - pop**2) / math.sqrt(300) / math.sqrt(21) + 0.01
    with pytest.raises(ValueError, match="k must be a whole number of studies from 1 to 200"):
        view.draw_many(0)


def test_clear_forgets_the_list_but_keeps_the_sample_on_screen(view):
    view.new_sample_button.click()
    view.new_sample_button.click()
    assert len(traces(view)["strip"].x) == 2
    this = traces(view)["this"].x
    view.clear_button.click()
    t = traces(view)
    assert t["strip"].x == () and t["this"].x == this
    assert [(d.seed, d.r) for d in view.draws.items] == [(3, this[0])]
    assert "1 sample(s) of depression drawn so far" in view.draws_text.value


def test_set_you_draws_a_vertical_line_only(view):
    view.set_you(3.4, source="SCPI")
    you = traces(view)["you"]
    lo, hi = 0, 21
    assert you.x == (3.4, 3.4) and you.y == (lo, hi)
    assert "3.40" in you.text[1] and "3.40 (SCPI)" in view.text.value
    assert "illustrative" in view.text.value
    view.set_you(None)
    assert traces(view)["you"].x == () and "dashed line is your" not in view.text.value


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        ((3.0, 10.0), "only the self-compassion axis can be yours"),
        ((6.0,), "must lie on the 1-5 scale"),
        ((float("nan"),), "must be a finite number"),
        ((True,), "must be a finite number"),
        (("3",), "must be a finite number"),
    ],
)
def test_set_you_refuses_bad_values(view, args, rule):
    with pytest.raises(ValueError, match=rule):
        view.set_you(*args)
    assert view.you is None


def test_follow_marks_the_total_at_each_submission_and_shows_a_submitted_one_at_once(view):
    q = Questionnaire("sc-practice", seed=3)
    assert view.follow(q) is view
    assert view.you is None and traces(view)["you"].x == ()
    q.use_simulated_respondent()
    q.submit()
    assert view.you == pytest.approx(q.scores["total"])
    assert traces(view)["you"].x == (pytest.approx(q.scores["total"]),) * 2
    assert "(SCPI)" in view.text.value

    later = Questionnaire("sc-practice", seed=11)
    later.use_simulated_respondent()
    later.submit()
    view.follow(later)  # already submitted: marked at once
    assert view.you == pytest.approx(later.scores["total"]) != pytest.approx(q.scores["total"])
    later.set_answers({1: 1 if later.sheet.answers[1] != 1 else 5})
    later.submit()  # a later submission moves "You"
    assert view.you == pytest.approx(later.scores["total"])
    later.clear()
    assert view.you is None and traces(view)["you"].x == ()


def test_follow_uses_the_questionnaires_scores_and_does_not_score_again(view, monkeypatch):
    q = Questionnaire("sc-practice", seed=5)
    q.use_simulated_respondent()
    q.submit()
    monkeypatch.setattr(type(q.instrument), "score", lambda *a, **k: pytest.fail("scored again"))
    view.follow(q)
    assert view.you == pytest.approx(q.scores["total"])


@pytest.mark.parametrize("instrument", ["co-practice", "mt-practice"])
def test_follow_refuses_a_questionnaire_that_does_not_measure_self_compassion(view, instrument):
    q = Questionnaire(instrument)
    with pytest.raises(ValueError, match=rf"cannot follow a '{instrument}'.*self-compassion.*'sc-practice'"):
        view.follow(q)
    q.use_simulated_respondent()
    q.submit()  # refused at follow time: later submissions do nothing here
    assert view.you is None


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"n": 5}, "n must be a whole number of simulated people from 20 to 2000"),
        ({"n": 200.5}, "n must be a whole number"),
        ({"n": True}, "n must be a whole number"),
        ({"seed": -1}, "seed must be a whole number from 0"),
        ({"outcome": "happiness"}, "outcome must be one of depression, anxiety, stress, wellbeing"),
        ({"card": "no-such-card"}, "unknown card 'no-such-card'"),
    ],
)
def test_bad_arguments_are_refused_with_the_rule(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        CorrelationExplorer(**kwargs)


def test_front_end_values_are_kept_in_range(view):
    view.seed.value = -4  # a page visitor can send any value; the controls clamp or refuse it
    assert view.seed.value == 0 and "seed 0 " in view.sample_text.value
    view.n.value = 10**9
    assert view.n.value == 2000 and len(traces(view)["dots"].x) == 2000
    with pytest.raises(traitlets.TraitError):
        view.outcome.value = "happiness"
    assert view.outcome.value == "depression"


def test_every_control_is_labelled_and_every_plot_has_a_text_and_table(view):
    controls = [w for w in walk(view) if isinstance(w, (widgets.ValueWidget, widgets.Button))]
    controls = [w for w in controls if not isinstance(w, widgets.HTML)]
    kinds = {"ToggleButtons", "IntSlider", "BoundedIntText", "Button", "IntProgress"}
    assert {type(w).__name__ for w in controls} == kinds
    assert len(controls) == 7
    for w in controls:
        assert w.description and w.tooltip, f"{type(w).__name__} lacks a label or tooltip"
    assert len(view.outcome.tooltips) == len(view.outcome.options)
    for text, tab in (
        (view.text, view.table),
        (view.draws_text, view.draws_table),
        (view.attenuation_text, view.attenuation_table),
    ):
        assert text.value and "<caption" in tab.value and "<th scope='col'" in tab.value


def test_figure_payloads_are_plain_lists_and_colours_come_from_the_palette(view):
    from sclab.ui import palette

    view.new_sample_button.click()
    view.set_you(3.0)
    allowed = {palette.COMPASSIONATE, palette.UNCOMPASSIONATE, palette.SAMPLE, palette.YOU, "black"}
    for trace in view.figure.data:
        for name in ("x", "y"):
            assert not isinstance(getattr(trace, name), np.ndarray)
        colour = trace.marker.color if trace.mode == "markers" else trace.line.color
        assert colour in allowed, f"{trace.name}: {colour}"
