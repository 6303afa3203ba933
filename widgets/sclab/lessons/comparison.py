"""Where one score stands in a comparison sample, as plain data (``sclab.ui.compare_to_sample`` shows it).

The histogram, the empirical cumulative distribution, the summary numbers, the percentile and the
sentences that say them are computed here; the widget only draws them.

>>> from sclab.populations.comparison import ComparisonSample
>>> sample = ComparisonSample.shipped("students-scs")
>>> dist = distribution(sample, "total", you=3.3)
>>> round(float(dist.histogram.shares.sum()), 6), float(dist.ecdf_y[-1])
(100.0, 100.0)
>>> dist.you_lines()[0]
'You: 3.30.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sclab.formatting import number, percent
from sclab.populations.comparison import ComparisonSample, percentile

if TYPE_CHECKING:
    from sclab.measure.instrument import Instrument

__all__ = [
    "AUTO",
    "GROUP_NAMES",
    "SUMMARY_HEADER",
    "Distribution",
    "Histogram",
    "Summary",
    "comparison_for",
    "construct_refusal",
    "distribution",
    "ecdf",
    "group_choices",
    "group_reason",
    "histogram",
    "sample_words",
    "score_refusal",
    "summarise",
]

#: How a group level is named on a button (other levels: their id in words, "usual_care" -> "Usual care").
GROUP_NAMES = {"woman": "Women", "man": "Men"}
#: Columns of the "sample in numbers" table.
SUMMARY_HEADER = ("n", "mean", "SD", "25th pct", "median", "75th pct")
#: The default comparison: the first shipped sample measuring what the instrument measures.
AUTO = "auto"
#: Each card's simulated people and the study they are built from, in plain words (a card not named
#: here is described by its title).
_SAMPLE_WORDS = {
    "students-scs": ("students", "a Spanish university study"),
    "spain-compassion-distress": ("adults", "a Spanish study of adults"),
    "table-tennis-athletes": ("student athletes", "a study of table-tennis players"),
    "emerging-adults": ("students", "a study of young adults"),
    "sc-intervention-trial": ("adults", "a study of a self-compassion course"),
    "trauma-self-compassion": ("students", "a study of university students"),
    "parents-autism": ("parents", "a study of parents"),
}


def _level_name(level: str) -> str:
    return GROUP_NAMES.get(level, level.replace("_", " ").capitalize())


def group_choices(comparison: ComparisonSample | None) -> list[tuple[str, str]]:
    """Options for the comparison group: ``("Everyone", "")``, then the groups the card's sources report.

    >>> group_choices(None)
    [('Everyone', '')]
    >>> group_choices(ComparisonSample.shipped("students-scs"))
    [('Everyone', ''), ('Women', 'woman'), ('Men', 'man')]
    """
    levels = comparison.groups() if comparison is not None else []
    return [("Everyone", "")] + [(_level_name(g), g) for g in levels]


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _short_cite(text: str) -> str:
    """Short APA citation: ``"Yarnell, L. M., ... (2015)"`` -> ``"Yarnell et al., 2015"``.

    >>> _short_cite("Neff, K. D., & Faso, D. J. (2015). Self-compassion and well-being.")
    'Neff & Faso, 2015'
    """
    found = re.match(r"\s*(?:unverified:\s*)?([^,(]+?)(,[^()]*?)?\s*\((\d{4})\)", text)
    if found is None:
        return text.split(".")[0]
    first, rest, year = found.groups()
    rest = rest or ""
    if "&" not in rest and " et al" not in first:
        return f"{first}, {year}"
    second = rest.split("&")[-1].split(",")[0].strip()
    many = rest.count(".,") > 1 or " et al" in first
    return f"{first.removesuffix(' et al.')} et al., {year}" if many else f"{first} & {second}, {year}"


def _group_sources(comparison: ComparisonSample) -> list[str]:
    """Short citations of the sources behind the card's group differences (in its reference order)."""
    from sclab.populations.card import load_card

    card = load_card(comparison.card_id)
    basis = " ".join(
        (e.d.source.ref if e.d.source is not None else e.d.assumption or "")
        for e in card.group_effects
        if e.group == comparison.group and e.variable == comparison.variable
    )
    return [_short_cite(r.text) for r in card.references if r.key in basis]


def group_reason(comparison: ComparisonSample | None) -> str:
    """Why the comparison offers only these groups, in plain words.

    >>> group_reason(ComparisonSample.shipped("students-scs"))[:66]
    'You can compare yourself with everyone, or with women or men only.'
    """
    if comparison is None:
        return ""
    levels = [_level_name(g).lower() for g in comparison.groups()]
    if not levels:
        return (
            "This sample is not split into groups: the study it is built from gives its figures for "
            "everyone together."
        )
    cited = _group_sources(comparison)
    who = f" ({'; '.join(cited)})" if cited else ""
    return (
        f"You can compare yourself with everyone, or with {_listed(levels).replace(' and ', ' or ')} only. "
        f"These are the only groups because they are the ones the sources report{who}. "
        "Other groups are left out because there are no figures for them, not because they matter less."
    )


def sample_words(comparison: ComparisonSample, group_level: str | None = None) -> str:
    """The comparison sample in plain words: who, how many, and the study they are built from.

    >>> sample_words(ComparisonSample.shipped("students-scs"))
    '268 simulated students built from a Spanish university study'
    >>> sample_words(ComparisonSample.shipped("students-scs"), "woman")
    '150 simulated students (women only) built from a Spanish university study'
    """
    people, study = _SAMPLE_WORDS.get(comparison.card_id, ("people", f"the figures of {comparison.title}"))
    n = len(comparison.values("total", group_level))
    only = f" ({_level_name(group_level).lower()} only)" if group_level else ""
    return f"{n:,} simulated {people}{only} built from {study}"


# --- what may be compared with what --------------------------------------------------------------
def construct_refusal(instrument: Instrument, comparison: ComparisonSample) -> str | None:
    """Why ``instrument``'s scores cannot be set against ``comparison`` (another construct), or None."""
    theirs = comparison.instrument
    if instrument.measures == theirs.measures:
        return None
    return (
        f"{instrument.id} measures {instrument.measures}, but the sample's scores ({comparison.card_id}, "
        f"variable {comparison.variable}) are {theirs.short_name} scores of {theirs.measures}"
    )


def score_refusal(instrument: Instrument, comparison: ComparisonSample, score: str) -> str | None:
    """Why ``instrument``'s ``score`` cannot be marked on the sample's ``score``, or None if it can.

    Refused: another construct, a score the instrument does not have, or a score on another range.
    """
    reason = construct_refusal(instrument, comparison)
    if reason:
        return reason
    if score not in instrument.score_names:
        return f"{instrument.id} has no {score!r} score; its scores are {', '.join(instrument.score_names)}"
    mine, theirs = instrument.score_range(score), comparison.instrument.score_range(score)
    if mine != theirs:
        return (
            f"its {score} runs {mine[0]}-{mine[1]}, the sample's {theirs[0]}-{theirs[1]}: not on one metric"
        )
    return None


def comparison_for(
    instrument: Instrument, comparison: ComparisonSample | str | None = AUTO
) -> ComparisonSample | None:
    """The comparison sample for a report on ``instrument``; a ValueError if it measures something else.

    ``"auto"``: the first shipped sample measuring what the instrument measures (None if there is
    none); a shipped sample's name: that sample, with its variable measuring the same; a
    :class:`ComparisonSample`: checked; ``None``: no comparison.
    """
    if comparison is None:
        return None
    if comparison == AUTO:
        return ComparisonSample.shipped_for(instrument)
    if isinstance(comparison, str):
        return ComparisonSample.shipped(comparison, measures=instrument.measures)
    reason = construct_refusal(instrument, comparison)
    if reason:
        raise ValueError(f"comparison: {reason}; pass a sample of the same construct, or None")
    return comparison


# --- the numbers -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Histogram:
    """Bars of equal width over a score's range: centres, widths and the percent of the sample in each."""

    edges: np.ndarray
    shares: np.ndarray

    @property
    def centres(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2

    @property
    def widths(self) -> np.ndarray:
        return np.diff(self.edges)


def histogram(values: np.ndarray, lo: float, hi: float, bins: int = 32) -> Histogram:
    """``bins`` equal bins from ``lo`` to ``hi``; ``shares`` in percent of all values (numpy's counts).

    >>> histogram(np.array([1.0, 1.0, 5.0]), 1, 5, bins=2).shares.tolist()
    [66.66666666666667, 33.333333333333336]
    """
    edges = np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(values, bins=edges)
    return Histogram(edges=edges, shares=100 * counts / max(len(values), 1))


def ecdf(values: np.ndarray, points: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """The empirical cumulative distribution at up to ``points`` sorted values (both ends kept), y in percent.

    The y of the k-th smallest value is 100 k / n, so a run of tied values draws the ECDF's step.

    >>> x, y = ecdf(np.array([3.0, 1.0, 2.0, 4.0]))
    >>> x.tolist(), y.tolist()
    ([1.0, 2.0, 3.0, 4.0], [25.0, 50.0, 75.0, 100.0])
    """
    xs = np.sort(np.asarray(values, dtype=float))
    if len(xs) == 0:
        return xs, xs
    keep = np.unique(np.linspace(0, len(xs) - 1, min(len(xs), points)).astype(int))
    return xs[keep], 100 * (keep + 1) / len(xs)


@dataclass(frozen=True)
class Summary:
    """The sample in numbers: size, mean, SD (n - 1), quartiles."""

    n: int
    mean: float
    sd: float
    q1: float
    median: float
    q3: float

    def row(self) -> list[str]:
        """The row of the "sample in numbers" table, under :data:`SUMMARY_HEADER`."""
        return [f"{self.n:,}"] + [number(v) for v in (self.mean, self.sd, self.q1, self.median, self.q3)]


def summarise(values: np.ndarray) -> Summary:
    """Size, mean, SD (n - 1) and quartiles (numpy's linear percentiles) of ``values``."""
    values = np.asarray(values, dtype=float)
    q1, med, q3 = np.percentile(values, [25, 50, 75])
    return Summary(
        len(values), float(values.mean()), float(values.std(ddof=1)), float(q1), float(med), float(q3)
    )


@dataclass(frozen=True)
class Distribution:
    """Everything the comparison view shows for one score, one group and (perhaps) your score."""

    score: str
    lo: float
    hi: float
    histogram: Histogram
    ecdf_x: np.ndarray
    ecdf_y: np.ndarray
    summary: Summary
    you: float | None
    percentile: float | None
    compared_with: str
    words: str = ""
    fresh: bool = False

    def you_label(self) -> str:
        """The marker's label, ``"You: 3.30"`` (empty without your score)."""
        return "" if self.you is None else f"You: {number(self.you)}"

    def you_lines(self) -> tuple[str, str] | None:
        """``("You: 3.30.", "About 54% of this sample scored lower.")``, or None without your score."""
        if self.you is None or self.percentile is None:
            return None
        return f"{self.you_label()}.", f"About {percent(self.percentile / 100)} of this sample scored lower."

    def sample_note(self) -> str:
        """Why this plot's share can differ from a report's on the same page (a fresh sample), or ""."""
        if not self.fresh:
            return ""
        return (
            f"This plot draws its own sample: {self.words}. A report on this page may use another "
            "simulated sample, so its share can differ from this one by a few points. Each sample is a "
            "new draw from the same published figures, and a share moves a little from draw to draw."
        )

    def sample_line(self) -> str:
        """``"Sample: mean 3.10, SD 0.60, n = 1,000."``"""
        s = self.summary
        return f"Sample: mean {number(s.mean)}, SD {number(s.sd)}, n = {s.n:,}."


def distribution(
    comparison: ComparisonSample,
    score: str = "total",
    group: str | None = None,
    you: float | None = None,
    *,
    bins: int = 32,
    points: int = 400,
) -> Distribution:
    """The histogram, ECDF, summary and percentile of ``score`` in one ``group`` of ``comparison``."""
    values = comparison.values(score, group)
    lo, hi = comparison.instrument.score_range(score)
    xs, ys = ecdf(values, points)
    return Distribution(
        score=score,
        lo=lo,
        hi=hi,
        histogram=histogram(values, lo, hi, bins),
        ecdf_x=xs,
        ecdf_y=ys,
        summary=summarise(values),
        you=you,
        percentile=None if you is None else percentile(you, values),
        compared_with=comparison.compared_with(group),
        words=sample_words(comparison, group),
        fresh=not comparison.shipped_snapshot,
    )
