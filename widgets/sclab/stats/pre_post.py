"""Pre-post designs: the paired change in one group (paired t test) and the difference in change
between two groups (Welch's t test on the change scores), over scipy and pingouin.

A pretest and a posttest of the same people are paired: each person's change is one number, and
the paired t test asks whether the mean change differs from zero. Two effect sizes describe it:
``d_z`` (the mean change over the SD of the changes, what the test's power depends on) and
``d_av`` (the mean change over the average of the pretest and posttest SDs, on the scale of the
scores; pingouin's paired Cohen's d). Import from ``sclab.stats.pre_post``.

>>> import pandas as pd
>>> df = pd.DataFrame({"pre": [3.0, 2.5, 4.0, 3.5, 2.0], "post": [3.5, 3.0, 4.0, 4.5, 2.5]})
>>> out = paired_change(df, "pre", "post")
>>> out[["n", "diff", "df"]].values.tolist()
[[5.0, 0.5, 4.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sclab.stats._common import (
    CI_HIGH,
    CI_LOW,
    DIFF,
    GROUP1,
    GROUP2,
    LEVEL,
    N1,
    N2,
    P_VAL,
    N,
    T,
    _column,
    _complete,
    _two_levels,
)

__all__ = [
    "DF",
    "D_AV",
    "D_CHANGE",
    "D_Z",
    "MEAN_POST",
    "MEAN_PRE",
    "SD_CHANGE",
    "change_difference",
    "paired_change",
]

MEAN_PRE = "mean_pre"
MEAN_POST = "mean_post"
SD_CHANGE = "sd_change"
DF = "df"
D_Z = "d_z"  # mean change / SD of the changes
D_AV = "d_av"  # mean change / average of the pretest and posttest SDs (pingouin's paired d)
D_CHANGE = "d_change"  # difference in mean change between groups / pooled pretest SD

_PAIRED = [N, MEAN_PRE, MEAN_POST, DIFF, SD_CHANGE, CI_LOW, CI_HIGH, T, DF, P_VAL, D_Z, D_AV]
_BETWEEN = [GROUP1, GROUP2, N1, N2, DIFF, CI_LOW, CI_HIGH, T, DF, P_VAL, D_CHANGE]


def _pair(data: pd.DataFrame, pre: str, post: str, what: str) -> pd.DataFrame:
    if pre == post:
        raise ValueError(f"pre and post must be two different columns; both are {pre!r}")
    return _complete(data, [pre, post], what=what, min_rows=3)


def paired_change(data: pd.DataFrame, pre: str, post: str) -> pd.DataFrame:
    """The mean change from ``pre`` to ``post`` in one group, with the paired t test (scipy).

    Rows missing either score are left out. ``diff`` is mean(post - pre); its 95% interval is
    scipy's ``ttest_rel(...).confidence_interval()``.

    Returns
    -------
    One row: ``n``, ``mean_pre``, ``mean_post``, ``diff``, ``sd_change``, ``ci_low``, ``ci_high``,
    ``t``, ``df``, ``p_val``, ``d_z``, ``d_av``.

    >>> from sclab import load_sample
    >>> paired_change(load_sample("humane-education-india"), "compassion_pre_total",
    ...               "compassion_post_total")["n"].item()
    100.0
    """
    import pingouin
    from scipy import stats

    frame = _pair(data, pre, post, "a paired t test")
    a, b = frame[pre].to_numpy(), frame[post].to_numpy()
    change = b - a
    sd = float(np.std(change, ddof=1))
    if sd <= 1e-12 * max(1.0, float(np.abs(change).max())):  # no spread beyond rounding
        raise ValueError(
            f"every row changes by the same amount from {pre!r} to {post!r}; the test needs it to vary"
        )
    res = stats.ttest_rel(b, a)
    ci = res.confidence_interval(confidence_level=LEVEL)
    values = [
        len(frame), a.mean(), b.mean(), change.mean(), sd, ci.low, ci.high,
        res.statistic, res.df, res.pvalue, change.mean() / sd,
        pingouin.compute_effsize(b, a, paired=True, eftype="cohen"),
    ]  # fmt: skip
    return pd.DataFrame([dict(zip(_PAIRED, map(float, values), strict=True))], columns=_PAIRED)


def change_difference(
    data: pd.DataFrame,
    pre: str,
    post: str,
    by: str,
    *,
    levels: tuple | None = None,
    standardiser: float | None = None,
) -> pd.DataFrame:
    """Whether the mean change differs between two groups of ``by``: Welch's t test on the change
    scores (scipy), ``levels[0]`` minus ``levels[1]``.

    ``d_change`` is the difference in mean change over the pooled pretest SD of the two groups (a
    standardised difference in change, as meta-analyses of controlled pre-post trials use), or over
    ``standardiser`` when given: when the groups were picked for low pretest scores their own SD is
    narrowed by the selection, and the SD of everyone screened is the fairer unit.

    Returns
    -------
    One row: ``group1``, ``group2``, ``n1``, ``n2``, ``diff``, ``ci_low``, ``ci_high``, ``t``,
    ``df``, ``p_val``, ``d_change``.

    >>> from sclab import load_sample
    >>> out = change_difference(load_sample("humane-education-india"), "compassion_pre_total",
    ...                         "compassion_post_total", "school",
    ...                         levels=("humane_education", "comparison"))
    >>> out[["group1", "n1", "n2"]].values.tolist()
    [['humane_education', 50, 50]]
    """
    from scipy import stats

    keyed = _column(data, by, what="a comparison of change")
    frame = _pair(data, pre, post, "a comparison of change")
    keyed = keyed.loc[frame.index]
    present = sorted(keyed.dropna().unique().tolist(), key=str)
    levels = _two_levels(present, levels, where=f"column {by!r} has", of=f" of {by!r}")
    parts = [frame[keyed == lv] for lv in levels]
    for lv, part in zip(levels, parts, strict=True):
        if len(part) < 2:
            raise ValueError(
                f"group {lv!r} of {by!r} has {len(part)} complete rows; the test needs at least 2"
            )
    c1, c2 = ((p[post] - p[pre]).to_numpy() for p in parts)
    res = stats.ttest_ind(c1, c2, equal_var=False)
    ci = res.confidence_interval(confidence_level=LEVEL)
    n1, n2 = len(c1), len(c2)
    v1, v2 = (float(np.var(p[pre].to_numpy(), ddof=1)) for p in parts)
    pooled_pre = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
    diff = c1.mean() - c2.mean()
    values = [
        levels[0],
        levels[1],
        n1,
        n2,
        *map(float, (diff, ci.low, ci.high, res.statistic, res.df, res.pvalue)),
    ]
    if standardiser is not None and not (np.isfinite(standardiser) and standardiser > 0):
        raise ValueError(f"standardiser must be a positive SD; got {standardiser!r}")
    values.append(float(diff / (pooled_pre if standardiser is None else standardiser)))
    return pd.DataFrame([dict(zip(_BETWEEN, values, strict=True))], columns=_BETWEEN)
