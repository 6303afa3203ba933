"""The two-arm trial model: designs, one simulated trial checked against scipy and pingouin run here,
and the words built from its numbers."""

from __future__ import annotations

import numpy as np
import pingouin
import pytest
from scipy import stats

from sclab.lessons.trial import (
    EFFECTS,
    Design,
    describe_design,
    describe_trial,
    effect_source,
    one_trial,
    trial_rows,
)
from sclab.stats import power_by_simulation


def test_a_design_shrinks_with_an_active_control_and_grows_with_a_head_start():
    assert Design(effect_size=0.57).true_difference == 0.57
    active = Design(effect_size=0.5, control="active", active_share=0.8)
    assert active.true_difference == pytest.approx(0.1)
    biased = Design(effect_size=0.5, control="active", active_share=0.8, baseline_gap=0.3)
    assert biased.expected_estimate == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"effect_size": "large"}, "effect_size must be a finite number"),
        ({"effect_size": float("nan")}, "effect_size must be a finite number"),
        ({"effect_size": 0.5, "control": "placebo"}, "control must be 'waitlist' or 'active'"),
        ({"effect_size": 0.5, "active_share": 1.5}, "active_share must be from 0 to 1"),
    ],
)
def test_bad_designs_are_refused_with_the_rule(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        Design(**kwargs)


def test_one_trial_matches_scipy_and_pingouin_on_its_own_arms():
    trial = one_trial(Design(effect_size=0.57), n_per_arm=30, seed=4)
    t = stats.ttest_ind(trial.programme, trial.control, equal_var=True)
    g = pingouin.compute_effsize(trial.programme, trial.control, eftype="hedges")
    low, high = pingouin.compute_esci(stat=g, nx=30, ny=30, eftype="hedges")
    assert trial.p_val == pytest.approx(t.pvalue, rel=1e-12)
    assert trial.g == pytest.approx(g, rel=1e-12)
    assert (trial.ci_low, trial.ci_high) == pytest.approx((low, high), abs=0.006)
    assert (trial.n1, trial.n2, trial.seed) == (30, 30, 4)


def test_one_trial_draws_the_first_trial_of_the_power_simulation():
    for seed in range(5):
        trial = one_trial(Design(effect_size=0.4), n_per_arm=20, seed=seed)
        sim = power_by_simulation(0.4, 20, n_sims=1, seed=seed, equal_var=True).iloc[0]
        assert int(sim["n_significant"]) == int(trial.p_val < 0.05)


def test_only_the_programme_arm_moves_with_the_design():
    plain = one_trial(Design(effect_size=0.2), n_per_arm=15, seed=2)
    shifted = one_trial(Design(effect_size=0.2, baseline_gap=0.5), n_per_arm=15, seed=2)
    np.testing.assert_allclose(shifted.programme - plain.programme, 0.5, atol=1e-12)
    np.testing.assert_array_equal(shifted.control, plain.control)


@pytest.mark.parametrize(
    ("kwargs", "rule"), [({"n_per_arm": 1}, "n_per_arm must"), ({"seed": -1}, "seed must")]
)
def test_one_trial_refuses_bad_sizes_and_seeds(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        one_trial(Design(effect_size=0.5), **{"n_per_arm": 10, "seed": 1, **kwargs})


def test_the_menu_effects_name_their_meta_analysis():
    assert effect_source(0.40) == "Wilson et al. 2019 (22 RCTs)"
    assert effect_source(0.41) is None
    assert all(f"{g:.2f}".lstrip("0") in label for label, g, _ in EFFECTS)


def test_the_design_words_state_each_assumption():
    text = describe_design(Design(effect_size=0.4, control="active", active_share=0.5), "Wilson et al. 2019")
    assert "the pooled g of Wilson et al. 2019" in text and "real advantage over it is d = 0.20" in text
    assert "50%" in text and "head start" not in text
    biased = describe_design(Design(effect_size=0.4, baseline_gap=0.25), None)
    assert "your own value" in biased and "0.25 of it is not the programme (bias)" in biased


def test_the_trial_words_and_rows_carry_its_numbers():
    design = Design(effect_size=0.57)
    trial = one_trial(design, n_per_arm=25, seed=3)
    text = describe_trial(trial, design)
    assert f"g = {trial.g:.2f}, 95% CI [{trial.ci_low:.2f}, {trial.ci_high:.2f}]" in text
    p = stats.ttest_ind(trial.programme, trial.control).pvalue
    assert (f"p = {p:.3f}".replace("0.", ".") if p >= 0.001 else "p < .001") in text
    assert "seed 3, 25 per arm" in text
    rows = trial_rows(trial)
    assert rows[0] == [
        "Programme arm",
        "25",
        f"{trial.programme.mean():.2f}",
        f"{trial.programme.std(ddof=1):.2f}",
    ]
