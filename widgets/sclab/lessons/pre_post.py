"""The model behind :class:`~sclab.ui.explorers.pre_post_explorer.PrePostExplorer`; no ipywidgets or plotly.

Card ``humane-education-india``: simulated students in two schools, one running a humane education
programme, measured at a pretest and a posttest. The real study (Lakhmani & Arur 2024) compared the
two schools once, with no pretest; the pre-post programme here is a teaching simulation built
around it (:data:`SIMULATION_NOTE`). The explorer shows the paired change in the programme school
alone or beside the comparison school, and what happens when only the students with the lowest
pretest scores are taken in (regression to the mean). The card's figures are read from the card.

>>> result = analyse(pre_post_sample(seed=SEED), outcome="compassion", design="two_group", lowest=0)
>>> result.by_school["school"].tolist(), int(result.by_school["n"].sum())
(['humane_education', 'comparison'], 100)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sclab.formatting import number, p_value
from sclab.lessons.pre_post_text import (
    DESIGNS,
    OUTCOMES,
    SCHOOL_LABELS,
    SIMULATION_NOTE,
    describe,
)
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = [
    "CARD",
    "DESIGNS",
    "LOWEST_CHOICES",
    "MIN_PER_SCHOOL",
    "OUTCOMES",
    "SCHOOLS",
    "SCHOOL_LABELS",
    "SEED",
    "SIMULATION_NOTE",
    "PrePostResult",
    "analyse",
    "card_figures",
    "check_choices",
    "comparison_sample",
    "describe",
    "pre_post_sample",
    "select_lowest",
    "summary_rows",
]

CARD = "humane-education-india"
#: The shipped snapshot of the card was drawn with this seed.
SEED = 2024
#: The programme school first: changes and differences are programme minus comparison.
SCHOOLS = ("humane_education", "comparison")
#: Percentages of students with the lowest pretest scores that may be taken in (0 = everyone).
LOWEST_CHOICES = (0, 10, 20, 30, 40, 50)
#: Below this many students in a school shown, no test is run.
MIN_PER_SCHOOL = 5


def check_choices(outcome: str | None = None, design: str | None = None, lowest: int | None = None) -> None:
    """Refuse an ``outcome``, ``design`` or ``lowest`` the explorer does not offer, naming the valid ones."""
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(map(repr, OUTCOMES))}; got {outcome!r}")
    if design is not None and design not in DESIGNS:
        raise ValueError(f"design must be one of {', '.join(map(repr, DESIGNS))}; got {design!r}")
    if lowest is not None and lowest not in LOWEST_CHOICES:
        raise ValueError(f"lowest must be one of {list(LOWEST_CHOICES)} (percent); got {lowest!r}")


def _columns(outcome: str) -> tuple[str, str]:
    from sclab.populations.card import load_card

    card = load_card(CARD)
    return card.score_column(f"{outcome}_pre"), card.score_column(f"{outcome}_post")


@dataclass(frozen=True)
class CardFigures:
    """What the card builds in for one outcome: the schools' d at the posttest, the retest r and the
    pretest mean, each with its basis (source or assumption)."""

    d: float
    d_basis: str
    retest: float
    retest_basis: str
    pre_mean: float


def card_figures(outcome: str) -> CardFigures:
    """The card's figures for ``outcome`` (read from the card, never copied here).

    >>> card_figures("compassion").d, card_figures("empathy").retest
    (0.5, 0.7)
    """
    from sclab.populations.card import load_card

    check_choices(outcome=outcome)
    card = load_card(CARD)
    effect = next(e.d for e in card.group_effects if e.variable == f"{outcome}_post")
    rep = next(r for r in card.repeated if r.between[0] == f"{outcome}_pre")
    mean = card.variable(f"{outcome}_pre").mean.value
    return CardFigures(effect.value, effect.basis, rep.retest.value, rep.retest.basis, mean)


def pre_post_sample(n: int = 100, *, seed: int = SEED) -> pd.DataFrame:
    """``n`` simulated students (half in each school) from the card; with n = 100 and the default
    seed this is the shipped snapshot."""
    from sclab import simulate

    n = whole_number(n, "n", 20, 5000, "students")
    return simulate(CARD, n=n, seed=seed_check(seed))


def select_lowest(data: pd.DataFrame, outcome: str, lowest: int) -> tuple[pd.DataFrame, float | None]:
    """The students whose pretest on ``outcome`` is among the lowest ``lowest`` percent of everyone
    drawn (both schools), and the highest pretest score taken in (``None`` when everyone is).

    Ties at the edge are broken by row order, so exactly ``ceil(lowest% of n)`` students are taken.
    """
    check_choices(outcome=outcome, lowest=lowest)
    if lowest == 0:
        return data, None
    pre, _ = _columns(outcome)
    k = max(1, math.ceil(len(data) * lowest / 100))
    order = np.argsort(data[pre].to_numpy(), kind="stable")[:k]
    taken = data.iloc[np.sort(order)]
    return taken, float(taken[pre].max())


@dataclass(frozen=True)
class PrePostResult:
    """One reading of the explorer: the students taken in and the statistics on them.

    ``by_school``: one row per school shown (``school`` and the columns of
    :func:`sclab.stats.pre_post.paired_change`; NaN statistics when a school has fewer than
    :data:`MIN_PER_SCHOOL` students). ``between``: :func:`sclab.stats.pre_post.change_difference`
    (programme minus comparison), or ``None`` for the one-group design or too few students.
    ``expected_rise``: how much students taken in for low pretest scores are expected to rise with
    no programme, ``(1 - retest r) x (pretest mean of everyone drawn - theirs)``; 0 when everyone is in.
    """

    outcome: str
    design: str
    lowest: int
    seed: int
    n_drawn: int
    all_pre_mean: float
    taken_pre_mean: float
    taken: pd.DataFrame
    cutoff: float | None
    by_school: pd.DataFrame
    between: pd.DataFrame | None
    expected_rise: float
    figures: CardFigures


def _school_row(part: pd.DataFrame, school: str, pre: str, post: str) -> dict:
    from sclab.stats.pre_post import _PAIRED, paired_change

    if len(part) < MIN_PER_SCHOOL:
        row = dict.fromkeys(_PAIRED, float("nan"))
        row.update(n=float(len(part)), mean_pre=part[pre].mean(), mean_post=part[post].mean())
    else:
        row = paired_change(part, pre, post).iloc[0].to_dict()
    return {"school": school, **row}


def _pre_sd(data: pd.DataFrame, pre: str) -> float:
    """The pooled within-school SD of the pretest of everyone drawn (the unit of ``d_change``)."""
    parts = [data.loc[data["school"] == s, pre] for s in SCHOOLS]
    dfs = [len(p) - 1 for p in parts]
    return float(np.sqrt(sum(d * p.var(ddof=1) for d, p in zip(dfs, parts, strict=True)) / sum(dfs)))


def analyse(
    data: pd.DataFrame,
    *,
    outcome: str = "compassion",
    design: str = "two_group",
    lowest: int = 0,
    seed: int = SEED,
) -> PrePostResult:
    """The paired change per school shown, the difference in change, and the expected rise from
    regression to the mean, for the students taken in (:func:`select_lowest`)."""
    from sclab.stats.pre_post import change_difference

    check_choices(outcome, design, lowest)
    pre, post = _columns(outcome)
    taken, cutoff = select_lowest(data, outcome, lowest)
    schools = SCHOOLS if design == "two_group" else SCHOOLS[:1]
    rows = [_school_row(taken[taken["school"] == s], s, pre, post) for s in schools]
    by_school = pd.DataFrame(rows)
    between = None
    if design == "two_group" and by_school["n"].min() >= MIN_PER_SCHOOL:
        between = change_difference(
            taken, pre, post, "school", levels=SCHOOLS, standardiser=_pre_sd(data, pre)
        )
    figures = card_figures(outcome)
    all_mean = float(data[pre].mean())
    taken_mean = float(taken[pre].mean())
    rise = 0.0 if cutoff is None else (1 - figures.retest) * (all_mean - taken_mean)
    return PrePostResult(
        outcome, design, lowest, int(seed), len(data), all_mean, taken_mean, taken, cutoff, by_school,
        between, rise, figures,
    )  # fmt: skip


def summary_rows(result: PrePostResult) -> list[list[str]]:
    """Rows of the table: school, n, pretest and posttest means, change [95% CI], t (df), p, d_z, d_av."""
    rows = []
    for r in result.by_school.itertuples():
        tested = not math.isnan(r.t)
        change = f"{r.diff:+.2f} [{number(r.ci_low)}, {number(r.ci_high)}]" if tested else "too few to test"
        rows.append(
            [
                SCHOOL_LABELS[r.school],
                f"{int(r.n)}",
                number(r.mean_pre),
                number(r.mean_post),
                change,
                f"{r.t:.2f} ({int(r.df)})" if tested else "n/a",
                p_value(r.p_val).removeprefix("p ").removeprefix("= ") if tested else "n/a",
                number(r.d_z),
                number(r.d_av),
            ]
        )
    return rows


def comparison_sample(n: int = 1000, *, seed: int = SEED):
    """The card's simulated students as a comparison sample for the Compassion for Others Practice
    Inventory (their pretest answers, variable ``cop_pre``), for ``ScoreReport`` and ``CompareToSample``.

    >>> comparison_sample(200).variable, comparison_sample(200).n
    ('cop_pre', 200)
    """
    from sclab.populations.comparison import ComparisonSample

    return ComparisonSample.simulated(CARD, n=n, seed=seed, variable="cop_pre")
