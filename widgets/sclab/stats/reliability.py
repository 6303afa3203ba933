"""Reliability for :mod:`sclab.stats`: Cronbach's alpha of item columns (pingouin), and Spearman's
correction of a correlation for the unreliability of its two scales. Import these from ``sclab.stats``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sclab.stats._common import CI_HIGH, CI_LOW, CRONBACH_ALPHA, K, N

__all__: list[str] = []


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

    items = data[list(columns)] if columns is not None else data
    if items.shape[1] < 2:
        raise ValueError(f"alpha needs at least 2 item columns; got {items.shape[1]}")
    n = int(items.notna().all(axis=1).sum())
    if n < 2:
        raise ValueError(f"alpha needs at least 2 rows with every item answered; got {n}")
    alpha, (low, high) = pingouin.cronbach_alpha(items.astype(float), nan_policy="listwise", ci=ci)
    return pd.DataFrame(
        {
            CRONBACH_ALPHA: [float(alpha)],
            CI_LOW: [float(low)],
            CI_HIGH: [float(high)],
            N: [n],
            K: [items.shape[1]],
        }
    )


def _correlations(value, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if not np.all(np.abs(arr) <= 1):
        raise ValueError(f"{name} must lie between -1 and 1; got {value!r}")
    return arr


def _reliability(value, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if not np.all((arr > 0) & (arr <= 1)):
        raise ValueError(f"{name} must be a reliability in (0, 1] (e.g. Cronbach's alpha); got {value!r}")
    return arr


def _root_product(rel_x, rel_y) -> np.ndarray:
    """``sqrt(rel_x * rel_y)``, the factor by which unreliability weakens a correlation."""
    return np.sqrt(_reliability(rel_x, "rel_x") * _reliability(rel_y, "rel_y"))


def _out(arr: np.ndarray):
    return float(arr) if arr.ndim == 0 else arr


def disattenuate(r, rel_x, rel_y):
    """Spearman's correction: the correlation of true scores, ``r / sqrt(rel_x * rel_y)``.

    Takes numbers or arrays (for a curve) and returns the same shape. The result is not clipped:
    a value beyond +/-1 says the reliabilities are too low for this r (or r is inflated by chance).

    >>> round(disattenuate(-0.40, 0.80, 0.80), 3)
    -0.5
    """
    return _out(_correlations(r, "r") / _root_product(rel_x, rel_y))


def attenuate(rho, rel_x, rel_y):
    """The observed correlation expected from a true-score correlation: ``rho * sqrt(rel_x * rel_y)``.

    The inverse of :func:`disattenuate`: a published corrected r (e.g. MacBeth & Gumley's -.54)
    shows as a weaker r between scale scores.

    >>> round(attenuate(-0.54, 0.87, 0.88), 3)
    -0.472
    """
    return _out(_correlations(rho, "rho") * _root_product(rel_x, rel_y))
