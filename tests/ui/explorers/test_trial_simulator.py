"""TrialSimulator without a browser: build, drive every control, and check the
numbers on screen against scipy, pingouin and statsmodels computed here, independently."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pingouin
import pytest
import traitlets
from scipy import stats
from statsmodels.stats.power import TTestIndPower

from sclab.ui import TrialSimulator
from sclab.ui.explorers.trial_simulator import NS
from support.widget_tree import controls


def arms(view):
    return np.array(view.figure.data[0].y), np.array(view.figure.data[1].y)


def formula_power(d, ns):
    return [TTestIndPower().power(effect_size=d, nobs1=n, alpha=0.05, ratio=1.0) for n in ns]


@pytest.fixture
def view() -> TrialSimulator:
    v = TrialSimulator(seed=3)
    v.background = False  # the power curve runs in the test's thread
    return v


def test_builds_quietly_with_the_first_trial_in_the_initial_state(capsys):
    v = TrialSimulator(n_per_arm=40, seed=11)
    assert capsys.readouterr().out == ""
    assert [t.name for t in v.figure.data] == [
        "Programme arm",
        "Control arm",
        "Formula (statsmodels)",
        "Simulated (95% interval)",
        "Your N per arm",
    ]
    # Voila receives only the initial widget state: the first trial and the formula must be in it.
    state = v.figure._widget_data
    assert len(state[0]["y"]) == 40 and len(state[1]["y"]) == 40
    assert len(state[2]["x"]) > 50 and state[3]["x"] == []
    for trace in v.figure.data:
        assert not isinstance(trace.x, np.ndarray) and not isinstance(trace.y, np.ndarray)


def test_the_trial_shown_matches_scipy_and_pingouin_on_its_own_arms(view):
    for seed in (3, 4):
        view.seed.value = seed
        prog, ctrl = arms(view)
        t = stats.ttest_ind(prog, ctrl, equal_var=True)
        g = pingouin.compute_effsize(prog, ctrl, eftype="hedges")
        low, high = pingouin.compute_esci(stat=g, nx=len(prog), ny=len(ctrl), eftype="hedges")
        assert view.trial.p_val == pytest.approx(t.pvalue, rel=1e-12)
        assert view.trial.g == pytest.approx(g, rel=1e-12)
        assert (view.trial.ci_low, view.trial.ci_high) == pytest.approx((low, high), abs=0.006)
        assert f"g = {g:.2f}, 95% CI [{low:.2f}, {high:.2f}]" in view.trial_text.value
        assert f"seed {seed}, 25 per arm" in view.trial_text.value
        assert f"<td>{prog.mean():.2f}</td>" in view.trial_table.value.replace(
            " style='padding:2px 12px;text-align:left'", ""
        )


def test_effect_control_and_assignment_shift_only_the_programme_arm(view):
    prog0, ctrl0 = arms(view)
    view.effect_size.value = 0.8
    assert view.effect_menu.value == "own"  # a value of one's own, not a meta-analysis
    prog, ctrl = arms(view)
    np.testing.assert_allclose(prog - prog0, 0.8 - 0.57, atol=1e-12)
    np.testing.assert_array_equal(ctrl, ctrl0)

    view.effect_menu.value = 0.40  # Wilson et al. 2019, depression
    assert view.effect_size.value == 0.40 and "Wilson et al. 2019" in view.design_text.value

    assert view.active_share.disabled
    view.control.value = "active"
    assert not view.active_share.disabled
    view.active_share.value = 0.5
    np.testing.assert_allclose(arms(view)[0] - prog0, 0.40 * 0.5 - 0.57, atol=1e-12)
    assert "real advantage over it is d = 0.20" in view.design_text.value

    assert view.baseline_gap.disabled
    view.assignment.value = True
    view.baseline_gap.value = 0.25
    assert not view.baseline_gap.disabled
    np.testing.assert_allclose(arms(view)[0] - prog0, 0.40 * 0.5 + 0.25 - 0.57, atol=1e-12)
    assert "0.25 of it is not the programme (bias)" in view.design_text.value
    assert "Beware:" in view.power_text.value
    np.testing.assert_array_equal(arms(view)[1], ctrl0)


def test_n_seed_and_run_button(view):
    view.n.value = 60
    assert [len(a) for a in arms(view)] == [60, 60]
    assert list(view.figure.data[4].x) == [60, 60] and "N = 60" in view.figure.data[4].text
    before = arms(view)[0]
    view.run_button.click()
    assert view.seed.value == 4 and view.trial.seed == 4 and "seed 4" in view.trial_text.value
    assert not np.array_equal(before, arms(view)[0])
    view.seed.value = 3
    np.testing.assert_array_equal(arms(view)[0], before)  # the same seed gives the same trial


def test_the_formula_line_is_statsmodels_at_the_design_value(view):
    for setting in (lambda: None, lambda: setattr(view.control, "value", "active")):
        setting()
        line = view.figure.data[2]
        d = view.design().expected_estimate
        np.testing.assert_allclose(line.y, formula_power(d, line.x), rtol=1e-9)
        assert f"Power at d = {d:.2f}" in view.power_text.value


def test_large_n_extends_the_axis_and_never_shows_nan(view):
    view.n.value = 500
    line = view.figure.data[2]
    assert max(line.x) >= 500 and view.figure.layout.xaxis2.range[1] > 500
    assert all(np.isfinite(line.y)) and line.y[-1] == pytest.approx(1.0)
    assert "nan" not in view.power_text.value.lower()


def test_simulated_power_agrees_with_the_formula_within_monte_carlo_error(view):
    view.n_sims.value = 2000
    view.run_power_curve(background=False)
    sim = view.figure.data[3]
    assert list(sim.x) == NS and list(sim.y) == view.curve["power"].tolist()
    assert view.progress.value == view.progress.max
    expected = np.array(formula_power(0.57, NS))
    se = np.sqrt(expected * (1 - expected) / 2000)
    gap = np.abs(np.array(sim.y) - expected)
    assert np.all(gap <= 4 * se + 1e-9), (sim.y, expected)
    # The check can fail: against the power of a different effect it does.
    other = np.array(formula_power(0.57 + 0.2, NS))
    assert np.any(np.abs(np.array(sim.y) - other) > 4 * np.sqrt(other * (1 - other) / 2000) + 1e-9)
    # Error bars are the Wilson intervals of the curve
    np.testing.assert_allclose(np.array(sim.y) + np.array(sim.error_y.array), view.curve["ci_high"])
    assert "Done: 16,000 simulated trials (seed 3)" in view.progress_text.value
    assert "simulated (seed 3)" in view.power_text.value and "not run" not in view.power_table.value


def test_a_running_power_curve_can_be_stopped(view):
    view.n_sims.value = 1000

    def press_stop(change):
        if 0 < change["new"] < 0.2 and not view.stop_button.disabled:
            view.stop_button.click()

    view.progress.observe(press_stop, names=["value"])
    view.run_power_curve(background=False)
    done = int(view.curve["n_sims"].sum())
    assert 0 < done < 1000 * len(NS)
    assert "Stopped after" in view.progress_text.value and "(seed 3)" in view.progress_text.value
    assert len(view.figure.data[3].x) == len(view.curve) < len(NS)
    assert not view.power_button.disabled and view.stop_button.disabled


def test_the_button_runs_in_a_thread_and_a_settings_change_clears_the_curve():
    v = TrialSimulator(seed=2, n_sims=200)
    v.power_button.click()
    v.join(timeout=60)
    assert not v.running and v.curve is not None and len(v.curve) == len(NS)
    assert v.progress.value == v.progress.max
    v.control.value = "active"
    assert v.curve is None and list(v.figure.data[3].x) == []
    assert "press Run power curve again" in v.progress_text.value


def test_front_end_values_are_validated(view):
    view.effect_size.value = float("nan")
    assert view.effect_size.value == 0.57 and "nan" not in view.trial_text.value
    view.active_share.value = float("nan")
    assert view.active_share.value == 0.8
    view.seed.value = -5
    assert view.seed.value == 0
    view.n.value = 10**6
    assert view.n.value == 500 and len(view.figure.data[0].y) == 500
    with pytest.raises(traitlets.TraitError):
        view.control.value = "nothing at all"


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"effect_size": 2.0}, "effect_size must be from 0 to 1.5"),
        ({"effect_size": "large"}, "effect_size must be a finite number"),
        ({"n_per_arm": 3}, "n_per_arm must be a whole number from 5 to 500"),
        ({"seed": -1}, "seed must be a whole number from 0"),
        ({"n_sims": 50}, "n_sims must be a whole number from 100 to 5000"),
    ],
)
def test_bad_arguments_are_refused_with_the_rule(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        TrialSimulator(**kwargs)


def test_every_control_is_labelled_and_every_plot_has_tables(view):
    found = controls(view)
    assert len(found) >= 11
    for w in found:
        assert w.description, f"{type(w).__name__} has no label"
        if isinstance(w, widgets.ToggleButtons):
            assert len(w.tooltips) == len(w.options)
        else:
            assert w.tooltip, f"{w.description} has no tooltip"
    assert "<table" in view.trial_table.value and "<table" in view.power_table.value
    assert view.power_table.value.count("<tr>") == len(NS) + 1


def test_a_failed_power_curve_is_shown_in_one_line_and_the_buttons_come_back(monkeypatch):
    import sclab.ui.explorers.trial_simulator as module

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory\ntraceback details")

    monkeypatch.setattr(module, "simulated_curve", broken)
    v = TrialSimulator(seed=2, n_sims=200)
    v.power_button.click()
    v.join(60)
    assert v.progress_text.value == "The power curve failed: out of memory"
    assert v.curve is None and not v.power_button.disabled and v.stop_button.disabled
