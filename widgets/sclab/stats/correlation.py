"""Correlations for :mod:`sclab.stats`: one r with its Fisher-z interval, two compared, r by group.
Import these from ``sclab.stats``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sclab.stats._common import (
    CI_HIGH,
    CI_LOW,
    DIFF,
    GROUP,
    GROUP1,
    GROUP2,
    LEVEL,
    N1,
    N2,
    P_VAL,
    N,
    R,
    Z,
    _column,
    _complete,
    _two_levels,
)
from sclab.validation import whole_number

__all__: list[str] = []

_METHODS = ("pearson", "spearman")
_MIN_N = 4  # the Fisher z interval uses a standard error of 1 / sqrt(n - 3)


def _fisher_ci(r, n, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Fisher z interval of r: tanh(atanh(r) -/+ z_crit / sqrt(n - 3)).

    By hand because ``pingouin.compute_esci`` always rounds; tests check it against pingouin and
    ``scipy.stats.pearsonr(...).confidence_interval()``.
    """
    from scipy import stats

    z = np.arctanh(np.asarray(r, dtype=float))
    half = stats.norm.ppf(0.5 + level / 2) / np.sqrt(np.asarray(n, dtype=float) - 3)
    return np.tanh(z - half), np.tanh(z + half)


def _check_r(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not -1 < value < 1:
        raise ValueError(f"{name} must be a correlation strictly between -1 and 1; got {value!r}")
    return float(value)


def correlation(data: pd.DataFrame, x: str, y: str, *, method: str = "pearson") -> pd.DataFrame:
    """Correlation of two columns with its 95% Fisher-z interval (``scipy.stats.pearsonr`` / ``spearmanr``).

    scipy rather than ``pingouin.corr`` (which calls the same scipy functions) because importing
    pingouin costs a kernel about 60 MB, and the lecture dashboards need nothing else from it; the
    tests check every column against pingouin.

    Parameters
    ----------
    data : one row per person.
    x, y : numeric columns; rows missing either are left out (listwise).
    method : ``"pearson"`` or ``"spearman"`` (rank). For Spearman the interval uses the same
        Fisher z with ``1 / sqrt(n - 3)``, as pingouin does: an approximation.

    Returns
    -------
    One row: ``r``, ``ci_low``, ``ci_high``, ``p_val`` (two-sided), ``n`` (complete rows, at least 4).

    >>> df = pd.DataFrame({"sc": [1, 2, 3, 4, 5, 6], "distress": [9, 7, 8, 4, 5, 1]})
    >>> out = correlation(df, "sc", "distress")
    >>> list(out.columns)
    ['r', 'ci_low', 'ci_high', 'p_val', 'n']
    >>> round(float(out["r"].iloc[0]), 3), int(out["n"].iloc[0])
    (-0.908, 6)
    """
    from scipy import stats

    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}; got {method!r}")
    frame = _complete(data, [x, y], what="a correlation", min_rows=_MIN_N)
    xs, ys = frame[x].to_numpy(dtype=float), frame[y].to_numpy(dtype=float)
    res = stats.pearsonr(xs, ys) if method == "pearson" else stats.spearmanr(xs, ys)
    r, p = float(res.statistic), float(res.pvalue)
    n = len(frame)
    low, high = _fisher_ci(r, n)
    return pd.DataFrame({R: [r], CI_LOW: [float(low)], CI_HIGH: [float(high)], P_VAL: [p], N: [n]})


def compare_correlations(r1: float, n1: int, r2: float, n2: int) -> pd.DataFrame:
    """Fisher's z test of two correlations from independent groups, with a 95% interval for r1 - r2.

    ``z = (atanh r1 - atanh r2) / sqrt(1/(n1-3) + 1/(n2-3))``, two-sided normal p (scipy). The
    interval for the difference ``r1 - r2`` is Zou's (2007, Psychol Methods 12:399), built from the
    two Fisher intervals, as in R's cocor; it excludes 0 nearly always when p < .05, not exactly.

    Returns
    -------
    One row: ``diff`` (r1 - r2), ``ci_low``, ``ci_high``, ``z``, ``p_val``, ``n1``, ``n2``.

    >>> out = compare_correlations(0.5, 100, 0.3, 100)
    >>> round(float(out["z"].iloc[0]), 2), round(float(out["p_val"].iloc[0]), 3)
    (1.67, 0.095)
    """
    from scipy import stats

    r1, r2 = _check_r(r1, "r1"), _check_r(r2, "r2")
    n1, n2 = whole_number(n1, "n1", _MIN_N), whole_number(n2, "n2", _MIN_N)
    z = (np.arctanh(r1) - np.arctanh(r2)) / np.sqrt(1 / (n1 - 3) + 1 / (n2 - 3))
    p = 2 * stats.norm.sf(abs(z))
    (l1, u1), (l2, u2) = _fisher_ci(r1, n1), _fisher_ci(r2, n2)
    diff = r1 - r2
    low = diff - np.sqrt((r1 - l1) ** 2 + (u2 - r2) ** 2)
    high = diff + np.sqrt((u1 - r1) ** 2 + (r2 - l2) ** 2)
    return pd.DataFrame(
        {
            DIFF: [diff],
            CI_LOW: [float(low)],
            CI_HIGH: [float(high)],
            Z: [float(z)],
            P_VAL: [float(p)],
            N1: [n1],
            N2: [n2],
        }
    )


def split_at(
    data: pd.DataFrame, column: str, threshold: float, *, labels: tuple[str, str] = ("low", "high")
) -> pd.Series:
    """Label each row low or high on ``column``: below ``threshold`` is low, ``threshold`` and above is high.

    The threshold itself falls in the **high** group (``value >= threshold``). Missing values stay
    missing. The result is an ordered categorical (low < high) named ``<column>_group``, ready for
    ``by=`` in :func:`correlation_by_group` after ``data.assign(...)``.

    >>> df = pd.DataFrame({"distress": [5.0, 10.0, 15.0, None]})
    >>> split_at(df, "distress", 10).tolist()
    ['low', 'high', 'high', nan]
    """
    values = _column(data, column, what="a split")
    if not pd.api.types.is_numeric_dtype(values):
        raise ValueError(f"column {column!r} holds {values.dtype} values; a split needs numbers")
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float, np.number))
        or not np.isfinite(threshold)
    ):
        raise ValueError(f"threshold must be a number on the scale of {column!r}; got {threshold!r}")
    if len(labels) != 2 or labels[0] == labels[1]:
        raise ValueError(f"labels must be two different names (low, high); got {labels!r}")
    values = values.astype(float)
    codes = np.where(values.isna(), -1, (values >= threshold).astype(int))
    cat = pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)
    return pd.Series(cat, index=data.index, name=f"{column}_group")


def correlation_by_group(data: pd.DataFrame, x: str, y: str, by: str) -> pd.DataFrame:
    """The correlation of ``x`` and ``y`` within each level of ``by``: one row per group.

    Levels come in category order for a categorical ``by`` (as :func:`split_at` makes), otherwise
    sorted; rows missing ``by`` are left out. Every group needs at least 4 complete rows.

    Returns
    -------
    One row per level: ``group``, ``r``, ``ci_low``, ``ci_high``, ``p_val``, ``n``. Pass it to
    :func:`difference_test` to compare two of the groups.

    >>> df = pd.DataFrame({"sc": [1, 2, 3, 4, 1, 2, 3, 4], "wb": [1, 3, 2, 4, 4, 2, 3, 1],
    ...                    "sex": ["f"] * 4 + ["m"] * 4})
    >>> correlation_by_group(df, "sc", "wb", "sex")[["group", "r", "n"]].values.tolist()
    [['f', 0.8, 4], ['m', -0.8, 4]]
    """
    keyed = _column(data, by, what="a correlation by group")
    if isinstance(keyed.dtype, pd.CategoricalDtype):
        levels = list(keyed.cat.categories)
    else:
        levels = sorted(keyed.dropna().unique().tolist())
    if len(levels) < 2:
        raise ValueError(f"column {by!r} has {len(levels)} group(s); a correlation by group needs at least 2")
    rows = []
    for level in levels:
        part = data[keyed == level]
        try:
            res = correlation(part, x, y)
        except ValueError as err:
            raise ValueError(f"group {level!r} of {by!r}: {err}") from None
        rows.append(res.assign(**{GROUP: level}))
    out = pd.concat(rows, ignore_index=True)
    return out[[GROUP, R, CI_LOW, CI_HIGH, P_VAL, N]]


def difference_test(by_group: pd.DataFrame, *, levels: tuple | None = None) -> pd.DataFrame:
    """Fisher's z test between two rows of a :func:`correlation_by_group` frame.

    ``levels`` names the two groups (first minus second); it may be left out when there are two.

    Returns
    -------
    One row: ``group1``, ``group2`` and the columns of :func:`compare_correlations`.

    >>> groups = pd.DataFrame({"group": ["low", "high"], "r": [0.5, 0.3], "n": [100, 100]})
    >>> round(float(difference_test(groups)["z"].iloc[0]), 2)
    1.67
    """
    for c in (GROUP, R, N):
        if c not in by_group.columns:
            raise ValueError(f"by_group lacks column {c!r}; pass the frame correlation_by_group returns")
    levels = _two_levels(by_group[GROUP].tolist(), levels, where="there are")
    first, second = (by_group.loc[by_group[GROUP] == lv].iloc[0] for lv in levels)
    out = compare_correlations(float(first[R]), int(first[N]), float(second[R]), int(second[N]))
    out.insert(0, GROUP2, [levels[1]])
    out.insert(0, GROUP1, [levels[0]])
    return out
