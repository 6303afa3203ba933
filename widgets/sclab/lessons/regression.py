"""The model behind ``RegressionExplorer`` (no widgets, no plots): toughness regressed on its predictors.

- :func:`predictors`: the card's predictors of mental toughness with their labels; the two
  self-compassion halves are named from the instrument's subscales;
- :func:`fit`: the regression (:func:`sclab.stats.regression`, statsmodels OLS), fitted once,
  with R squared and n;
- :func:`histogram`: the toughness totals of the sample, as shares of the sample per bin;
- what the view says, as plain text and table data (:func:`summary`, :func:`coefficient_table`,
  :func:`you_note`, :data:`ABOUT`), formatted through :mod:`sclab.formatting`.

>>> sample = comparison(230, seed=2021)
>>> [p.label for p in predictors()][:2]
['Compassionate self-responding', 'Uncompassionate self-responding']
>>> result = fit(sample.data, [p.column for p in predictors()], standardise=True)
>>> result.n, result.coefs["term"].tolist()[0]
(230, 'scp_compassionate')
>>> [p.column for p in predictors()][2:]
['identity_total', 'communication_total']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from sclab import stats
from sclab.formatting import ci, number, p_value, percent, r_value, with_ci
from sclab.lessons.card_variables import sample_instrument, score_range, short_label
from sclab.lessons.comparison import Histogram
from sclab.lessons.comparison import histogram as comparison_histogram
from sclab.lessons.table import Table
from sclab.populations.card import load_card
from sclab.populations.comparison import ComparisonSample, percentile

__all__ = [
    "ABOUT",
    "ABOUT_TITLE",
    "CARD",
    "N_MAX",
    "N_MIN",
    "OUTCOME",
    "OUTCOME_VARIABLE",
    "Fit",
    "Histogram",
    "Predictor",
    "axis_title",
    "coefficient_table",
    "comparison",
    "fit",
    "histogram",
    "predictors",
    "summary",
    "you_note",
]

CARD = "table-tennis-athletes"
OUTCOME_VARIABLE = "mtp"  # the card's mental-toughness variable
OUTCOME = load_card(CARD).score_column(OUTCOME_VARIABLE)  # "mtp_total"
SELF_COMPASSION = "scp"  # the card's self-compassion variable: its halves are predictors
OTHERS = ("identity", "communication")
N_MIN, N_MAX = 30, 2000
BINS = 32

ABOUT_TITLE = "What the paper did, and what this regression can and cannot say"
ABOUT = (
    "Maranan and Lopez (2021) asked 230 table-tennis student-athletes about athletic identity, "
    "communication in their team, self-compassion and mental toughness, and fitted a structural equation "
    "model: each construct is a latent variable measured by several items, so measurement error is "
    "modelled, and the paths between constructs are estimated together. Their model had compassionate "
    "self-responding, identity and communication raising toughness and uncompassionate self-responding "
    "lowering it. Their coefficients are not available to us, so the simulated sample here is built from "
    "those directions with teaching values (the card says which).",
    "The regression here is simpler. Each coefficient says how much toughness differs, on average, between "
    "athletes who differ by one unit on that predictor and are alike on the other predictors in the model. "
    "It can describe such patterns and how precisely a sample of this size pins them down. It cannot say "
    "that self-compassion causes toughness: the data are cross-sectional (everything measured once), so "
    "toughness could as well shape self-compassion, or a third thing could drive both. It also treats "
    "every score as measured without error; real scores are noisy, which shrinks coefficients toward zero "
    "and can shift weight between predictors that overlap, as the two self-compassion halves do. Leave "
    "one out and watch the others change.",
)


class Predictor(NamedTuple):
    column: str
    label: str
    detail: str  # what it is made of (the subscales of a half), for a tooltip; "" for a single scale


@functools.cache
def predictors(card: str = CARD) -> tuple[Predictor, ...]:
    """The predictors of toughness, in the plot's order: the self-compassion halves, then the card's others.

    A half is named from the instrument (compassionate / uncompassionate self-responding) and made of
    the subscales of one polarity.
    """
    inst = sample_instrument(card, SELF_COMPASSION)
    out = []
    if inst.has_polarity:
        for half, polarity in (("compassionate", "positive"), ("uncompassionate", "negative")):
            parts = ", ".join(s.label.lower() for s in inst.subscales if s.polarity == polarity)
            out.append(Predictor(f"{inst.key}_{half}", f"{half.capitalize()} self-responding", parts))
    for v in OTHERS:
        out.append(Predictor(load_card(card).score_column(v), short_label(card, v), ""))
    return tuple(out)


def _labels(card: str = CARD) -> dict[str, str]:
    return {p.column: p.label for p in predictors(card)}


def comparison(n: int, seed: int) -> ComparisonSample:
    """A simulated sample of ``n`` athletes of the card, drawn with ``seed``, scored on toughness."""
    return ComparisonSample.simulated(CARD, n=n, seed=seed, variable=OUTCOME_VARIABLE)


def axis_title(card: str = CARD) -> str:
    """``'mental toughness total (1-5)'``."""
    lo, hi = score_range(card, OUTCOME_VARIABLE)
    return f"{short_label(card, OUTCOME_VARIABLE).lower()} total ({lo}-{hi})"


@dataclass(frozen=True)
class Fit:
    """One regression of toughness: the predictors' rows of :func:`sclab.stats.regression`, R squared, n."""

    coefs: pd.DataFrame  # term, label, coef, se, t, p_val, ci_low, ci_high; one row per predictor
    intercept: float
    r2: float
    n: int
    standardise: bool


def fit(data: pd.DataFrame, columns: Sequence[str], *, standardise: bool) -> Fit:
    """Regress toughness on ``columns`` once (statsmodels OLS, :func:`sclab.stats.regression_with_fit`)."""
    table, summary = stats.regression_with_fit(data, OUTCOME, list(columns), standardise=standardise)
    coef = table[stats.COEF].to_numpy()
    r2, n = float(summary[stats.R2].iloc[0]), int(summary[stats.N].iloc[0])
    labels = _labels()
    coefs = table.iloc[1:].reset_index(drop=True)
    coefs.insert(1, "label", [labels.get(c, c) for c in coefs[stats.TERM]])
    return Fit(coefs, float(coef[0]), r2, n, standardise)


def histogram(values: np.ndarray, card: str = CARD, bins: int = BINS) -> Histogram:
    """Toughness totals in ``bins`` equal bins over the total's range, as percentages of the sample
    (:func:`sclab.lessons.comparison.histogram`).

    >>> h = histogram(np.array([1.0, 1.1, 4.9, 5.0]), bins=4)
    >>> h.centres.tolist(), h.shares.tolist()
    ([1.5, 2.5, 3.5, 4.5], [50.0, 0.0, 0.0, 50.0])
    """
    lo, hi = score_range(card, OUTCOME_VARIABLE)
    return comparison_histogram(values, lo, hi, bins)


def _symbol(f: Fit) -> str:
    return "beta" if f.standardise else "b"


def summary(f: Fit) -> tuple[str, str]:
    """R squared and every coefficient in words, ``(headline, rest)``."""
    unit = "SD of toughness per SD of the predictor" if f.standardise else "toughness points per scale point"
    parts = []
    for row in f.coefs.itertuples(index=False):
        side = "above" if row.ci_low > 0 else "below" if row.ci_high < 0 else "includes"
        where = "interval includes 0" if side == "includes" else f"interval {side} 0"
        estimate = with_ci(_symbol(f), row.coef, row.ci_low, row.ci_high, bounded=False)
        parts.append(f"{row.label}: {estimate}, {where}")
    rest = (
        f"The predictors together account for {percent(f.r2)} of the differences in toughness in this "
        f"sample. Coefficients ({unit}, each holding the other predictors constant): {'; '.join(parts)}."
    )
    return f"R² = {r_value(f.r2)}, n = {f.n:,} simulated athletes.", rest


def coefficient_table(f: Fit) -> Table:
    outcome = short_label(CARD, OUTCOME_VARIABLE).lower()
    return Table(
        f"Regression of {outcome} on {len(f.coefs)} predictor(s): R² = {r_value(f.r2, 3)}, n = {f.n:,}",
        ["predictor", "beta" if f.standardise else "coefficient", "Confidence interval", "p"],
        [
            [r.label, number(r.coef, 3), ci(r.ci_low, r.ci_high, 3, bounded=False), p_value(r.p_val)]
            for r in f.coefs.itertuples(index=False)
        ],
    )


def you_note(you: float, values: np.ndarray) -> tuple[str, str]:
    """Where the student's toughness total falls in the sample, ``(headline, rest)``; never a verdict."""
    inst = sample_instrument(CARD, OUTCOME_VARIABLE)
    caveat = (
        "A course-written practice inventory, not a validated questionnaire: read it as an illustration, "
        "not as a judgement of you as an athlete."
        if inst.kind == "practice"
        else "Read it as an illustration, not as a judgement of you as an athlete."
    )
    rest = (
        f"on the {inst.name} ({inst.short_name}). About {percent(percentile(you, values) / 100)} of this "
        f"simulated sample scored lower. {caveat}"
    )
    return f"You: {number(you)}", rest
