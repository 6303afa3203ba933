"""Power by formula against statsmodels and scipy's noncentral t run here, and the words beside the curve."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.power import TTestIndPower

from sclab.lessons.power import (
    NS,
    analytic_power,
    curve_line,
    formula_line,
    n_for_power,
    power_rows,
    progress_line,
)
from sclab.stats import power_curve


def scipy_power(d: float, n: int, alpha: float = 0.05) -> float:
    df, nc = 2 * n - 2, d * np.sqrt(n / 2)
    crit = stats.t.ppf(1 - alpha / 2, df)
    return float(stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc))


def test_analytic_power_is_statsmodels_and_scipy():
    ns = [10, 25, 64, 100]
    mine = analytic_power(0.5, ns)
    theirs = [TTestIndPower().power(effect_size=0.5, nobs1=n, alpha=0.05, ratio=1.0) for n in ns]
    np.testing.assert_allclose(mine, theirs, rtol=1e-12)
    np.testing.assert_allclose(mine, [scipy_power(0.5, n) for n in ns], rtol=1e-6)
    assert analytic_power(0.5, [64])[0] == pytest.approx(0.80, abs=0.01)  # Cohen's classic example


def test_analytic_power_never_returns_nan_for_large_samples():
    power = analytic_power(0.57, [500, 1000])
    assert all(np.isfinite(power)) and power == pytest.approx([1.0, 1.0])


def test_n_for_power_is_statsmodels_rounded_up():
    n = TTestIndPower().solve_power(effect_size=0.57, power=0.8, alpha=0.05, ratio=1.0)
    assert n_for_power(0.57) == int(np.ceil(n)) == 50
    assert (
        analytic_power(0.57, [n_for_power(0.57)])[0] >= 0.8 > analytic_power(0.57, [n_for_power(0.57) - 1])[0]
    )
    assert n_for_power(0.01) is None


def test_the_formula_line_reaches_past_the_n_shown():
    ns, power, top = formula_line(0.5, 25)
    assert (ns[0], ns[-1], top) == (4, 200, 200) and len(power) == len(ns)
    ns, _, top = formula_line(0.5, 480)
    assert top == 480 and ns[-1] >= 476


def test_power_rows_set_the_simulation_beside_the_formula():
    assert [row[2] for row in power_rows(0.5, None)] == ["not run"] * len(NS)
    curve = power_curve(0.5, [20, 50], n_sims=200, seed=1, equal_var=True)
    rows = power_rows(0.5, curve, ns=[20, 50, 100])
    first = curve.iloc[0]
    assert rows[0][1] == f"{analytic_power(0.5, [20])[0]:.0%}"
    assert rows[0][2] == f"{first['power']:.0%} [{first['ci_low']:.0%}, {first['ci_high']:.0%}] of 200"
    assert rows[2][2] == "not run"


def test_the_curve_words_warn_about_a_head_start():
    plain = curve_line(0.57, 25, true_difference=0.57, baseline_gap=0.0, curve_seed=None)
    assert "with 25 per arm the formula" in plain and "needs about 50 per arm" in plain
    assert "Beware" not in plain and "diamonds" not in plain
    biased = curve_line(0.87, 25, true_difference=0.57, baseline_gap=0.3, curve_seed=4)
    real = analytic_power(0.57, [25])[0]
    assert "Beware:" in biased and f"(d = 0.57) the formula gives {real:.0%}" in biased
    assert "simulated (seed 4)" in biased
    assert "no practical N reaches 80% power" in curve_line(
        0.0, 25, true_difference=0, baseline_gap=0, curve_seed=None
    )


def test_progress_lines():
    assert progress_line(2000, 8000, 3) == "2,000 of 8,000 simulated trials (seed 3)"
    assert progress_line(8000, 8000, 3, state="done") == "Done: 8,000 simulated trials (seed 3)."
    assert progress_line(500, 8000, 3, state="stopped").startswith("Stopped after 500 of 8,000")
    assert "press Run power curve again" in progress_line(0, 1, 1, state="stale")
