"""The model behind ``CorrelationExplorer`` (no widgets, no plots): one study, many studies, attenuation.

- :func:`study`: one simulated sample's r (95% CI, p, n) and least-squares line, computed once;
- :func:`run_studies`: the simulation loop behind "Draw 20 more" (one r per seed, as they come);
- :class:`Draws`: the running list of sample correlations a student has drawn;
- what the views say, as plain text and table data (:func:`summary`, :func:`draws_summary`,
  :func:`attenuation_text`, ...): numbers are formatted here through :mod:`sclab.formatting`,
  the view only escapes them and adds HTML;
- what a card says about its variables lives in :mod:`sclab.lessons.card_variables`, a student's
  score as an explorer takes it in :mod:`sclab.lessons.student_score`.

>>> [(d.seed, -1 < d.r < 0) for d in run_studies(CARD, "depression", 100, [3])]
[(3, True)]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sclab import stats
from sclab.formatting import ci, number, p_value, r_value, with_ci
from sclab.lessons.card_variables import (
    Link,
    as_card,
    outcome_column,
    short_label,
    simulated_sample,
)
from sclab.lessons.table import Table
from sclab.populations.card import Card

__all__ = [
    "CARD",
    "GAP_NOTED",
    "MANY",
    "N_MAX",
    "N_MIN",
    "OUTCOMES",
    "SAMPLE_CAVEAT",
    "X_COLUMN",
    "Draw",
    "Draws",
    "Study",
    "X",
    "attenuation_table",
    "attenuation_text",
    "draws_summary",
    "draws_table",
    "line_fit",
    "run_studies",
    "study",
    "summary",
    "summary_table",
    "you_note",
]

CARD = "spain-compassion-distress"
X = "scs"  # the card's self-compassion variable
X_COLUMN = "scs_total"
OUTCOMES = ("depression", "anxiety", "stress", "wellbeing")
N_MIN, N_MAX = 20, 2000
MANY = 20  # studies per "Draw more"
SAMPLE_CAVEAT = "distress and well-being are simulated only. Every figure behind it"


# --- one study, many studies --------------------------------------------------------------------
def line_fit(x, y) -> tuple[float, float]:
    """Slope and intercept of the least-squares line of ``y`` on ``x`` (numpy ``polyfit``).

    >>> [round(v, 9) for v in line_fit([1, 2, 3], [2, 4, 6])]
    [2.0, 0.0]
    """
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xs) < 2 or np.ptp(xs) == 0:
        raise ValueError("a line needs at least 2 points with different x values")
    slope, intercept = np.polyfit(xs, ys, 1)
    return float(slope), float(intercept) + 0.0


@dataclass(frozen=True)
class Study:
    """One sample's correlation of self-compassion with ``outcome``, unrounded, and its line."""

    outcome: str
    n: int
    seed: int
    r: float
    ci_low: float
    ci_high: float
    p: float
    slope: float
    intercept: float

    def line(self, x0: float, x1: float) -> tuple[list[float], list[float]]:
        """The least-squares line from ``x0`` to ``x1``, as plot coordinates."""
        return [x0, x1], [self.intercept + self.slope * x0, self.intercept + self.slope * x1]


def study(data: pd.DataFrame, outcome: str, seed: int, card: Card | str = CARD) -> Study:
    """:func:`sclab.stats.correlation` of self-compassion with ``outcome``, and the least-squares line."""
    column = outcome_column(card, outcome)
    res = stats.correlation(data, X_COLUMN, column).iloc[0]
    slope, intercept = line_fit(data[X_COLUMN], data[column])
    return Study(
        outcome=outcome,
        n=int(res[stats.N]),
        seed=int(seed),
        r=float(res[stats.R]),
        ci_low=float(res[stats.CI_LOW]),
        ci_high=float(res[stats.CI_HIGH]),
        p=float(res[stats.P_VAL]),
        slope=slope,
        intercept=intercept,
    )


@dataclass(frozen=True)
class Draw:
    outcome: str
    n: int
    seed: int
    r: float


def run_studies(card: Card | str, outcome: str, n: int, seeds: Iterable[int]) -> Iterator[Draw]:
    """One simulated study per seed: its r of self-compassion with ``outcome``, yielded as it is drawn.

    >>> [(d.seed, d.n, -1 < d.r < 0) for d in run_studies(CARD, "stress", 100, [1, 2])]
    [(1, 100, True), (2, 100, True)]
    """
    card = as_card(card)
    for s in seeds:
        data = simulated_sample(card, n, s)
        r = float(stats.correlation(data, X_COLUMN, outcome_column(card, outcome))[stats.R].iloc[0])
        yield Draw(outcome, int(n), int(s), r)


@dataclass
class Draws:
    """The sample correlations drawn so far; the same (outcome, n, seed) is kept once.

    >>> d = Draws(); d.add("stress", 100, 1, -0.3); d.add("stress", 100, 1, -0.3)
    True
    False
    >>> len(d.of("stress")), len(d.of("anxiety"))
    (1, 0)
    """

    items: list[Draw] = field(default_factory=list)
    limit: int = 500

    def add(self, outcome: str, n: int, seed: int, r: float) -> bool:
        draw = Draw(outcome, int(n), int(seed), float(r))
        if any((d.outcome, d.n, d.seed) == (draw.outcome, draw.n, draw.seed) for d in self.items):
            return False
        self.items.append(draw)
        del self.items[: -self.limit]
        return True

    def of(self, outcome: str) -> list[Draw]:
        return [d for d in self.items if d.outcome == outcome]

    def earlier(self, current: Study) -> list[Draw]:
        """The draws of ``current``'s outcome other than ``current`` itself (the strip's open dots)."""
        return [d for d in self.of(current.outcome) if (d.n, d.seed) != (current.n, current.seed)]

    def clear(self) -> None:
        self.items.clear()


# --- what the view says -------------------------------------------------------------------------
def summary(st: Study, link: Link, x_label: str, label: str) -> tuple[str, str]:
    """The main reading, ``(headline, rest)``: the headline is r with its interval."""
    name, x_name = label.lower(), x_label.lower()
    rest = (
        f"(n = {st.n:,}, {p_value(st.p)}) between {x_name} and {name} in this simulated sample. Along the "
        f"line, one point more {x_name} goes with {number(abs(st.slope))} points "
        f"{'less' if st.slope < 0 else 'more'} {name}. In the population the sample comes from, "
        f"r = {r_value(link.population_r)} between these scale scores."
    )
    return with_ci("r", st.r, st.ci_low, st.ci_high), rest


def summary_table(st: Study, link: Link, label: str) -> Table:
    return Table(
        f"This sample (seed {st.seed}) beside the population it was drawn from",
        ["Outcome", "r (this sample)", "Confidence interval", "n", "p", "Slope of the line", "Population r"],
        [
            [
                label,
                r_value(st.r),
                ci(st.ci_low, st.ci_high),
                f"{st.n:,}",
                p_value(st.p),
                number(st.slope),
                r_value(link.population_r),
            ]
        ],
    )


def you_note(you: float, source: str, sample_short_name: str) -> str:
    """What the student's vertical line means, and why it is only illustrative."""
    return (
        f"The dashed line is your self-compassion score, {number(you)}"
        + (f" ({source})" if source else "")
        + ". Your distress and well-being are not asked, so you are a line, not a point. A "
        f"practice-inventory score set beside a sample that answered the {sample_short_name} is "
        "illustrative only."
    )


def draws_summary(drawn: Sequence[Draw], link: Link, label: str) -> tuple[str, str]:
    """How the drawn r's spread around the population value, ``(headline, rest)``."""
    rs = np.array([d.r for d in drawn])
    sizes = sorted({d.n for d in drawn})
    size_text = f"n = {sizes[0]:,}" if len(sizes) == 1 else f"n from {sizes[0]:,} to {sizes[-1]:,}"
    if len(rs) > 1:
        spread = (
            f"They range from {r_value(rs.min())} to {r_value(rs.max())} (SD {r_value(rs.std(ddof=1))}) "
            f"around a population value of {r_value(link.population_r)} (dashed line). "
        )
    else:
        spread = f'Press "New sample" or "Draw {MANY} more" to run more studies. '
    rest = (
        f"({size_text}). {spread}Every dot is a study of the same population: only chance makes them "
        "differ. Smaller samples (lower on the plot) scatter more widely."
    )
    return f"{len(rs)} sample(s) of {label.lower()} drawn so far", rest


def draws_table(drawn: Sequence[Draw], last: int = 10) -> Table:
    rows = [[f"{d.n:,}", str(d.seed), r_value(d.r)] for d in list(drawn)[-last:][::-1]]
    caption = f"Last {len(rows)} of {len(drawn)} samples, newest first"
    return Table(caption, ["Sample size", "Seed", "r"], rows)


_LATENT = (
    "The card's figure, {card_r}, is a pooled correlation corrected for unreliability ({basis}): the link "
    "between the constructs themselves. Both scale scores carry measurement error, and each correlates "
    "with its own construct by only the square root of its alpha: √{ax} = {sx} for {x_name}, √{ay} = {sy} "
    "for {y_name}. The observed r shrinks on both sides, as Spearman's formula says: "
    "{card_r} x √({ax} x {ay}) = {other}, using the alphas on the card."
)
_OBSERVED = (
    "The card's figure, {card_r}, is a correlation between scale scores ({basis}). Both scores carry "
    "measurement error (each correlates with its own construct by only √alpha: √{ax} = {sx} for {x_name}, "
    "√{ay} = {sy} for {y_name}). Corrected for unreliability with the card's alphas it becomes "
    "{card_r} / √({ax} x {ay}) = {other}: the link the constructs would show if both were measured "
    "without error."
)
#: How far (in r) the simulated population may sit from Spearman's value before the text says so.
GAP_NOTED = 0.03


def _simulation_gap(link: Link) -> str:
    """A sentence when the simulated scales sit more than :data:`GAP_NOTED` from Spearman's value."""
    pop, expected = link.population_r, link.spearman_observed
    if abs(pop - expected) <= GAP_NOTED:
        return ""
    how = "weaker" if abs(pop) < abs(expected) else "stronger"
    return (
        f" The simulated scales land at {r_value(pop)} in the population, {how} than Spearman's "
        f"{r_value(expected)}: in this simulation the scores are not exactly as reliable as the alphas on "
        "the card say, so correcting with those alphas does not land exactly on the card's figure."
    )


def attenuation_text(card: Card | str, link: Link, r: float) -> list[str]:
    """Two paragraphs: what the card's figure is (corrected or observed) and why the two kinds of r
    differ (measurement error in both scores), and this sample's r corrected."""
    card = as_card(card)
    latent = link.metric == "latent"
    published = (_LATENT if latent else _OBSERVED).format(
        card_r=r_value(link.card_r),
        basis=link.basis,
        ax=r_value(link.alpha_x),
        ay=r_value(link.alpha_y),
        sx=r_value(math.sqrt(link.alpha_x)),
        sy=r_value(math.sqrt(link.alpha_y)),
        x_name=short_label(card, link.x).lower(),
        y_name=short_label(card, link.y).lower(),
        other=r_value(link.spearman_observed if latent else link.spearman_latent),
    )
    corrected = float(stats.disattenuate(r, link.alpha_x, link.alpha_y))
    return [
        published + _simulation_gap(link),
        f"This sample's r of {r_value(r)}, corrected with the same alphas, is {r_value(corrected)}. When "
        "you compare a study with a meta-analysis, check which kind of r each reports.",
    ]


def attenuation_table(link: Link, st: Study, x_label: str, label: str) -> Table:
    latent = link.metric == "latent"
    corrected = float(stats.disattenuate(st.r, link.alpha_x, link.alpha_y))
    return Table(
        f"{x_label} and {label.lower()}: corrected and observed correlations",
        ["Correlation", "Value", "Where it comes from"],
        [
            [
                "True-score r (corrected for unreliability)",
                r_value(link.spearman_latent),
                "the card" if latent else "the card's r / sqrt(alpha x alpha)",
            ],
            [
                "Expected r between scale scores (Spearman)",
                r_value(link.spearman_observed),
                "the card's r x sqrt(alpha x alpha)" if latent else "the card",
            ],
            ["Population r between the simulated scale scores", r_value(link.population_r), "the simulator"],
            ["This sample's r", r_value(st.r), f"n = {st.n:,}, seed {st.seed}"],
            ["This sample's r, corrected", r_value(corrected), "sample r / sqrt(alpha x alpha)"],
            [
                "Alphas used",
                f"{r_value(link.alpha_x)} and {r_value(link.alpha_y)}",
                f"the card ({x_label.lower()}, {label.lower()})",
            ],
        ],
    )
