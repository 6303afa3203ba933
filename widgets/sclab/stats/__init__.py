"""Thin, named wrappers over pingouin / scipy / statsmodels, returning tidy frames.

Column names mean the same thing everywhere (``r``, ``ci_low``, ``ci_high``, ``p_val``, ``n``, ...;
the constants below) and so do keywords (``data=``, ``x=``, ``y=``, ``by=``, ``seed=``). Every interval
is 95%. Nothing is rounded here; rounding happens where a number is shown. Bad input raises
``ValueError`` naming the column or argument and the rule.

- reliability: :func:`cronbach_alpha`, :func:`disattenuate`, :func:`attenuate`
- correlation: :func:`correlation`, :func:`compare_correlations`, :func:`correlation_by_group`,
  :func:`difference_test`, :func:`split_at`
- models: :func:`regression`, :func:`regression_fit`, :func:`mediation`, :func:`cohens_d`,
  :func:`hedges_g`
- planning: :func:`power_by_simulation`, :func:`power_curve`

The code lives in small private modules (``_correlation``, ``_models``, ``_power``); import it from here.

>>> from sclab import load_sample
>>> correlation(load_sample("emerging-adults"), "distress", "satisfaction").columns.tolist()
['r', 'ci_low', 'ci_high', 'p_val', 'n']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sclab.stats._common import (
    ADJ_R2,
    CI_HIGH,
    CI_LOW,
    COEF,
    DIFF,
    EFFECT,
    GROUP,
    GROUP1,
    GROUP2,
    MEDIATOR,
    N1,
    N2,
    N_SIMS,
    P_VAL,
    PATH,
    POWER,
    R2,
    SE,
    TERM,
    D,
    G,
    N,
    R,
    T,
    Z,
)
from sclab.stats.correlation import (
    attenuate,
    compare_correlations,
    correlation,
    correlation_by_group,
    difference_test,
    disattenuate,
    split_at,
)
from sclab.stats.models import cohens_d, hedges_g, mediation, regression, regression_fit
from sclab.stats.power import power_by_simulation, power_curve

__all__ = [
    "ADJ_R2",
    "CI_HIGH",
    "CI_LOW",
    "COEF",
    "DIFF",
    "EFFECT",
    "GROUP",
    "GROUP1",
    "GROUP2",
    "MEDIATOR",
    "N1",
    "N2",
    "N_SIMS",
    "PATH",
    "POWER",
    "P_VAL",
    "R2",
    "SE",
    "TERM",
    "D",
    "G",
    "N",
    "R",
    "T",
    "Z",
    "attenuate",
    "cohens_d",
    "compare_correlations",
    "correlation",
    "correlation_by_group",
    "cronbach_alpha",
    "difference_test",
    "disattenuate",
    "hedges_g",
    "mediation",
    "power_by_simulation",
    "power_curve",
    "regression",
    "regression_fit",
    "split_at",
]


def cronbach_alpha(
    data: pd.DataFrame, *, columns: Sequence[str] | None = None, ci: float = 0.95
) -> pd.DataFrame:
    """Cronbach's alpha of item columns, with its confidence interval (pingouin).

    Rows with any missing item are left out (listwise), so ``n`` is the number of complete rows.
    Items must already be keyed: reverse-worded items reversed (``Instrument.keyed``), or
    alpha is wrong, which is the mistake this course teaches students to spot.

    Returns one row with columns ``alpha``, ``ci_low``, ``ci_high``, ``n``, ``k``.

    >>> items = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> round(float(cronbach_alpha(items)["alpha"].iloc[0]), 3)
    0.954
    """
    import pingouin

    frame = data[list(columns)] if columns is not None else data
    if frame.shape[1] < 2:
        raise ValueError(f"alpha needs at least 2 item columns; got {frame.shape[1]}")
    n = int(frame.notna().all(axis=1).sum())
    if n < 2:
        raise ValueError(f"alpha needs at least 2 rows with every item answered; got {n}")
    alpha, (low, high) = pingouin.cronbach_alpha(frame.astype(float), nan_policy="listwise", ci=ci)
    return pd.DataFrame(
        {
            "alpha": [float(alpha)],
            CI_LOW: [float(low)],
            CI_HIGH: [float(high)],
            N: [n],
            "k": [frame.shape[1]],
        }
    )
