"""sclab.stats.power: simulated power against statsmodels' analytic power, determinism, progress and stop."""

from __future__ import annotations

import inspect
import math

import pandas as pd
import pytest
from statsmodels.stats.power import TTestIndPower

from sclab import stats


@pytest.mark.parametrize("equal_var", [True, False])
def test_simulated_power_agrees_with_statsmodels(equal_var, scalar):
    out = stats.power_by_simulation(0.5, 25, n_sims=20_000, seed=11, equal_var=equal_var)
    analytic = TTestIndPower().power(effect_size=0.5, nobs1=25, alpha=0.05, ratio=1.0)  # 0.410
    mc_se = math.sqrt(analytic * (1 - analytic) / 20_000)
    assert abs(scalar(out, "power") - analytic) < 4 * mc_se
    assert scalar(out, "n_sims") == 20_000 == scalar(out, "n_sims_planned")
    assert scalar(out, "alpha_level") == 0.05 and scalar(out, "effect_size") == 0.5
    assert out.columns.tolist() == [
        "effect_size", "n_per_arm", "power", "ci_low", "ci_high",
        "n_significant", "n_sims", "n_sims_planned", "alpha_level",
    ]  # fmt: skip


def test_power_at_no_effect_is_the_type_one_error_rate(scalar):
    out = stats.power_by_simulation(0.0, 15, n_sims=5000, seed=4)
    assert abs(scalar(out, "power") - 0.05) < 4 * math.sqrt(0.05 * 0.95 / 5000)


def test_power_is_deterministic_whatever_the_chunk_size(scalar):
    a = stats.power_by_simulation(0.4, 30, n_sims=1000, seed=5, chunk_size=1000)
    b = stats.power_by_simulation(0.4, 30, n_sims=1000, seed=5, chunk_size=7)
    pd.testing.assert_frame_equal(a, b)
    c = stats.power_by_simulation(0.4, 30, n_sims=1000, seed=6)
    assert scalar(c, "n_significant") != scalar(a, "n_significant")


def test_power_reports_progress_and_honours_stop(scalar):
    fractions: list[float] = []
    stats.power_by_simulation(0.5, 20, n_sims=1000, seed=1, chunk_size=250, progress=fractions.append)
    assert fractions == [0.0, 0.25, 0.5, 0.75, 1.0]
    asked = []

    def stop_after_two() -> bool:
        asked.append(1)
        return len(asked) >= 2

    out = stats.power_by_simulation(0.5, 20, n_sims=1000, seed=1, chunk_size=100, should_stop=stop_after_two)
    assert scalar(out, "n_sims") == 200 and scalar(out, "n_sims_planned") == 1000
    first_200 = stats.power_by_simulation(0.5, 20, n_sims=200, seed=1)
    assert scalar(out, "n_significant") == scalar(first_200, "n_significant")


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


def test_power_by_simulation_takes_the_keywords_of_power_curve():
    # one list of keywords and defaults (power_curve's); help() and Jupyter's ? show them for both
    shown = inspect.signature(stats.power_by_simulation).parameters
    assert list(shown) == ["effect_size", "n_per_arm", "n_sims", "seed", "alpha", "equal_var",
                           "chunk_size", "progress", "should_stop"]  # fmt: skip
    assert shown["alpha"].default == 0.05 and shown["n_sims"].default is inspect.Parameter.empty
    with pytest.raises(TypeError, match="n_sim"):
        stats.power_by_simulation(0.5, 20, n_sim=100, seed=1)
