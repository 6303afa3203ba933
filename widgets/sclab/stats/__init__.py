"""Thin, named wrappers over pingouin / scipy / statsmodels, returning tidy frames.

Column names mean the same thing everywhere (``r``, ``ci_low``, ``ci_high``, ``p_val``, ``n``, ...;
the constants below) and so do keywords (``data=``, ``x=``, ``y=``, ``by=``, ``seed=``). Every interval
is 95%. Nothing is rounded here; rounding happens where a number is shown. Bad input raises
``ValueError`` naming the column or argument and the rule.

One topic a module; import everything from here (``from sclab import stats``):

- reliability: :func:`cronbach_alpha`, :func:`disattenuate`, :func:`attenuate`
- correlation: :func:`correlation`, :func:`compare_correlations`, :func:`correlation_by_group`,
  :func:`difference_test`, :func:`split_at`
- regression: :func:`regression`, :func:`regression_fit`, :func:`regression_with_fit`
- mediation: :func:`mediation`
- effect_sizes: :func:`cohens_d`, :func:`hedges_g`
- power: :func:`power_by_simulation`, :func:`power_curve`

>>> from sclab import load_sample
>>> correlation(load_sample("emerging-adults"), "distress_total", "satisfaction_total").columns.tolist()
['r', 'ci_low', 'ci_high', 'p_val', 'n']
"""

from __future__ import annotations

from sclab.stats._common import (
    ADJ_R2,
    ALPHA_LEVEL,
    CI_HIGH,
    CI_LOW,
    COEF,
    CRONBACH_ALPHA,
    DIFF,
    EFFECT,
    EFFECT_SIZE,
    GROUP,
    GROUP1,
    GROUP2,
    MEDIATOR,
    N1,
    N2,
    N_PER_ARM,
    N_SIMS,
    P_VAL,
    PATH,
    POWER,
    R2,
    SE,
    TERM,
    D,
    G,
    K,
    N,
    R,
    T,
    Z,
)
from sclab.stats.correlation import (
    compare_correlations,
    correlation,
    correlation_by_group,
    difference_test,
    split_at,
)
from sclab.stats.effect_sizes import cohens_d, hedges_g
from sclab.stats.mediation import mediation
from sclab.stats.power import power_by_simulation, power_curve
from sclab.stats.regression import regression, regression_fit, regression_with_fit
from sclab.stats.reliability import attenuate, cronbach_alpha, disattenuate

__all__ = [
    "ADJ_R2",
    "ALPHA_LEVEL",
    "CI_HIGH",
    "CI_LOW",
    "COEF",
    "CRONBACH_ALPHA",
    "DIFF",
    "EFFECT",
    "EFFECT_SIZE",
    "GROUP",
    "GROUP1",
    "GROUP2",
    "MEDIATOR",
    "N1",
    "N2",
    "N_PER_ARM",
    "N_SIMS",
    "PATH",
    "POWER",
    "P_VAL",
    "R2",
    "SE",
    "TERM",
    "D",
    "G",
    "K",
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
    "regression_with_fit",
    "split_at",
]
