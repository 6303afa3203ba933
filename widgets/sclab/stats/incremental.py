"""Incremental validity: hierarchical (blockwise) regression with statsmodels, the change in R squared
at each step and its F test (``RegressionResults.compare_f_test``), the R squared a correlation matrix
implies, and partial-regression residuals.

Import these from ``sclab.stats.incremental``.

>>> from sclab import load_sample
>>> df = load_sample("parents-autism")
>>> steps = hierarchical_regression(df, "parental_stress_total", [["severity_total"], ["scs_total"]])
>>> steps["step"].tolist(), steps["n"].tolist()
([1, 2], [51, 51])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sclab.stats._common import ADJ_R2, COEF, P_VAL, R2, N, _complete, _names

__all__ = [
    "ADDED",
    "DELTA_R2",
    "DF_DEN",
    "DF_NUM",
    "F_CHANGE",
    "STEP",
    "X_RESID",
    "Y_RESID",
    "hierarchical_regression",
    "partial_residuals",
    "r2_from_correlations",
    "weights_from_correlations",
]

STEP = "step"  # 1, 2, ...
ADDED = "added"  # the predictors a step adds, comma-separated
DELTA_R2 = "delta_r2"  # R squared gained at the step (step 1: its R squared)
F_CHANGE = "f_change"  # F test of the gain
DF_NUM = "df_num"  # its numerator degrees of freedom (predictors added)
DF_DEN = "df_den"  # its denominator degrees of freedom (residual df of the larger model)
X_RESID = "x_resid"
Y_RESID = "y_resid"


def _steps(steps: Sequence[Sequence[str]]) -> list[list[str]]:
    if isinstance(steps, str) or not isinstance(steps, Sequence) or not steps:
        raise ValueError(
            "steps must be a list of steps, each a list of predictor columns, e.g. [['a'], ['b']]"
        )
    out = [_names(s, f"step {k}") for k, s in enumerate(steps, start=1)]
    flat = [c for s in out for c in s]
    twice = sorted({c for c in flat if flat.count(c) > 1})
    if twice:
        raise ValueError(f"each predictor enters at one step only; given more than once: {twice}")
    return out


def _fit(frame: pd.DataFrame, y: str, x: list[str]):
    from statsmodels.regression.linear_model import OLS

    exog = np.column_stack([np.ones(len(frame)), frame[x].to_numpy()]) if x else np.ones((len(frame), 1))
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        raise ValueError(
            f"the predictors {', '.join(x)} are collinear (one is a mix of the others); drop one"
        )
    return OLS(frame[y].to_numpy(), exog).fit()


def hierarchical_regression(data: pd.DataFrame, y: str, steps: Sequence[Sequence[str]]) -> pd.DataFrame:
    """Regress ``y`` on blocks of predictors entered one step at a time (statsmodels ``OLS``).

    Every step's model holds the predictors of all earlier steps too. Rows missing any column of any
    step are left out first (listwise), so every step is fitted on the same people and the models
    are nested. The gain of a step is tested against the model before it with
    ``compare_f_test`` (step 1 against the intercept alone, which is the model's overall F test).

    Returns
    -------
    One row per step: ``step``, ``added``, ``r2``, ``adj_r2``, ``delta_r2``, ``f_change``,
    ``df_num``, ``df_den``, ``p_val`` (of the F change), ``n``.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"y": [1, 3, 2, 5, 4, 6], "a": [1, 2, 2, 3, 3, 4], "b": [0, 1, 0, 1, 0, 1]})
    >>> out = hierarchical_regression(d, "y", [["a"], ["b"]])
    >>> bool(abs(out["r2"].iloc[1] - out["r2"].iloc[0] - out["delta_r2"].iloc[1]) < 1e-12)
    True
    """
    blocks = _steps(steps)
    columns = [c for s in blocks for c in s]
    frame = _complete(data, [y, *columns], what="a hierarchical regression", min_rows=len(columns) + 2)
    rows, used = [], []
    previous = _fit(frame, y, [])
    for k, block in enumerate(blocks, start=1):
        used = used + block
        fit = _fit(frame, y, used)
        f_change, p, df_num = fit.compare_f_test(previous)
        rows.append(
            {
                STEP: k,
                ADDED: ", ".join(block),
                R2: float(fit.rsquared),
                ADJ_R2: float(fit.rsquared_adj),
                DELTA_R2: float(fit.rsquared - (previous.rsquared if k > 1 else 0.0)),
                F_CHANGE: float(f_change),
                DF_NUM: round(df_num),
                DF_DEN: round(fit.df_resid),
                P_VAL: float(p),
                N: int(fit.nobs),
            }
        )
        previous = fit
    return pd.DataFrame(rows)


def r2_from_correlations(r: pd.DataFrame, y: str, x: Sequence[str]) -> float:
    """The R squared of ``y`` on ``x`` that a correlation matrix implies (population, no sampling):
    ``r_yx' R_xx^-1 r_yx``.

    >>> r = pd.DataFrame([[1, .3, .5], [.3, 1, 0], [.5, 0, 1]], index=list("yab"), columns=list("yab"))
    >>> round(r2_from_correlations(r, "y", ["a", "b"]), 4)
    0.34
    """
    weights = weights_from_correlations(r, y, x)
    return float(weights.to_numpy() @ r.loc[weights.index, y].to_numpy(dtype=float))


def weights_from_correlations(r: pd.DataFrame, y: str, x: Sequence[str]) -> pd.Series:
    """The standardised regression weights (betas) of ``y`` on ``x`` that a correlation matrix
    implies: ``R_xx^-1 r_yx``, one per predictor (indexed by name).

    >>> r = pd.DataFrame([[1, .3, .5], [.3, 1, 0], [.5, 0, 1]], index=list("yab"), columns=list("yab"))
    >>> weights_from_correlations(r, "y", ["a", "b"]).round(2).tolist()
    [0.3, 0.5]
    """
    x = _names(x, "x")
    _check_matrix(r, [y, *x])
    rxx = r.loc[x, x].to_numpy(dtype=float)
    return pd.Series(np.linalg.solve(rxx, r.loc[x, y].to_numpy(dtype=float)), index=x)


def _check_matrix(r: pd.DataFrame, names: list[str]) -> None:
    missing = [c for c in names if c not in r.index or c not in r.columns]
    if missing:
        raise ValueError(
            f"the correlation matrix has no row and column for {missing}; it has {list(r.index)}"
        )


def partial_residuals(data: pd.DataFrame, y: str, x: str, controls: Sequence[str]) -> pd.DataFrame:
    """What is left of ``y`` and of ``x`` after each is regressed on ``controls`` (statsmodels OLS
    residuals), for a partial-regression (added-variable) plot. The slope of ``y_resid`` on
    ``x_resid`` is ``x``'s coefficient in the regression of ``y`` on ``x`` and the controls.

    Returns
    -------
    One row per complete row of the data (its index kept): ``x_resid``, ``y_resid``; the slope is
    in ``attrs["coef"]``.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"y": [1, 3, 2, 5, 4, 6], "a": [1, 2, 2, 3, 3, 4], "b": [0, 1, 0, 1, 0, 1]})
    >>> out = partial_residuals(d, "y", "b", ["a"])
    >>> out.columns.tolist(), len(out)
    (['x_resid', 'y_resid'], 6)
    """
    controls = _names(controls, "controls")
    frame = _complete(data, [y, x, *controls], what="a partial regression", min_rows=len(controls) + 3)
    out = pd.DataFrame(
        {X_RESID: _fit(frame, x, controls).resid, Y_RESID: _fit(frame, y, controls).resid},
        index=frame.index,
    )
    sx = float(out[X_RESID] @ out[X_RESID])
    out.attrs[COEF] = float(out[X_RESID] @ out[Y_RESID] / sx) if sx > 0 else float("nan")
    return out
