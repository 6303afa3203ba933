"""Effect sizes for :mod:`sclab.stats`: standardised mean differences between two groups (Cohen's d,
Hedges' g) with their 95% intervals (pingouin). Import these from ``sclab.stats``."""

from __future__ import annotations

import pandas as pd

from sclab.stats._common import (
    CI_HIGH,
    CI_LOW,
    GROUP1,
    GROUP2,
    N1,
    N2,
    D,
    G,
    _column,
    _complete,
    _two_levels,
)

__all__: list[str] = []

# pingouin.compute_esci always rounds its interval; 15 decimals is below double precision for
# effect sizes of any usable size, so in practice nothing is rounded.
_FULL = 15


def _two_groups(data: pd.DataFrame, y: str, by: str, levels, what: str) -> tuple[pd.Series, pd.Series, tuple]:
    keyed = _column(data, by, what=what)
    if by == y:
        raise ValueError(f"by must be a group column other than y; both are {y!r}")
    values = _complete(data, [y], what=what, min_rows=4)[y]
    keyed = keyed.loc[values.index]
    present = sorted(keyed.dropna().unique().tolist(), key=str)
    levels = _two_levels(present, levels, where=f"column {by!r} has", of=f" of {by!r}")
    a, b = (values[keyed == lv] for lv in levels)
    for lv, part in zip(levels, (a, b), strict=True):
        if len(part) < 2:
            raise ValueError(f"group {lv!r} of {by!r} has {len(part)} complete rows; {what} needs at least 2")
    return a, b, levels


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
    ``by`` has exactly two groups (then they are taken in sorted order). The interval is
    ``pingouin.compute_esci``'s: symmetric, ``d ± t(0.975; n1 + n2 - 2) * SE`` with Hedges and Olkin's
    (1985) large-sample standard error ``SE = sqrt((n1 + n2) / (n1 n2) + d**2 / (2 (n1 + n2)))``, as R's
    ``effsize::cohen.d(noncentral = FALSE)``. It is an approximation, not the exact interval that
    inverts the noncentral t distribution (JASP, MBESS), and it can differ from that one for small
    groups or large d.

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
