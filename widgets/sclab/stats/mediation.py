"""Mediation for :mod:`sclab.stats`: parallel mediation with bias-corrected bootstrap intervals
(pingouin), its ``b`` paths from the full model (statsmodels). Import it from ``sclab.stats``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from sclab.stats._common import (
    CI_HIGH,
    CI_LOW,
    COEF,
    EFFECT,
    MEDIATOR,
    P_VAL,
    PATH,
    SE,
    N,
    _complete,
    _names,
    _report,
)
from sclab.stats.regression import regression
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__: list[str] = []

_ESTIMATES = [COEF, SE, P_VAL, CI_LOW, CI_HIGH]


def mediation(
    data: pd.DataFrame,
    x: str,
    m: Sequence[str],
    y: str,
    *,
    n_boot: int = 1000,
    seed: int,
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """Parallel mediation of ``x`` -> ``m`` -> ``y`` with bias-corrected bootstrap intervals (pingouin).

    Wraps ``pingouin.mediation_analysis(data, x, m, y, n_boot=n_boot, seed=seed)`` on the complete
    rows. The same seed gives the same intervals. ``progress`` is called with 0 before and 1 after:
    pingouin draws all resamples at once and reports nothing, and running it in chunks would give
    different intervals, so there is no finer progress.

    The ``b`` rows are the slopes of each mediator in ``y ~ x + m`` (statsmodels), so that
    ``a * b`` is the indirect effect. (pingouin's own "Y ~ M" rows leave ``x`` out of that model.)

    Returns
    -------
    One row per path: ``path`` (e.g. ``"scs_total ~ distress"``), ``effect`` (which effect: ``a``,
    ``b``, ``total``, ``direct``, ``indirect``), ``mediator`` (missing for total and direct), ``coef``,
    ``se``, ``p_val``, ``ci_low``, ``ci_high``, ``n``. For indirect rows ``se`` is the bootstrap SD,
    ``p_val`` the bootstrap p of pingouin (0 when no resample crosses 0: read it as p < 1 / n_boot),
    and the interval bias-corrected; other rows are OLS.

    >>> from sclab import load_sample
    >>> df = load_sample("emerging-adults")
    >>> m = ["scs_total", "family"]
    >>> out = mediation(df, "distress_total", m, "satisfaction_total", n_boot=200, seed=1)
    >>> out["effect"].tolist()
    ['a', 'a', 'b', 'b', 'total', 'direct', 'indirect', 'indirect']
    """
    import pingouin

    m = _names(m, "m")
    n_boot = whole_number(n_boot, "n_boot", 100)
    seed = seed_check(seed)
    frame = _complete(data, [x, *m, y], what="a mediation", min_rows=max(6, len(m) + 4))
    _report(progress, 0.0)
    res = pingouin.mediation_analysis(data=frame, x=x, m=m, y=y, n_boot=n_boot, seed=seed)
    _report(progress, 1.0)
    out = _paths(x, m, y).assign(
        **{
            COEF: res["coef"].to_numpy(dtype=float),
            SE: res["se"].to_numpy(dtype=float),
            P_VAL: res["pval"].to_numpy(dtype=float),
            CI_LOW: res.iloc[:, 4].to_numpy(dtype=float),
            CI_HIGH: res.iloc[:, 5].to_numpy(dtype=float),
            N: len(frame),
        }
    )
    k = len(m)
    out.loc[k : 2 * k - 1, _ESTIMATES] = regression(frame, y, [x, *m]).iloc[2:][_ESTIMATES].to_numpy()
    return out


def _paths(x: str, m: list[str], y: str) -> pd.DataFrame:
    """The rows of a mediation in pingouin's order: ``path``, ``effect`` and ``mediator`` of each."""
    k = len(m)
    return pd.DataFrame(
        {
            PATH: [f"{v} ~ {x}" for v in m]
            + [f"{y} ~ {v}" for v in m]
            + [f"{y} ~ {x} (total)", f"{y} ~ {x} (direct)"]
            + [f"{x} -> {v} -> {y}" for v in m],
            EFFECT: ["a"] * k + ["b"] * k + ["total", "direct"] + ["indirect"] * k,
            MEDIATOR: [*m, *m, None, None, *m],
        }
    )
