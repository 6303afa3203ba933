"""The model behind ``IncrementalValidityExplorer`` (no widgets, no plots): does parents'
self-compassion explain their well-being beyond the child's symptom severity?

- :func:`sample`: simulated parents of the ``parents-autism`` card, with true scores;
- :func:`analyse`: the two-step hierarchical regression (:mod:`sclab.stats.incremental`,
  statsmodels OLS and ``compare_f_test``), the step-2 betas and the partial-regression residuals;
- :func:`population`: what the card's correlations imply for the same regression (no sampling);
- what the view says, as plain text and table data (:func:`summary`, :func:`comparison_table`,
  :func:`bars`, :data:`ABOUT`), through :mod:`sclab.formatting`. The teaching text lives in
  :mod:`sclab.lessons.incremental_validity_text`.

>>> a = analyse(sample(51, seed=2014), "parental_stress")
>>> a.n, a.steps["step"].tolist()
(51, [1, 2])
>>> [o.id for o in outcomes()]
['life_satisfaction', 'depression', 'parental_stress']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from sclab import stats
from sclab.formatting import number, p_value, percent, r_value
from sclab.lessons.card_variables import sample_note, short_label
from sclab.lessons.incremental_validity_text import ABOUT, ABOUT_TITLE, PUBLISHED, SCORES
from sclab.lessons.table import Table
from sclab.populations.card import load_card
from sclab.stats import incremental

__all__ = [
    "ABOUT",
    "ABOUT_TITLE",
    "CARD",
    "N_MAX",
    "N_MIN",
    "N_PUBLISHED",
    "OUTCOMES",
    "PUBLISHED",
    "SCORES",
    "SELF_COMPASSION",
    "SEVERITY",
    "Analysis",
    "Bars",
    "Outcome",
    "Population",
    "analyse",
    "bars",
    "check_choices",
    "column",
    "comparison_table",
    "outcomes",
    "population",
    "sample",
    "sample_caption",
    "summary",
]

CARD = "parents-autism"
SEVERITY = "severity"  # step 1: the child's symptom severity
SELF_COMPASSION = "scs"  # step 2: the parent's self-compassion
OUTCOMES = ("life_satisfaction", "depression", "parental_stress")
N_MIN, N_MAX = 20, 2000
N_PUBLISHED = int(load_card(CARD).n.value)  # 51


class Outcome(NamedTuple):
    id: str
    label: str


def outcomes() -> tuple[Outcome, ...]:
    """The card's well-being outcomes, in the order the view offers them."""
    return tuple(Outcome(v, short_label(CARD, v)) for v in OUTCOMES)


def check_choices(outcome: str, scores: str) -> None:
    """Refuse an unknown outcome or kind of scores, naming the valid ones."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    if scores not in SCORES:
        raise ValueError(f"scores must be one of {', '.join(SCORES)}; got {scores!r}")


def column(variable: str, scores: str = "observed") -> str:
    """The sample's column of a card variable: its scored total, or its true score.

    >>> column("scs"), column("depression", "true")
    ('scs_total', 'depression_true')
    """
    return f"{variable}_total" if scores == "observed" else f"{variable}_true"


@functools.lru_cache(maxsize=16)
def sample(n: int, seed: int) -> pd.DataFrame:
    """``n`` simulated parents drawn with ``seed``, with true scores (``<id>_true``). Shared: do not
    modify the frame."""
    from sclab.populations.simulate import simulate

    return simulate(CARD, n, seed=seed, true_scores=True)


@dataclass(frozen=True)
class Analysis:
    """One two-step regression of an outcome: steps (rows of
    :func:`sclab.stats.incremental.hierarchical_regression`), step-2 betas and partial residuals."""

    outcome: str
    scores: str
    steps: pd.DataFrame
    betas: pd.Series  # standardised step-2 coefficients: severity, self-compassion
    partial: pd.DataFrame  # x_resid (self-compassion), y_resid (outcome), both net of severity

    @property
    def n(self) -> int:
        return int(self.steps[stats.N].iloc[0])

    def step(self, k: int) -> pd.Series:
        return self.steps.iloc[k - 1]


def analyse(data: pd.DataFrame, outcome: str, scores: str = "observed") -> Analysis:
    """Symptom severity at step 1, self-compassion added at step 2, for ``outcome``."""
    check_choices(outcome, scores)
    y, sev, sc = column(outcome, scores), column(SEVERITY, scores), column(SELF_COMPASSION, scores)
    steps = incremental.hierarchical_regression(data, y, [[sev], [sc]])
    terms = stats.regression(data, y, [sev, sc], standardise=True)
    betas = pd.Series(terms[stats.COEF].to_numpy()[1:], index=[SEVERITY, SELF_COMPASSION])
    partial = incremental.partial_residuals(data, y, sc, [sev])
    return Analysis(outcome, scores, steps, betas, partial)


@dataclass(frozen=True)
class Population:
    """What the card implies for the same regression, with no sampling error."""

    r2_step1: float
    r2_step2: float
    betas: pd.Series

    @property
    def delta_r2(self) -> float:
        return self.r2_step2 - self.r2_step1


@functools.cache
def population(outcome: str, scores: str = "observed") -> Population:
    """The card's R squared at each step and step-2 betas, from its correlations: between scored
    scales (the plan's observed r) or between true scores (the latent r)."""
    from sclab.populations.plan import plan

    check_choices(outcome, scores)
    p, names = plan(CARD), [outcome, SEVERITY, SELF_COMPASSION]
    if scores == "observed":
        r = pd.DataFrame(
            [[1.0 if a == b else p.observed_r(a, b) for b in names] for a in names], names, names
        )
    else:
        r = pd.DataFrame(p.construct_r, p.constructs, p.constructs).loc[names, names]
    return Population(
        incremental.r2_from_correlations(r, outcome, [SEVERITY]),
        incremental.r2_from_correlations(r, outcome, [SEVERITY, SELF_COMPASSION]),
        incremental.weights_from_correlations(r, outcome, [SEVERITY, SELF_COMPASSION]),
    )


def _label(outcome: str) -> str:
    return short_label(CARD, outcome).lower()


def _f_text(row: pd.Series) -> str:
    return f"F({row[incremental.DF_NUM]}, {row[incremental.DF_DEN]}) = {number(row[incremental.F_CHANGE])}"


def summary(a: Analysis) -> tuple[str, str]:
    """The two steps in words, ``(headline, rest)``; never a verdict on any parent."""
    one, two = a.step(1), a.step(2)
    gain = two[incremental.DELTA_R2]
    verdict = (
        "a gain this large would rarely arise by chance"
        if two[stats.P_VAL] < 0.05
        else ("a gain this small could easily arise by chance in a sample this size")
    )
    rest = (
        f"Symptom severity alone accounts for {percent(one[stats.R2])} of the differences in "
        f"{_label(a.outcome)} (step 1). Adding the parents' self-compassion raises that to "
        f"{percent(two[stats.R2])} (step 2): a gain of {percent(gain, 1)}, "
        f"{_f_text(two)}, {p_value(two[stats.P_VAL])}; {verdict}. With severity held constant, "
        f"self-compassion's beta is {number(a.betas[SELF_COMPASSION])}."
    )
    return f"ΔR² = {r_value(gain, 3)}, n = {a.n:,} simulated parents.", rest


def comparison_table(a: Analysis) -> Table:
    """This sample, the card's population and the published figures, side by side."""
    pop, one, two = population(a.outcome, a.scores), a.step(1), a.step(2)
    rows = [
        ["R², step 1 (symptom severity)", r_value(one[stats.R2], 3), r_value(pop.r2_step1, 3)],
        ["R², step 2 (+ self-compassion)", r_value(two[stats.R2], 3), r_value(pop.r2_step2, 3)],
        [
            "ΔR² (self-compassion beyond severity)",
            r_value(two[incremental.DELTA_R2], 3),
            r_value(pop.delta_r2, 3),
        ],
        ["F test of ΔR²", f"{_f_text(two)}, {p_value(two[stats.P_VAL])}", "(no sampling: no test)"],
        [
            "beta, self-compassion (step 2)",
            number(a.betas[SELF_COMPASSION]),
            number(pop.betas[SELF_COMPASSION]),
        ],
        ["beta, symptom severity (step 2)", number(a.betas[SEVERITY]), number(pop.betas[SEVERITY])],
        ["n (parents)", f"{a.n:,}", "population"],
    ]
    keys = ["r2_step1", "r2_step2", "delta_r2", "f_change", "beta_sc", "beta_severity", "n"]
    rows = [[*row, PUBLISHED[k]] for row, k in zip(rows, keys, strict=True)]
    caption = f"{short_label(CARD, a.outcome)}: this sample, the card and the paper ({SCORES[a.scores]})"
    return Table(caption, ["figure", "this sample", "card (population)", "Neff & Faso (published)"], rows)


class Bars(NamedTuple):
    steps: list[str]
    sample: list[float]
    card: list[float]


def bars(a: Analysis) -> Bars:
    """R squared by step, for the sample and the card's population."""
    pop = population(a.outcome, a.scores)
    return Bars(
        ["Step 1: symptom severity", "Step 2: + self-compassion"],
        [float(a.step(1)[stats.R2]), float(a.step(2)[stats.R2])],
        [pop.r2_step1, pop.r2_step2],
    )


def sample_caption(n: int, seed: int) -> str:
    """Who the simulated parents are and where every figure behind them is listed."""
    text, code = sample_note(CARD, n, seed, "every figure is listed, with its source or assumption, by")
    return f"{text} {code}"
