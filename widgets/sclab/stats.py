"""Thin, named wrappers over pingouin / scipy / statsmodels, returning tidy frames.

Column names mean the same thing everywhere: ``alpha``, ``r``, ``ci_low``, ``ci_high``,
``p_val``, ``n``, ``k``. Nothing is rounded here; rounding happens where a number is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["cronbach_alpha"]


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
            "ci_low": [float(low)],
            "ci_high": [float(high)],
            "n": [n],
            "k": [frame.shape[1]],
        }
    )
