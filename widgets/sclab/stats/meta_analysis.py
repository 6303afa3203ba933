"""Meta-analysis for :mod:`sclab.stats`: studies' correlations on Fisher's z scale, and their pooled
fixed-effect and random-effects estimates with the heterogeneity statistics (a thin wrapper over
statsmodels' ``combine_effects``, DerSimonian-Laird estimate of tau squared).

Import these from ``sclab.stats.meta_analysis``.

>>> import pandas as pd
>>> studies = pd.DataFrame({"r": [-0.35, -0.20, -0.41, -0.10], "n": [60, 120, 45, 200]})
>>> result = correlation_meta_analysis(studies)
>>> result.pooled["model"].tolist()
['fixed', 'random']
>>> round(float(result.pooled["r"].iloc[0]), 3)
-0.197
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from sclab.stats._common import CI_HIGH, CI_LOW, LEVEL, P_VAL, SE, N, R, Z

__all__ = [
    "EFFECT",
    "I2",
    "MODEL",
    "TAU",
    "TAU2",
    "VARIANCE",
    "WEIGHT_FIXED",
    "WEIGHT_RANDOM",
    "MetaAnalysis",
    "Q",
    "correlation_meta_analysis",
    "fisher_z",
    "pool",
]

# --- column names (the shared ones come from sclab.stats._common) -----------------------------
EFFECT = "effect"  # an effect on the scale it was pooled on (Fisher z for correlations)
VARIANCE = "variance"  # its sampling variance
MODEL = "model"  # "fixed" or "random"
WEIGHT_FIXED = "weight_fixed"  # a study's share of the fixed-effect weight (0-1)
WEIGHT_RANDOM = "weight_random"  # its share of the random-effects weight (0-1)
Q = "q"  # Cochran's Q
DF = "df"
P_Q = "p_q"  # p of the test that every study has the same true effect
TAU2 = "tau2"  # between-study variance of the true effects (DerSimonian-Laird)
TAU = "tau"
I2 = "i2"  # share of the spread in the estimates beyond sampling error (0-1)
K = "k"

Z_LOW, Z_HIGH = "z_ci_low", "z_ci_high"


class MetaAnalysis(NamedTuple):
    """``studies`` (one row a study, with weights), ``pooled`` (rows ``fixed`` and ``random``) and
    ``heterogeneity`` (one row: ``q``, ``df``, ``p_q``, ``tau2``, ``tau``, ``i2``, ``k``)."""

    studies: pd.DataFrame
    pooled: pd.DataFrame
    heterogeneity: pd.DataFrame


def _numbers(values, name: str) -> np.ndarray:
    try:
        out = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers") from None
    if out.ndim != 1 or not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be a list of finite numbers, one a study")
    return out


def fisher_z(r, n) -> pd.DataFrame:
    """Each study's correlation ``r`` (with ``n`` people) on Fisher's z scale, with its interval and p.

    Returns columns ``r``, ``n``, ``z`` (atanh r), ``variance`` (1 / (n - 3)), ``se``, ``ci_low`` /
    ``ci_high`` (the 95% interval of z turned back into r) and ``p_val`` (Student's t test of r, the
    test a study of one correlation reports, as in ``scipy.stats.pearsonr``).

    >>> fisher_z([0.3], [103])[["z", "variance"]].round(4).iloc[0].tolist()
    [0.3095, 0.01]
    """
    from scipy import stats

    r, n = _numbers(r, "r"), _numbers(n, "n")
    if len(r) != len(n) or len(r) == 0:
        raise ValueError(f"r and n need one value a study each; got {len(r)} and {len(n)}")
    if np.any(np.abs(r) >= 1):
        raise ValueError("every r must lie strictly between -1 and 1")
    if np.any(n < 4) or np.any(n != np.round(n)):
        raise ValueError("every n must be a whole number of at least 4 (Fisher's z needs n above 3)")
    z, var = np.arctanh(r), 1.0 / (n - 3)
    se, crit = np.sqrt(var), stats.norm.ppf(0.5 + LEVEL / 2)
    t = r * np.sqrt((n - 2) / (1 - r**2))
    frame = {R: r, N: n.astype(int), Z: z, VARIANCE: var, SE: se}
    frame |= {CI_LOW: np.tanh(z - crit * se), CI_HIGH: np.tanh(z + crit * se)}
    frame[P_VAL] = 2 * stats.t.sf(np.abs(t), n - 2)
    return pd.DataFrame(frame)


def pool(effect, variance) -> MetaAnalysis:
    """Fixed-effect and random-effects estimates of the mean of ``effect`` (sampling ``variance``).

    statsmodels' ``combine_effects`` with the DerSimonian-Laird tau squared (``method_re="dl"``,
    truncated at 0 as the estimator is defined: statsmodels 0.15 leaves it negative when Cochran's
    Q is below its df) and normal-theory 95% intervals. ``pooled`` has columns ``model``, ``effect``, ``se``,
    ``ci_low``, ``ci_high``, ``p_val``; ``studies`` has ``effect``, ``variance``,
    ``weight_fixed``, ``weight_random``.

    >>> pool([0.1, 0.3], [0.01, 0.01]).pooled["effect"].round(2).tolist()
    [0.2, 0.2]
    """
    from scipy import stats
    from statsmodels.stats.meta_analysis import combine_effects

    effect, variance = _numbers(effect, "effect"), _numbers(variance, "variance")
    if len(effect) != len(variance) or len(effect) < 2:
        raise ValueError(
            f"effect and variance need one value a study each, at least 2 studies; "
            f"got {len(effect)} and {len(variance)}"
        )
    if np.any(variance <= 0):
        raise ValueError("every variance must be above 0")
    with np.errstate(invalid="ignore"):  # a negative tau squared (see below) gives NaN square roots
        res = combine_effects(effect, variance, method_re="dl", alpha=1 - LEVEL)
        (fe_lo, fe_hi), (re_lo, re_hi) = res.conf_int()[:2]
    means, ses = [res.mean_effect_fe, res.mean_effect_re], [res.sd_eff_w_fe, res.sd_eff_w_re]
    tau2, i2, weights_re = float(res.tau2), float(res.i2), res.weights_rel_re
    if tau2 < 0:
        # statsmodels 0.15 returns DerSimonian and Laird's (Q - df) / C untruncated, so when Q < df
        # its tau squared is negative and its random-effects estimate is wrong. The estimator is
        # max(0, (Q - df) / C); at 0 the random-effects model is the fixed-effect one.
        tau2, i2, weights_re = 0.0, 0.0, res.weights_rel_fe
        means[1], ses[1], (re_lo, re_hi) = means[0], ses[0], (fe_lo, fe_hi)
    pooled = pd.DataFrame(
        {
            MODEL: ["fixed", "random"],
            EFFECT: means,
            SE: ses,
            CI_LOW: [fe_lo, re_lo],
            CI_HIGH: [fe_hi, re_hi],
            P_VAL: [2 * stats.norm.sf(abs(m / s)) for m, s in zip(means, ses, strict=True)],
        }
    )
    studies = pd.DataFrame(
        {EFFECT: effect, VARIANCE: variance, WEIGHT_FIXED: res.weights_rel_fe, WEIGHT_RANDOM: weights_re}
    )
    homogeneity = res.test_homogeneity()
    heterogeneity = pd.DataFrame(
        [
            {
                Q: float(res.q),
                DF: int(res.df),
                P_Q: float(homogeneity.pvalue),
                TAU2: tau2,
                TAU: float(np.sqrt(tau2)),
                I2: max(i2, 0.0),
                K: len(effect),
            }
        ]
    )
    return MetaAnalysis(studies, pooled, heterogeneity)


def correlation_meta_analysis(data: pd.DataFrame, r: str = "r", n: str = "n") -> MetaAnalysis:
    """Pool the studies' correlations (columns ``r`` and ``n`` of ``data``) on Fisher's z scale.

    ``studies`` is :func:`fisher_z` with the weights; ``pooled`` gives each model's ``z``, ``se``,
    ``z_ci_low`` / ``z_ci_high``, and the same turned back into a correlation (``r``, ``ci_low``,
    ``ci_high``), with ``p_val``; ``heterogeneity`` is on the z scale (tau is an SD of true z).
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    for col in (r, n):
        if col not in data.columns:
            raise ValueError(f"unknown column {col!r}: the meta-analysis needs columns {r!r} and {n!r}")
    studies = fisher_z(data[r], data[n])
    res = pool(studies[Z], studies[VARIANCE])
    studies[WEIGHT_FIXED] = res.studies[WEIGHT_FIXED].to_numpy()
    studies[WEIGHT_RANDOM] = res.studies[WEIGHT_RANDOM].to_numpy()
    p = res.pooled
    pooled = pd.DataFrame(
        {
            MODEL: p[MODEL],
            Z: p[EFFECT],
            SE: p[SE],
            Z_LOW: p[CI_LOW],
            Z_HIGH: p[CI_HIGH],
            R: np.tanh(p[EFFECT]),
            CI_LOW: np.tanh(p[CI_LOW]),
            CI_HIGH: np.tanh(p[CI_HIGH]),
            P_VAL: p[P_VAL],
        }
    )
    return MetaAnalysis(studies, pooled, res.heterogeneity)
