"""Regression for :mod:`sclab.stats`: ordinary least squares (statsmodels), one row per term, and the
model's fit in a second frame. Import these from ``sclab.stats``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sclab.stats._common import (
    ADJ_R2,
    CI_HIGH,
    CI_LOW,
    COEF,
    DF_MODEL,
    DF_RESID,
    LEVEL,
    P_VAL,
    R2,
    SE,
    TERM,
    F,
    N,
    T,
    _complete,
    _names,
)

__all__: list[str] = []

INTERCEPT = "Intercept"


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
    >>> regression(df, "satisfaction_total", ["friends", "family"], standardise=True)["term"].tolist()
    ['Intercept', 'friends', 'family']
    """
    return _terms_frame(*_ols(data, y, x, standardise))


def _terms_frame(fit, terms: list[str]) -> pd.DataFrame:
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
    >>> fit = regression_fit(load_sample("emerging-adults"), "satisfaction_total", ["distress_total"])
    >>> int(fit["n"].iloc[0]), bool(0 < fit["r2"].iloc[0] < 1)
    (200, True)
    """
    return _fit_frame(_ols(data, y, x, standardise)[0])


def _fit_frame(fit) -> pd.DataFrame:
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


def regression_with_fit(
    data: pd.DataFrame, y: str, x: Sequence[str], *, standardise: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`regression` and :func:`regression_fit` from one fit: (terms, fit), for a view that
    shows both and redraws often.

    >>> from sclab import load_sample
    >>> df = load_sample("emerging-adults")
    >>> terms, fit = regression_with_fit(df, "satisfaction_total", ["distress_total"])
    >>> len(terms), int(fit["n"].iloc[0])
    (2, 200)
    """
    fit, terms = _ols(data, y, x, standardise)
    return _terms_frame(fit, terms), _fit_frame(fit)
