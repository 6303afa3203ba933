"""Models for :mod:`sclab.stats`: OLS regression (statsmodels), parallel mediation with bootstrap
intervals (pingouin) and standardised mean differences (pingouin). Import these from ``sclab.stats``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from sclab.stats._common import (
    ADJ_R2,
    CI_HIGH,
    CI_LOW,
    COEF,
    DF_MODEL,
    DF_RESID,
    EFFECT,
    GROUP1,
    GROUP2,
    LEVEL,
    MEDIATOR,
    N1,
    N2,
    P_VAL,
    PATH,
    R2,
    SE,
    TERM,
    D,
    F,
    G,
    N,
    T,
    _column,
    _complete,
    _report,
)
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__: list[str] = []

INTERCEPT = "Intercept"
# pingouin.compute_esci always rounds its interval; 15 decimals is below double precision for
# effect sizes of any usable size, so nothing is rounded in effect.
_FULL = 15


def _names(value, what: str) -> list[str]:
    names = [value] if isinstance(value, str) else list(value)
    if not names:
        raise ValueError(f"{what} must name at least one column")
    return names


def _ols(data: pd.DataFrame, y: str, x: Sequence[str], standardise: bool):
    from statsmodels.regression.linear_model import OLS

    x = _names(x, "x")
    if not isinstance(standardise, bool):
        raise ValueError(f"standardise must be True or False; got {standardise!r}")
    frame = _complete(data, [y, *x], what="a regression", min_rows=len(x) + 2)
    if standardise:
        frame = (frame - frame.mean()) / frame.std(ddof=1)
    exog = np.column_stack([np.ones(len(frame)), frame[x].to_numpy()])
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        raise ValueError(
            f"the predictors {', '.join(x)} are collinear (one is a mix of the others); drop one"
        )
    return OLS(frame[y].to_numpy(), exog).fit(), [INTERCEPT, *x]


def regression(data: pd.DataFrame, y: str, x: Sequence[str], *, standardise: bool = False) -> pd.DataFrame:
    """Ordinary least squares of ``y`` on the ``x`` columns (statsmodels ``OLS``), one row per term.

    Rows missing any of the columns are left out (listwise). With ``standardise=True`` every column
    is turned into z scores first (over the complete rows), so ``coef`` is a standardised beta and the
    intercept is 0. The model's fit (R squared, n) is in a second frame: :func:`regression_fit`.

    Returns
    -------
    One row per term, the intercept first: ``term``, ``coef``, ``se``, ``t``, ``p_val``, ``ci_low``,
    ``ci_high`` (95%).

    >>> from sclab import load_sample
    >>> df = load_sample("emerging-adults")
    >>> regression(df, "satisfaction", ["friends", "family"], standardise=True)["term"].tolist()
    ['Intercept', 'friends', 'family']
    """
    fit, terms = _ols(data, y, x, standardise)
    ci = fit.conf_int(alpha=1 - LEVEL)
    return pd.DataFrame(
        {
            TERM: terms,
            COEF: fit.params,
            SE: fit.bse,
            T: fit.tvalues,
            P_VAL: fit.pvalues,
            CI_LOW: ci[:, 0],
            CI_HIGH: ci[:, 1],
        }
    )


def regression_fit(
    data: pd.DataFrame, y: str, x: Sequence[str], *, standardise: bool = False
) -> pd.DataFrame:
    """How well the :func:`regression` of ``y`` on ``x`` fits: one row.

    Returns
    -------
    ``r2``, ``adj_r2``, ``f``, ``p_val`` (of the F test that every slope is 0), ``df_model``,
    ``df_resid``, ``n`` (complete rows).

    >>> from sclab import load_sample
    >>> fit = regression_fit(load_sample("emerging-adults"), "satisfaction", ["distress"])
    >>> int(fit["n"].iloc[0]), bool(0 < fit["r2"].iloc[0] < 1)
    (200, True)
    """
    fit, _ = _ols(data, y, x, standardise)
    return pd.DataFrame(
        {
            R2: [float(fit.rsquared)],
            ADJ_R2: [float(fit.rsquared_adj)],
            F: [float(fit.fvalue)],
            P_VAL: [float(fit.f_pvalue)],
            DF_MODEL: [int(fit.df_model)],
            DF_RESID: [int(fit.df_resid)],
            N: [int(fit.nobs)],
        }
    )


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
    One row per path: ``path`` (e.g. ``"scs_total ~ distress"``), ``effect`` (``a``, ``b``,
    ``total``, ``direct``, ``indirect``), ``mediator`` (missing for total and direct), ``coef``,
    ``se``, ``p_val``, ``ci_low``, ``ci_high``, ``n``. For indirect rows ``se`` is the bootstrap SD,
    ``p_val`` the bootstrap p of pingouin (0 when no resample crosses 0: read it as p < 1 / n_boot),
    and the interval bias-corrected; other rows are OLS.

    >>> from sclab import load_sample
    >>> df = load_sample("emerging-adults")
    >>> out = mediation(df, "distress", ["scs_total", "family"], "satisfaction", n_boot=200, seed=1)
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
    k = len(m)
    effect = ["a"] * k + ["b"] * k + ["total", "direct"] + ["indirect"] * k
    out = pd.DataFrame(
        {
            PATH: [f"{v} ~ {x}" for v in m]
            + [f"{y} ~ {v}" for v in m]
            + [f"{y} ~ {x} (total)", f"{y} ~ {x} (direct)"]
            + [f"{x} -> {v} -> {y}" for v in m],
            EFFECT: effect,
            MEDIATOR: [*m, *m, None, None, *m],
            COEF: res["coef"].to_numpy(dtype=float),
            SE: res["se"].to_numpy(dtype=float),
            P_VAL: res["pval"].to_numpy(dtype=float),
            CI_LOW: res.iloc[:, 4].to_numpy(dtype=float),
            CI_HIGH: res.iloc[:, 5].to_numpy(dtype=float),
            N: len(frame),
        }
    )
    cols = [COEF, SE, P_VAL, CI_LOW, CI_HIGH]
    out.loc[k : 2 * k - 1, cols] = regression(frame, y, [x, *m]).iloc[2:][cols].to_numpy()
    return out


def _two_groups(data: pd.DataFrame, y: str, by: str, levels, what: str) -> tuple[pd.Series, pd.Series, tuple]:
    keyed = _column(data, by, what=what)
    if by == y:
        raise ValueError(f"by must be a group column other than y; both are {y!r}")
    values = _complete(data, [y], what=what, min_rows=4)[y]
    keyed = keyed.loc[values.index]
    present = sorted(keyed.dropna().unique().tolist(), key=str)
    if levels is None:
        if len(present) != 2:
            raise ValueError(
                f"column {by!r} has {len(present)} groups ({present}); name two with levels=(first, second)"
            )
        levels = tuple(present)
    if len(levels) != 2 or levels[0] == levels[1] or any(lv not in present for lv in levels):
        raise ValueError(f"levels must name two different groups of {by!r} among {present}; got {levels!r}")
    a, b = (values[keyed == lv] for lv in levels)
    for lv, part in zip(levels, (a, b), strict=True):
        if len(part) < 2:
            raise ValueError(f"group {lv!r} of {by!r} has {len(part)} complete rows; {what} needs at least 2")
    return a, b, tuple(levels)


def _smd(data, y, by, levels, eftype: str, column: str) -> pd.DataFrame:
    import pingouin

    what = "Cohen's d" if eftype == "cohen" else "Hedges' g"
    a, b, levels = _two_groups(data, y, by, levels, what)
    value = float(pingouin.compute_effsize(a.to_numpy(), b.to_numpy(), eftype=eftype))
    low, high = pingouin.compute_esci(stat=value, nx=len(a), ny=len(b), eftype=eftype, decimals=_FULL)
    return pd.DataFrame(
        {
            GROUP1: [levels[0]],
            GROUP2: [levels[1]],
            column: [value],
            CI_LOW: [float(low)],
            CI_HIGH: [float(high)],
            N1: [len(a)],
            N2: [len(b)],
        }
    )


def cohens_d(data: pd.DataFrame, y: str, by: str, *, levels: tuple | None = None) -> pd.DataFrame:
    """Cohen's d of ``y`` between two groups of ``by`` (pooled SD), with a 95% interval (pingouin).

    ``d = (mean of levels[0] - mean of levels[1]) / pooled SD``. ``levels`` may be left out when
    ``by`` has exactly two groups (then they are taken in sorted order). The interval is pingouin's
    normal-theory one (Hedges & Olkin 1985), not the noncentral-t interval of JASP.

    Returns
    -------
    One row: ``group1``, ``group2``, ``d``, ``ci_low``, ``ci_high``, ``n1``, ``n2``.

    >>> from sclab import load_sample
    >>> trial = load_sample("sc-intervention-trial")
    >>> out = cohens_d(trial, "scp_post_total", "arm", levels=("self_compassion", "usual_care"))
    >>> out[["group1", "n1", "n2"]].values.tolist()
    [['self_compassion', 25, 25]]
    """
    return _smd(data, y, by, levels, "cohen", D)


def hedges_g(data: pd.DataFrame, y: str, by: str, *, levels: tuple | None = None) -> pd.DataFrame:
    """Hedges' g (Cohen's d with the small-sample correction) between two groups, with a 95% interval.

    As :func:`cohens_d`; meta-analyses of self-compassion trials (Ferrari et al. 2019) report g.

    Returns
    -------
    One row: ``group1``, ``group2``, ``g``, ``ci_low``, ``ci_high``, ``n1``, ``n2``.

    >>> df = pd.DataFrame({"score": [3, 4, 5, 4, 2, 3, 2, 3], "arm": ["sc"] * 4 + ["tau"] * 4})
    >>> round(float(hedges_g(df, "score", "arm")["g"].iloc[0]), 3)
    1.845
    """
    return _smd(data, y, by, levels, "hedges", G)
