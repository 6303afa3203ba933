"""ScoringExplorer without a browser: build it, move its controls, assert the figures and texts."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import pytest
import traitlets

from sclab.measure.psychometrics import sem
from sclab.ui import ScoringExplorer
from support.widget_tree import walk

UNCOMPASSIONATE_RAW_UNDER_WRONG_KEY = {"IS", "OI"}


@pytest.fixture(scope="module")
def view() -> ScoringExplorer:
    return ScoringExplorer(n=600, seed=5)


@pytest.fixture(autouse=True)
def _reset(view):
    yield
    view.keying.value, view.k.value = "correct", 12
    view.alpha.value, view.sd.value, view.true_score.value = 0.87, 0.61, 3.0
    view.n.value, view.seed.value = 600, 5


def bars(view):
    comp, uncomp = view.keying_figure.data
    return dict(zip(comp.x, comp.y, strict=True)), dict(zip(uncomp.x, uncomp.y, strict=True))


def alpha_in_text(view) -> float:
    text = view.keying_text.value
    return float(text.split("Cronbach's alpha: ")[1][:4])


def test_builds_with_three_labelled_parts_and_no_output(capsys):
    v = ScoringExplorer(n=200, seed=1)
    assert capsys.readouterr().out == ""
    assert v.tabs.titles == ("1. Reverse keying", "2. Short form", "3. Error band")
    assert len(v.keying_figure.data) == 2
    assert [b.name for b in v.keying_figure.data] == ["Compassionate items", "Uncompassionate items"]
    assert sum(len(b.x) for b in v.keying_figure.data) == 26


def test_turning_keying_off_collapses_alpha_and_the_uncompassionate_correlations(view):
    _, uncomp = bars(view)
    keyed_alpha = alpha_in_text(view)
    assert keyed_alpha > 0.8 and min(uncomp.values()) > 0.25
    assert all(s == "/" for s in view.keying_figure.data[1].marker.pattern.shape)  # all 13 reversed

    view.keying.value = "none"
    _, uncomp_off = bars(view)
    assert alpha_in_text(view) < keyed_alpha - 0.15
    assert np.mean(list(uncomp_off.values())) < np.mean(list(uncomp.values())) - 0.15
    assert "plain mean of all 26 raw answers" in view.keying_text.value
    assert set(view.keying_figure.data[1].marker.pattern.shape) == {""}

    view.keying.value = "first_negative_only"
    _, uncomp_wrong = bars(view)
    left_raw = [
        r for label, r in uncomp_wrong.items() if label.split()[0] in UNCOMPASSIONATE_RAW_UNDER_WRONG_KEY
    ]
    assert len(left_raw) == 8 and max(left_raw) < 0
    assert "(shown)" in view.keying_table.value.split("Reverse self-judgment only")[1][:10]


def test_figure_payloads_are_plain_lists_not_numpy(view):
    for fig in (view.keying_figure, view.short_figure, view.error_figure):
        for trace in fig.data:
            for name in ("x", "y"):
                assert not isinstance(getattr(trace, name), np.ndarray)


def test_the_k_slider_changes_the_scatter_and_r(view):
    before = list(view.short_figure.data[0].y)
    r12 = float(view.short_text.value.split("r = ")[1][:4])
    view.k.value = 4
    assert list(view.short_figure.data[0].y) != before
    r4 = float(view.short_text.value.split("r = ")[1][:4])
    assert r4 < r12
    assert "mean of 4 items" in view.short_text.value and "26 items vs 4 items" in (
        view.short_figure.layout.title.text
    )
    assert len(view.short_figure.data[0].x) == 600
    view.k.value = 26
    assert float(view.short_text.value.split("r = ")[1][:4]) > 0.98
    assert "Published SCS-SF" in view.short_table.value


def test_the_alpha_slider_sets_the_sem_text_and_band(view):
    view.alpha.value, view.true_score.value = 0.75, 3.0
    spread = sem(0.61, 0.75)
    assert f"= {spread:.2f}</strong>" in view.error_text.value
    band = view.error_figure.data[0]
    assert min(band.x) == pytest.approx(3.0 - 1.96 * spread, abs=1e-3)
    assert max(band.x) == pytest.approx(3.0 + 1.96 * spread, abs=1e-3)
    wide = max(band.x) - min(band.x)
    view.alpha.value = 0.95
    assert max(band.x) - min(band.x) < wide
    assert f"{3.0 - 1.96 * sem(0.61, 0.95):.2f} to" in view.error_table.value
    assert sum(view.error_figure.data[1].y) == pytest.approx(100)


def test_same_seed_same_data_and_new_sample_moves_on():
    a, b = ScoringExplorer(n=300, seed=9), ScoringExplorer(n=300, seed=9)
    assert a.short_figure.data[0].x == b.short_figure.data[0].x
    assert a.keying_figure.data[1].y == b.keying_figure.data[1].y
    assert a.error_figure.data[1].y == b.error_figure.data[1].y
    a.new_sample_button.click()
    assert a.seed.value == 10 and "seed 10" in a.sample_text.value
    assert a.short_figure.data[0].x != b.short_figure.data[0].x


def test_front_end_values_are_validated(view):
    view.alpha.value = float("nan")  # a page visitor can send this; sliders do not refuse it
    assert view.alpha.value == 0.87 and "nan" not in view.error_text.value
    view.true_score.value = float("nan")
    assert view.true_score.value == 3.0
    view.sd.value = 50.0  # clamped to the slider's range
    assert view.sd.value == 1.0 and math.isfinite(float(view.error_figure.data[0].x[0]))
    with pytest.raises(traitlets.TraitError):
        view.keying.value = "reverse everything"
    assert view.keying.value == "correct"
    view.seed.value = -4
    assert view.seed.value == 0
    view.n.value = 10**9
    assert view.n.value == 5000 and len(view.short_figure.data[0].x) == 5000
    with pytest.raises(traitlets.TraitError):
        view.tabs.selected_index = 7


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"n": 5}, "n must be a whole number of simulated students from 100 to 5000"),
        ({"n": 300.5}, "n must be a whole number"),
        ({"seed": -1}, "seed must be a whole number from 0"),
    ],
)
def test_bad_arguments_are_refused_with_the_rule(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        ScoringExplorer(**kwargs)


def test_every_control_is_labelled(view):
    controls = [w for w in walk(view) if isinstance(w, (widgets.ValueWidget, widgets.Button))]
    controls = [w for w in controls if not isinstance(w, widgets.HTML)]
    assert len(controls) >= 8
    for w in controls:
        assert w.description or w.tooltip, f"{type(w).__name__} has no label"
    assert all(w.tooltip for w in controls if not isinstance(w, widgets.ToggleButtons))
    assert len(view.keying.tooltips) == len(view.keying.options)


def test_every_plot_has_a_text_and_table_alternative(view):
    for text, tab in (
        (view.keying_text, view.keying_table),
        (view.short_text, view.short_table),
        (view.error_text, view.error_table),
    ):
        assert text.value and "<table" in tab.value
    assert view.items_table.value.count("<tr>") == 27


def test_the_first_drawing_is_in_the_state_a_late_page_receives(view):
    # Voila connects after the cell ran: it gets each figure's initial widget state, not the edit
    # messages sent before, so the first drawing must already be in that state.
    fresh = ScoringExplorer(n=300, seed=4)
    assert len(fresh.keying_figure._widget_data[0]["x"]) == 13
    assert len(fresh.short_figure._widget_data[0]["x"]) == 300
    assert len(fresh.error_figure._widget_data[1]["y"]) == 80
