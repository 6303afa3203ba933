"""The model behind ``ModerationExplorer`` (no widgets, no plots): the self x others plane split by distress.

- :func:`simulated_sample`: a sample of the card with its :func:`distress_total` (the sum of the
  card's three distress scales);
- :func:`split_correlations`: r in each distress group and Fisher's z test of their difference;
- :func:`population_split`: the same split in a large simulated population, for the values samples
  scatter around;
- :func:`analyse`: all of it for one threshold, with each group's least-squares line, computed once;
- what the view says, as plain text and table data (:func:`reading`, :func:`split_table`,
  :func:`you_note`), formatted through :mod:`sclab.formatting`.

>>> data = simulated_sample(CARD, 400, seed=5)
>>> m = analyse(data, CARD, 15)
>>> sorted(m.groups), m.groups["low"].n + m.groups["high"].n, distress_range(CARD)
(['high', 'low'], 400, (0, 63))
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sclab import stats
from sclab.formatting import ci, number, p_value, r_value, with_ci
from sclab.lessons.card_variables import as_card, sample_instrument, score_range, short_label
from sclab.lessons.correlation import line_fit
from sclab.lessons.table import Table
from sclab.populations.card import Card, load_card

__all__ = [
    "CARD",
    "DISTRESS",
    "DISTRESS_PARTS",
    "LEVELS",
    "MIN_GROUP",
    "N_MAX",
    "N_MIN",
    "POPULATION_N",
    "POPULATION_SEED",
    "SAMPLE_CAVEAT",
    "X_COLUMN",
    "Y_COLUMN",
    "Group",
    "Moderation",
    "Split",
    "X",
    "Y",
    "analyse",
    "distress_range",
    "distress_total",
    "group_label",
    "population_split",
    "reading",
    "simulated_sample",
    "split_correlations",
    "split_table",
    "you_note",
]

CARD = "spain-compassion-distress"
X, Y = "scs", "cop"  # the card's self-compassion and compassion-for-others variables
X_COLUMN, Y_COLUMN = "scs_total", "cop_total"
N_MIN, N_MAX = 50, 5000
MIN_GROUP = 10  # people a group needs for an r, a line and the test
LEVELS = ("low", "high")
DISTRESS_PARTS = ("depression", "anxiety", "stress")  # card variables; their columns are <id>_total
DISTRESS = "distress_total"
POPULATION_N = 100_000  # people in the simulated population behind the "population r" of a distress group
POPULATION_SEED = 0
SAMPLE_CAVEAT = (
    "the distress scales are simulated only. The strength of the self/others link and how it changes "
    "with distress are teaching assumptions on the card"
)


def distress_total(data: pd.DataFrame) -> pd.Series:
    """The combined distress score: depression + anxiety + stress, each a 0-21 sum, so 0-63.

    >>> parts = {"depression_total": [3], "anxiety_total": [2], "stress_total": [7]}
    >>> distress_total(pd.DataFrame(parts)).tolist()
    [12]
    """
    card = load_card(CARD)
    columns = [card.score_column(part) for part in DISTRESS_PARTS]
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"the data lack the distress column(s) {', '.join(missing)}")
    return data[columns].sum(axis=1, min_count=3).rename(DISTRESS)


def distress_range(card: Card | str) -> tuple[int, int]:
    """The lowest and highest distress total: the sums of the parts' lowest and highest scores."""
    ranges = [score_range(card, part) for part in DISTRESS_PARTS]
    return sum(lo for lo, _ in ranges), sum(hi for _, hi in ranges)


def simulated_sample(card: Card | str, n: int, seed: int) -> pd.DataFrame:
    """``n`` simulated people of the card, drawn with ``seed``, with their ``distress_total``."""
    from sclab.populations.simulate import simulate

    data = simulate(card, n=n, seed=seed)
    return data.assign(**{DISTRESS: distress_total(data)})


@dataclass(frozen=True)
class Split:
    """The self x others correlation in each distress group, and the test of their difference."""

    groups: pd.DataFrame  # correlation_by_group, plus n for groups too small to estimate
    test: pd.DataFrame | None  # difference_test (low minus high), None if a group is too small
    labels: pd.Series  # low / high per row


def split_correlations(data: pd.DataFrame, x: str, y: str, threshold: float, *, min_n: int = 10) -> Split:
    """Split ``data`` at ``threshold`` of the distress total and correlate ``x`` and ``y`` in each half.

    Below the threshold is ``low``, the threshold and above ``high`` (:func:`sclab.stats.split_at`).
    A group with fewer than ``min_n`` people gets no r (NaN) and there is no test.
    """
    frame = data.assign(**{DISTRESS: distress_total(data)})
    labels = stats.split_at(frame, DISTRESS, threshold)
    sizes = labels.value_counts().reindex(list(LEVELS), fill_value=0)
    if sizes.min() >= max(min_n, 4):
        groups = stats.correlation_by_group(frame.assign(_group=labels), x, y, "_group")
        return Split(groups, stats.difference_test(groups, levels=LEVELS), labels)
    rows = []
    for level in LEVELS:
        part = frame[labels == level]
        if len(part) >= max(min_n, 4):
            rows.append(stats.correlation(part, x, y).assign(group=level))
        else:
            rows.append(pd.DataFrame({"group": [level], "n": [len(part)]}))
    cols = [stats.GROUP, stats.R, stats.CI_LOW, stats.CI_HIGH, stats.P_VAL, stats.N]
    return Split(pd.concat(rows, ignore_index=True).reindex(columns=cols), None, labels)


@functools.lru_cache(maxsize=4)
def _population(card_id: str, x: str, y: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sclab.populations.simulate import simulate

    data = simulate(card_id, n=POPULATION_N, seed=POPULATION_SEED)
    arrays = (data[x].to_numpy(float), data[y].to_numpy(float), distress_total(data).to_numpy(float))
    for arr in arrays:
        arr.setflags(write=False)
    return arrays


def population_split(card_id: str, x: str, y: str, threshold: float, *, min_n: int = 500) -> dict[str, float]:
    """The correlation of ``x`` and ``y`` in each distress group of a large simulated population.

    The population is ``POPULATION_N`` people simulated once per card with ``POPULATION_SEED`` (cached),
    split like :func:`split_correlations`. These are the values that samples scatter around; with
    50,000 people in a group the Monte Carlo error is below .01, so a plain Pearson r (numpy) is
    enough and no interval is given. A group with fewer than ``min_n`` people gets NaN.

    Returns ``{"low": r, "high": r, "all": r}``.
    """
    xs, ys, distress = _population(card_id, x, y)
    out = {}
    for level, mask in (("low", distress < threshold), ("high", distress >= threshold), ("all", None)):
        px, py = (xs, ys) if mask is None else (xs[mask], ys[mask])
        out[level] = float(np.corrcoef(px, py)[0, 1]) if len(px) >= min_n else float("nan")
    return out


@dataclass(frozen=True)
class Group:
    """One distress group of a sample: its people, r (NaN if too few), interval, p and line."""

    level: str
    data: pd.DataFrame
    n: int
    r: float
    ci_low: float
    ci_high: float
    p: float
    line: tuple[list[float], list[float]] | None  # from the lowest to the highest x, or None


@dataclass(frozen=True)
class Moderation:
    """Everything the explorer shows for one sample and threshold, unrounded."""

    threshold: int
    groups: dict[str, Group]
    overall: pd.Series  # stats.correlation of the whole sample
    test: pd.Series | None  # stats.difference_test, low minus high
    population: dict[str, float]  # population_split


def _group(level: str, part: pd.DataFrame, row: pd.Series, min_n: int) -> Group:
    line = None
    if len(part) >= min_n and np.ptp(part[X_COLUMN].to_numpy()) > 0:
        slope, intercept = line_fit(part[X_COLUMN], part[Y_COLUMN])
        x0, x1 = float(part[X_COLUMN].min()), float(part[X_COLUMN].max())
        line = ([x0, x1], [intercept + slope * x0, intercept + slope * x1])
    values = (float(row[c]) for c in (stats.R, stats.CI_LOW, stats.CI_HIGH, stats.P_VAL))
    return Group(level, part, int(row[stats.N]), *values, line)


def analyse(data: pd.DataFrame, card_id: str, threshold: int, *, min_n: int = MIN_GROUP) -> Moderation:
    """Split ``data`` at ``threshold``: r, interval and line per group, the test, everyone, the population."""
    split = split_correlations(data, X_COLUMN, Y_COLUMN, threshold, min_n=min_n)
    rows = split.groups.set_index(stats.GROUP)
    groups = {lv: _group(lv, data[split.labels == lv], rows.loc[lv], min_n) for lv in LEVELS}
    return Moderation(
        threshold=int(threshold),
        groups=groups,
        overall=stats.correlation(data, X_COLUMN, Y_COLUMN).iloc[0],
        test=None if split.test is None else split.test.iloc[0],
        population=population_split(card_id, X_COLUMN, Y_COLUMN, threshold),
    )


# --- what the view says -------------------------------------------------------------------------
def _who(level: str) -> str:
    return "lower" if level == "low" else "higher"


def _r_or_too_few(r: float) -> str:
    return r_value(r) if math.isfinite(r) else "too few"


def group_label(level: str, threshold: int, n: int) -> str:
    """``'Lower distress (below 15), n = 400'``: the legend entry and table row of a group."""
    rule = f"below {threshold}" if level == "low" else f"{threshold} or more"
    return f"{_who(level).capitalize()} distress ({rule}), n = {n:,}"


_WORDS = {2: "two", 3: "three", 4: "four"}


def _distress_sentence(card: Card, threshold: int) -> str:
    parts = " + ".join(short_label(card, p).lower() for p in DISTRESS_PARTS)
    ranges = {score_range(card, p) for p in DISTRESS_PARTS}
    each = ", each {}-{}".format(*ranges.pop()) if len(ranges) == 1 else ""
    lo, hi = distress_range(card)
    return (
        f"Distress here is the sum of the {_WORDS.get(len(DISTRESS_PARTS), len(DISTRESS_PARTS))} simulated "
        f"scales ({parts}{each}), so "
        f"{lo}-{hi}. The split at {threshold} is a teaching choice, not a clinical cut-off."
    )


def _test_sentence(m: Moderation) -> str:
    if m.test is None:
        return (
            f"Each group needs at least {MIN_GROUP} people for a comparison; move the threshold toward "
            "the middle."
        )
    t = m.test
    verdict = (
        "a difference this large would be rare if the two groups shared one correlation"
        if t[stats.P_VAL] < 0.05
        else "a difference this size could easily arise by chance"
    )
    diff = with_ci("diff", t[stats.DIFF], t[stats.CI_LOW], t[stats.CI_HIGH], bounded=False)
    z, p = number(t[stats.Z]), p_value(t[stats.P_VAL])
    return f"Fisher's z test of the difference: {diff}, z = {z}, {p}: {verdict}."


def reading(card: Card | str, m: Moderation) -> list[str]:
    """The explorer's text, as paragraphs: distress, r in each group and overall, the test, the population."""
    card = as_card(card)
    parts = []
    for g in m.groups.values():
        if math.isfinite(g.r):
            parts.append(f"{_who(g.level)} distress: {with_ci('r', g.r, g.ci_low, g.ci_high)}, n = {g.n:,}")
        else:
            parts.append(f"{_who(g.level)} distress: only {g.n} people, too few for an r")
    ov, pop = m.overall, m.population
    return [
        _distress_sentence(card, m.threshold),
        f"{'; '.join(parts)}. In the whole sample r = {r_value(ov[stats.R])} (n = {int(ov[stats.N]):,}).",
        _test_sentence(m),
        f"In the simulated population ({POPULATION_N:,} people, split the same way; black bars on the "
        f"right) r is {_r_or_too_few(pop['low'])} with lower and {_r_or_too_few(pop['high'])} with higher "
        "distress: the values samples scatter around.",
    ]


def split_table(m: Moderation) -> Table:
    """Each group, everyone and the difference, beside the population's values."""
    rows = []
    for g in m.groups.values():
        label, pop = group_label(g.level, m.threshold, g.n), _r_or_too_few(m.population[g.level])
        if math.isfinite(g.r):
            rows.append([label, r_value(g.r), ci(g.ci_low, g.ci_high), p_value(g.p), pop])
        else:
            rows.append([label, "too few", "", "", pop])
    ov = m.overall
    rows.append(
        [
            f"Everyone, n = {int(ov[stats.N]):,}",
            r_value(ov[stats.R]),
            ci(ov[stats.CI_LOW], ov[stats.CI_HIGH]),
            p_value(ov[stats.P_VAL]),
            _r_or_too_few(m.population["all"]),
        ]
    )
    if m.test is not None:
        t = m.test
        rows.append(
            [
                "Difference, lower minus higher (Fisher z)",
                number(t[stats.DIFF]),
                ci(t[stats.CI_LOW], t[stats.CI_HIGH], bounded=False),
                f"z = {number(t[stats.Z])}, {p_value(t[stats.P_VAL])}",
                number(m.population["low"] - m.population["high"]),
            ]
        )
    caption = (
        f"Self-compassion with compassion for others, split at a distress total of {m.threshold}; the "
        f"population column is the same split of {POPULATION_N:,} simulated people"
    )
    return Table(caption, ["Group", "r (this sample)", "Confidence interval", "Test", "Population r"], rows)


def you_note(card: Card | str, self_compassion: float | None, others: float | None) -> tuple[str, str] | None:
    """Where the student is on the plane, and why they belong to neither group: ``("You", rest)`` or None."""
    if self_compassion is None and others is None:
        return None
    known = []
    if self_compassion is not None:
        known.append(f"{short_label(card, X).lower()} {number(self_compassion)}")
    if others is not None:
        known.append(f"{short_label(card, Y).lower()} {number(others)}")
    both = self_compassion is not None and others is not None
    shape = "a star" if both else "a dotted line (one score so far)"
    published = sample_instrument(card, X).short_name
    return "You", (
        f"({', '.join(known)}) are {shape} on the plane. You have no distress score: the course never "
        "asks for one, so you belong to neither group. Your scores come from the course's practice "
        f"inventories, while the sample's self-compassion is on the published {published}: setting them "
        "side by side is illustrative, not a measurement."
    )
