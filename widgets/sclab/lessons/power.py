"""Power by formula, and the words beside the power curve of
:class:`~sclab.ui.explorers.trial_simulator.TrialSimulator`; no ipywidgets or plotly.

The formula is Student's two-sided two-sample t test (statsmodels ``TTestIndPower``); the simulated
curve is :func:`sclab.stats.power_curve`, run by the view.

>>> [round(p, 3) for p in analytic_power(0.57, [25, 500])]
[0.506, 1.0]
>>> n_for_power(0.57)
50
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from sclab.formatting import percent

__all__ = [
    "ALPHA",
    "NS",
    "analytic_power",
    "curve_line",
    "formula_line",
    "n_for_power",
    "power_rows",
    "progress_line",
    "simulated_curve",
    "was_stopped",
]

ALPHA = 0.05
#: Sample sizes per arm on the simulated power curve.
NS = [10, 20, 30, 50, 75, 100, 150, 200]
#: Below this difference no practical N reaches 80% power.
_TINY = 0.05
_LINE_TOP = 200


def analytic_power(effect_size: float, ns, *, alpha: float = ALPHA) -> list[float]:
    """Power of Student's two-sided two-sample t test at each n per arm (statsmodels ``TTestIndPower``).

    scipy's noncentral t returns NaN for the far tail on the wrong side of a large effect (e.g.
    d = .57 with 500 per arm); there that tail is below 1e-20, so the upper tail alone is the power.
    """
    from statsmodels.stats.power import TTestIndPower

    ns = np.asarray([int(n) for n in ns])
    solver = TTestIndPower()
    size = abs(effect_size)
    power = np.atleast_1d(solver.power(effect_size=size, nobs1=ns, alpha=alpha, ratio=1.0))
    bad = np.isnan(power)
    if bad.any():
        upper = solver.power(
            effect_size=size, nobs1=ns[bad], alpha=alpha / 2, ratio=1.0, alternative="larger"
        )
        power[bad] = np.atleast_1d(upper)
    return [float(p) for p in power]


def simulated_curve(
    effect_size: float,
    *,
    n_sims: int,
    seed: int,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> pd.DataFrame:
    """Simulated power at each N in :data:`NS`: Student's t, as the formula (``sclab.stats.power_curve``)."""
    from sclab.stats import power_curve

    return power_curve(
        effect_size, NS, n_sims=n_sims, seed=seed, equal_var=True, progress=progress, should_stop=should_stop
    )


def was_stopped(curve: pd.DataFrame, n_sims: int) -> bool:
    """Whether a simulated curve was stopped before every N ran ``n_sims`` trials."""
    return len(curve) < len(NS) or int(curve["n_sims"].iloc[-1]) < n_sims


def n_for_power(effect_size: float, power: float = 0.8, *, alpha: float = ALPHA) -> int | None:
    """People per arm the formula needs for ``power`` (rounded up), None for a difference under .05."""
    from statsmodels.stats.power import TTestIndPower

    if abs(effect_size) < _TINY:
        return None
    n = TTestIndPower().solve_power(effect_size=abs(effect_size), power=power, alpha=alpha, ratio=1.0)
    return math.ceil(n)


def formula_line(effect_size: float, n_now: int) -> tuple[list[int], list[float], int]:
    """The formula's curve to draw: N per arm (to 200, or past the N shown), power, and the axis top."""
    top = max(_LINE_TOP, int(n_now))
    ns = list(range(4, top + 1, 2 if top <= _LINE_TOP else 4))
    return ns, analytic_power(effect_size, ns), top


def progress_line(done: int, total: int, seed: int, *, state: str = "running") -> str:
    """The status line of a power-curve run: ``state`` is running, done, stopped or stale."""
    if state == "done":
        return f"Done: {done:,} simulated trials (seed {seed})."
    if state == "stopped":
        return f"Stopped after {done:,} of {total:,} simulated trials (seed {seed})."
    if state == "stale":
        return "Settings changed while it ran: press Run power curve again."
    return f"{done:,} of {total:,} simulated trials (seed {seed})"


def curve_line(
    effect_size: float, n_now: int, *, true_difference: float, baseline_gap: float, curve_seed: int | None
) -> str:
    """What the power plot shows at ``effect_size`` for ``n_now`` per arm, in words (HTML)."""
    here = analytic_power(effect_size, [n_now])[0]
    n80 = n_for_power(effect_size)
    need = (
        f" For 80% power the formula needs about {n80:,} per arm."
        if n80 is not None
        else " With a difference this close to 0, no practical N reaches 80% power."
    )
    bias = ""
    if baseline_gap:
        real = analytic_power(true_difference, [n_now])[0]
        bias = (
            f" <em>Beware:</em> {baseline_gap:.2f} of this d is the head start, not the programme. "
            "Much of this 'power' is the chance of a significant result the programme did not earn; "
            f"at the programme's real advantage (d = {true_difference:.2f}) the formula gives "
            f"{percent(real)} with {n_now} per arm."
        )
    sims = (
        ""
        if curve_seed is None
        else f" The diamonds are simulated (seed {curve_seed}); their bars show Monte Carlo error "
        "(95% Wilson intervals)."
    )
    return (
        f"<p><strong>Power at d = {effect_size:.2f}:</strong> with {n_now} per arm the formula (Student's t, "
        f"two-sided, alpha .05) gives {percent(here)}.{need}{bias}{sims}</p>"
    )


def power_rows(effect_size: float, curve: pd.DataFrame | None, ns: Sequence[int] = NS) -> list[list[str]]:
    """Rows of the power table: N per arm, the formula's power, the simulated power [95% CI] of trials."""
    sim = {} if curve is None else dict(zip(curve["n_per_arm"], curve.itertuples(), strict=True))
    rows = []
    for n, p in zip(ns, analytic_power(effect_size, ns), strict=True):
        row = sim.get(n)
        simulated = (
            "not run"
            if row is None
            else f"{percent(row.power)} [{percent(row.ci_low)}, {percent(row.ci_high)}] of {row.n_sims:,}"
        )
        rows.append([f"{n}", percent(p), simulated])
    return rows
