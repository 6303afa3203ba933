"""The model behind :class:`~sclab.ui.explorers.mediation_explorer.MediationExplorer`; no widgets or plots.

Distress -> (self-compassion, support from friends, support from family) -> life satisfaction, on
a simulated sample of the ``emerging-adults`` card: the sample, the paths by least squares at once
(:func:`estimates`), the parallel mediation with bootstrap intervals for the indirect effects
(:func:`analyse`, i.e. :func:`sclab.stats.mediation`, pingouin). The card's weights beside the
published ones are in :mod:`sclab.lessons.mediation_weights`, the words in
:mod:`sclab.lessons.mediation_text`.

>>> data = simulated_sample(200, seed=1)
>>> data.columns.tolist()
['distress_total', 'scs_total', 'friends', 'family', 'satisfaction_total']
>>> runs_at_once(200, 500), runs_at_once(1000, 2000)
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from sclab.populations.card import load_card
from sclab.populations.simulate import simulate
from sclab.stats import CI_HIGH, CI_LOW, COEF, EFFECT, MEDIATOR, P_VAL, PATH, SE, N, mediation, regression
from sclab.validation import whole_number

__all__ = [
    "CARD",
    "LABELS",
    "MEDIATORS",
    "N_BOOT_CHOICES",
    "N_MAX",
    "N_MIN",
    "X",
    "Y",
    "analyse",
    "check_n_boot",
    "estimates",
    "runs_at_once",
    "simulated_sample",
    "standardise",
]

CARD = "emerging-adults"


def _column(variable: str) -> str:
    """The sample's column of a card variable: ``'distress_total'`` for distress, ``'friends'``."""
    return load_card(CARD).score_column(variable)


X = _column("distress")
Y = _column("satisfaction")
MEDIATORS = (_column("scs"), _column("friends"), _column("family"))
#: Each column's label, as the explorer shows it.
LABELS = {
    _column(variable): label
    for variable, label in (
        ("distress", "Distress"),
        ("scs", "Self-compassion"),
        ("friends", "Support from friends"),
        ("family", "Support from family"),
        ("satisfaction", "Life satisfaction"),
    )
}
#: Bootstrap sizes on offer. The largest run (N = 1,000, 2,000 resamples) took about 1 s on one
#: core of the development machine; 200 x 1,000 (the default) about 0.3 s.
N_BOOT_CHOICES = (200, 500, 1000, 2000)
N_MIN, N_MAX = 100, 1000
#: Rows times resamples up to which a run starts by itself (the default 200 x 1,000 does).
_AT_ONCE = 200 * 1000


def simulated_sample(n: int, seed: int) -> pd.DataFrame:
    """``n`` simulated students of the card: distress, self-compassion (SCS total), support, satisfaction."""
    n = whole_number(n, "n", N_MIN, N_MAX, "of simulated students")
    return simulate(CARD, n=n, seed=seed)[[X, *MEDIATORS, Y]]


def standardise(data: pd.DataFrame) -> pd.DataFrame:
    """Every column as z scores (mean 0, SD 1 with ddof = 1), so coefficients are standardised weights.

    >>> z = standardise(pd.DataFrame({"a": [1.0, 2.0, 3.0]}))
    >>> z["a"].tolist()
    [-1.0, 0.0, 1.0]
    """
    return (data - data.mean()) / data.std(ddof=1)


def runs_at_once(n: int, n_boot: int) -> bool:
    """Whether a bootstrap of ``n`` rows and ``n_boot`` resamples is quick enough (well under 1 s)
    to run without being asked."""
    return n * n_boot <= _AT_ONCE


def check_n_boot(n_boot) -> int:
    """``n_boot`` if it is one of :data:`N_BOOT_CHOICES`, else a ValueError naming them."""
    if isinstance(n_boot, bool) or n_boot not in N_BOOT_CHOICES:
        raise ValueError(f"n_boot must be one of {', '.join(map(str, N_BOOT_CHOICES))}; got {n_boot!r}")
    return int(n_boot)


def analyse(
    data: pd.DataFrame,
    *,
    n_boot: int,
    seed: int,
    standardised: bool = True,
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """The parallel mediation of :func:`sclab.stats.mediation` on ``data`` (z scores if ``standardised``).

    ``n_boot`` must be one of :data:`N_BOOT_CHOICES`; the columns are those of :func:`sclab.stats.mediation`.

    >>> out = analyse(simulated_sample(200, seed=1), n_boot=200, seed=1)
    >>> out["effect"].tolist().count("indirect")
    3
    """
    check_n_boot(n_boot)
    frame = standardise(data) if standardised else data
    return mediation(frame, X, list(MEDIATORS), Y, n_boot=n_boot, seed=seed, progress=progress)


def estimates(data: pd.DataFrame, *, standardised: bool = True) -> pd.DataFrame:
    """The paths of :func:`analyse` by least squares alone (:func:`sclab.stats.regression`), no bootstrap.

    ``a``: each mediator on distress; ``b`` and ``direct``: satisfaction on distress and all three
    mediators together; ``total``: satisfaction on distress alone; ``indirect``: ``a * b``, whose
    interval needs the bootstrap, so its ``se``, ``p_val``, ``ci_low`` and ``ci_high`` are NaN. The
    coefficients are those :func:`analyse` returns, and ``total = direct + sum of the indirect``.

    >>> out = estimates(simulated_sample(200, seed=1))
    >>> by = out.groupby("effect")["coef"].sum()
    >>> bool(abs(by["direct"] + by["indirect"] - by["total"]) < 1e-12)
    True
    """
    frame = standardise(data) if standardised else data
    m = list(MEDIATORS)
    cols = [COEF, SE, P_VAL, CI_LOW, CI_HIGH]
    a = [regression(frame, v, [X]).iloc[1][cols] for v in m]
    full = regression(frame, Y, [X, *m])
    total = regression(frame, Y, [X]).iloc[1][cols]
    b = [full.iloc[2 + i][cols] for i in range(len(m))]
    rows = (
        [{PATH: f"{v} ~ {X}", EFFECT: "a", MEDIATOR: v, **a[i]} for i, v in enumerate(m)]
        + [{PATH: f"{Y} ~ {v}", EFFECT: "b", MEDIATOR: v, **b[i]} for i, v in enumerate(m)]
        + [{PATH: f"{Y} ~ {X} (total)", EFFECT: "total", MEDIATOR: None, **total}]
        + [{PATH: f"{Y} ~ {X} (direct)", EFFECT: "direct", MEDIATOR: None, **full.iloc[1][cols]}]
        + [
            {
                PATH: f"{X} -> {v} -> {Y}",
                EFFECT: "indirect",
                MEDIATOR: v,
                COEF: a[i][COEF] * b[i][COEF],
                SE: np.nan,
                P_VAL: np.nan,
                CI_LOW: np.nan,
                CI_HIGH: np.nan,
            }
            for i, v in enumerate(m)
        ]
    )
    out = pd.DataFrame(rows, columns=[PATH, EFFECT, MEDIATOR, *cols])
    out[N] = len(frame.dropna())
    return out
