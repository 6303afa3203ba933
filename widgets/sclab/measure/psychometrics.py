"""Measurement on item-level answers: item-total correlations, keying, short sets, error bands.

Plain functions over DataFrames and numbers, with no widgets or plots, so the explorer of
notebook 03 and any analysis call the same code. Nothing is rounded here.

>>> import pandas as pd
>>> items = pd.DataFrame(
...     {"a": [1, 2, 3, 4, 5], "b": [2, 1, 4, 3, 5], "c": [1, 3, 2, 5, 4], "d": [5, 4, 4, 2, 1]}
... )
>>> item_total_correlations(items)["r"].round(2).tolist()   # d is worded the other way round
[0.87, 0.43, 0.18, -0.96]
>>> items["d"] = 6 - items["d"]                              # reverse it (1-5 scale)
>>> item_total_correlations(items)["r"].round(2).tolist()
[0.99, 0.62, 0.7, 0.96]
>>> round(sem(sd=0.61, alpha=0.87), 3)
0.22
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sclab.stats import cronbach_alpha

if TYPE_CHECKING:
    from sclab.measure.instrument import Instrument

__all__ = [
    "KEYINGS",
    "Z95",
    "alpha_with_and_without_keying",
    "apply_key",
    "balanced_subset",
    "error_band",
    "item_total_correlations",
    "keying_sets",
    "observed_scores",
    "sem",
    "short_form_summary",
    "short_total",
]

#: The keyings the course compares, in the order they are shown.
KEYINGS = ("correct", "none", "first_negative_only")
#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def item_total_correlations(data: pd.DataFrame) -> pd.DataFrame:
    """Corrected item-total correlations: each item against the sum of all the *other* items.

    ``data`` holds one column per item, used as given (key them first, or not, to see the
    difference). Rows with any missing item are left out. An item that does not vary gets ``r`` = NaN.

    Returns a frame with columns ``item`` (the column name) and ``r``, in the items' order.

    >>> items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4], "c": [2, 2, 3, 3]})
    >>> item_total_correlations(items)["r"].round(3).tolist()
    [0.949, 0.707, 0.707]
    """
    if data.shape[1] < 2:
        raise ValueError(f"item-total correlations need at least 2 item columns; got {data.shape[1]}")
    x = data.dropna().to_numpy(dtype=float)
    if x.shape[0] < 3:
        raise ValueError(
            f"item-total correlations need at least 3 rows with every item answered; got {len(x)}"
        )
    rest = x.sum(axis=1, keepdims=True) - x
    xc, rc = x - x.mean(axis=0), rest - rest.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (xc * rc).sum(axis=0) / np.sqrt((xc**2).sum(axis=0) * (rc**2).sum(axis=0))
    return pd.DataFrame({"item": [str(c) for c in data.columns], "r": r})


def keying_sets(instrument: Instrument) -> dict[str, list[str]]:
    """Which item columns each keying in :data:`KEYINGS` reverses.

    ``correct``: the instrument's key; ``none``: nothing; ``first_negative_only``: only the items
    of the first negative subscale (a plausible slip, like the wrong keys public tools have shipped).

    >>> from sclab import load_instrument
    >>> sets = keying_sets(load_instrument("scs"))
    >>> len(sets["correct"]), len(sets["none"]), sets["first_negative_only"]
    (13, 0, ['scs_1', 'scs_8', 'scs_11', 'scs_16', 'scs_21'])
    """
    correct = [instrument.item_id(it.number) for it in instrument.items if it.reversed]
    negative = [s.id for s in instrument.subscales if s.polarity == "negative"]
    first = []
    if negative:
        first = [instrument.item_id(it.number) for it in instrument.subscale_items(negative[0])]
    return {"correct": correct, "none": [], "first_negative_only": [c for c in first if c in correct]}


def apply_key(instrument: Instrument, data: pd.DataFrame, reverse: Sequence[str]) -> pd.DataFrame:
    """The instrument's item columns with exactly the columns in ``reverse`` turned around (min + max - x).

    Invalid answers (missing, outside the range, not whole numbers) become NaN; ``data`` is not changed.

    >>> from sclab import load_instrument
    >>> sf = load_instrument("scs-sf")
    >>> answers = pd.DataFrame([{f"scssf_{i}": 1 for i in range(1, 13)}])
    >>> apply_key(sf, answers, ["scssf_2"])[["scssf_1", "scssf_2"]].iloc[0].tolist()
    [1.0, 5.0]
    """
    unknown = sorted(set(reverse) - set(instrument.item_ids))
    if unknown:
        raise ValueError(
            f"cannot reverse {unknown}: not items of {instrument.short_name} "
            f"(its items are {instrument.item_ids[0]} .. {instrument.item_ids[-1]})"
        )
    keyed = instrument.keyed(data)
    lo, hi = instrument.response.min, instrument.response.max
    keyed_already = set(keying_sets(instrument)["correct"])
    flip = [c for c in instrument.item_ids if (c in reverse) != (c in keyed_already)]
    keyed[flip] = lo + hi - keyed[flip]
    return keyed


def alpha_with_and_without_keying(instrument: Instrument, data: pd.DataFrame) -> pd.DataFrame:
    """Cronbach's alpha and mean item-total correlations under each keying in :data:`KEYINGS`.

    Returns one row per keying with columns ``keying``, ``n_reversed``, ``alpha``, ``ci_low``,
    ``ci_high``, ``n``, ``k``, ``r_positive`` and ``r_negative`` (the mean corrected item-total
    correlation of the items of positive and of negative subscales).

    >>> from sclab import load_instrument, simulate
    >>> scs = load_instrument("scs")
    >>> table = alpha_with_and_without_keying(scs, simulate("students-scs", n=400, seed=2))
    >>> table["keying"].tolist(), bool(table["alpha"].iloc[0] > table["alpha"].iloc[1])
    (['correct', 'none', 'first_negative_only'], True)
    """
    polarity = {s.id: s.polarity for s in instrument.subscales}
    negative = {
        instrument.item_id(it.number) for it in instrument.items if polarity[it.subscale] == "negative"
    }
    rows = []
    for name, reverse in keying_sets(instrument).items():
        keyed = apply_key(instrument, data, reverse)
        itc = item_total_correlations(keyed)
        neg = itc["item"].isin(negative)
        row = cronbach_alpha(keyed).iloc[0].to_dict()
        rows.append(
            {
                "keying": name,
                "n_reversed": len(reverse),
                **row,
                "r_positive": float(itc.loc[~neg, "r"].mean()),
                "r_negative": float(itc.loc[neg, "r"].mean()) if neg.any() else math.nan,
            }
        )
    out = pd.DataFrame(rows)
    return out.astype({"n": int, "k": int})


def balanced_subset(instrument: Instrument, k: int) -> list[str]:
    """``k`` item columns spread across the subscales: one from each in turn, in declared order.

    With the SCS's order (kindness, judgment, humanity, isolation, mindfulness, over-identification)
    every even ``k`` takes as many compassionate as uncompassionate items.

    >>> from sclab import load_instrument
    >>> balanced_subset(load_instrument("scs"), 6)
    ['scs_5', 'scs_1', 'scs_3', 'scs_4', 'scs_9', 'scs_2']
    """
    n = instrument.n_items
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"k must be a whole number of items from 1 to {n}; got {k!r}")
    queues = [
        [instrument.item_id(it.number) for it in instrument.subscale_items(sub.id)]
        for sub in instrument.subscales
    ]
    chosen: list[str] = []
    depth = 0
    while len(chosen) < k:
        for q in queues:
            if depth < len(q) and len(chosen) < k:
                chosen.append(q[depth])
        depth += 1
    return chosen


def short_total(instrument: Instrument, data: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """The mean of the chosen items after the instrument's reverse keying (NaN if any is missing)."""
    keyed = instrument.keyed(data)
    return keyed[list(columns)].mean(axis=1, skipna=False).rename("short_total")


def short_form_summary(instrument: Instrument, data: pd.DataFrame, k: int) -> pd.DataFrame:
    """How well a balanced ``k``-item set stands in for the full scale's total.

    Returns one row: ``k``, ``r`` (Pearson correlation of the short total with the instrument's
    total by its declared rule, over rows where both exist), ``alpha``, ``ci_low``, ``ci_high``
    (the short set's Cronbach's alpha) and ``n``.

    >>> from sclab import load_instrument, simulate
    >>> scs = load_instrument("scs")
    >>> row = short_form_summary(scs, simulate("students-scs", n=400, seed=2), 26).iloc[0]
    >>> bool(row["r"] > 0.99), int(row["k"])
    (True, 26)
    """
    columns = balanced_subset(instrument, k)
    short = short_total(instrument, data, columns)
    long = instrument.score(data)["total"]
    both = pd.concat([short, long], axis=1).dropna()
    a = cronbach_alpha(instrument.keyed(data)[columns]).iloc[0] if k >= 2 else None
    return pd.DataFrame(
        {
            "k": [k],
            "r": [float(np.corrcoef(both.iloc[:, 0], both.iloc[:, 1])[0, 1])],
            "alpha": [math.nan if a is None else float(a["alpha"])],
            "ci_low": [math.nan if a is None else float(a["ci_low"])],
            "ci_high": [math.nan if a is None else float(a["ci_high"])],
            "n": [len(both)],
        }
    )


def _check_sd_alpha(sd: float, alpha: float) -> None:
    if not (isinstance(sd, (int, float)) and math.isfinite(sd) and sd > 0):
        raise ValueError(f"sd must be a positive number (the spread of the total); got {sd!r}")
    if not (isinstance(alpha, (int, float)) and math.isfinite(alpha) and 0 <= alpha < 1):
        raise ValueError(f"alpha must be at least 0 and below 1 (a reliability); got {alpha!r}")


def sem(sd: float, alpha: float) -> float:
    """Standard error of measurement, ``sd * sqrt(1 - alpha)``.

    >>> sem(1.0, 0.75)
    0.5
    """
    _check_sd_alpha(sd, alpha)
    return float(sd) * math.sqrt(1 - float(alpha))


def error_band(score: float, sd: float, alpha: float, *, z: float = Z95) -> tuple[float, float]:
    """The band ``score +/- z * SEM`` (95% for the default ``z``), not clipped to the scale.

    >>> [round(v, 2) for v in error_band(3.0, 0.61, 0.87)]
    [2.57, 3.43]
    """
    if not math.isfinite(score):
        raise ValueError(f"score must be a finite number; got {score!r}")
    half = z * sem(sd, alpha)
    return score - half, score + half


def observed_scores(
    true_score: float,
    sd: float,
    alpha: float,
    *,
    n: int = 2000,
    seed: int = 1,
    clip: tuple[float, float] | None = None,
) -> np.ndarray:
    """``n`` observed scores of one person: the true score plus normal error with SD = SEM.

    The classical test theory picture of retaking a test many times with no memory of the last.
    ``clip`` (low, high) keeps draws on the scale, as real totals cannot leave it.

    >>> draws = observed_scores(3.0, 0.61, 0.87, n=20_000, seed=5)
    >>> round(float(draws.std()), 2)
    0.22
    """
    spread = sem(sd, alpha)
    if not math.isfinite(true_score):
        raise ValueError(f"true_score must be a finite number; got {true_score!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of draws, at least 1; got {n!r}")
    draws = true_score + spread * np.random.default_rng(seed).standard_normal(n)
    return np.clip(draws, *clip) if clip is not None else draws
