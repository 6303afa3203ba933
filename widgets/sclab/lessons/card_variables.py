"""What a card says about its variables, for the explorers: labels, score ranges and columns,
the instrument behind a variable, the card's figure for a link, and a note on the sample.

>>> link = card_link("spain-compassion-distress", "scs", "depression")
>>> link.card_r, link.metric, round(link.spearman_observed, 2)
(-0.52, 'latent', -0.44)
>>> card = "spain-compassion-distress"
>>> short_label(card, "wellbeing"), score_range(card, "depression"), axis_title(card, "scs")
('Well-being', (0, 21), 'Self-compassion (SCS-26 total, 1-5)')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sclab import stats
from sclab.populations.card import Card, load_card

__all__ = [
    "Link",
    "as_card",
    "axis_title",
    "card_link",
    "outcome_column",
    "sample_instrument",
    "sample_note",
    "score_range",
    "short_label",
    "simulated_sample",
]


def as_card(card: Card | str) -> Card:
    """A card, given as one or by the id of a shipped card."""
    return load_card(card) if isinstance(card, str) else card


def short_label(card: Card | str, variable: str) -> str:
    """A card variable's label without its bracketed detail: ``'Depression'``."""
    return as_card(card).variable(variable).label.split(" (")[0]


def sample_instrument(card: Card | str, variable: str):
    """The instrument a card's instrument variable answers (wording is not needed)."""
    from sclab.measure.instrument import load_instrument

    return load_instrument(as_card(card).variable(variable).instrument, wording=False)


def score_range(card: Card | str, variable: str) -> tuple[int, int]:
    """The lowest and highest score of a card variable: an instrument's total range, or a scale's."""
    v = as_card(card).variable(variable)
    if v.kind == "instrument":
        return sample_instrument(card, variable).total_range()
    if v.score == "sum":
        return v.items * v.response.min, v.items * v.response.max
    return v.response.min, v.response.max


def axis_title(card: Card | str, variable: str) -> str:
    """``'Self-compassion (SCS-26 total, 1-5)'``, ``'Depression (DASS-21-style, simulated, 0-21)'``."""
    v = as_card(card).variable(variable)
    name, _, detail = v.label.partition(" (")
    lo, hi = score_range(card, variable)
    detail = detail.rstrip(")") + (" total" if v.kind == "instrument" else "")
    return f"{name} ({detail}, {lo}-{hi})" if detail else f"{name} ({lo}-{hi})"


def sample_note(card: Card | str, n: int, seed: int, caveat: str) -> tuple[str, str]:
    """Who the simulated sample is, and the call that lists every figure behind it: ``(text, code)``."""
    card = as_card(card)
    text = (
        f"Simulated sample: {n:,} people drawn with seed {seed} from card '{card.id}' ({card.title}). "
        f"No real person's answers; {caveat}:"
    )
    return text, f"sclab.load_card('{card.id}').provenance()"


@dataclass(frozen=True)
class Link:
    """A card's figure for the link of ``x`` and ``y``, and what it implies for scored scales.

    ``card_r`` is the card's figure; ``metric`` is ``"latent"`` (corrected for unreliability) or
    ``"observed"`` (between scale scores). ``alpha_x`` and ``alpha_y`` are the card's reliabilities.
    ``spearman_observed`` is the observed r classical test theory expects (``attenuate``) and
    ``spearman_latent`` the true-score r it implies (``disattenuate``); ``population_r`` is the
    correlation the simulator's scored scales have in the population, around which samples scatter.
    """

    x: str
    y: str
    card_r: float
    metric: str
    basis: str
    alpha_x: float
    alpha_y: float
    population_r: float

    @property
    def spearman_observed(self) -> float:
        if self.metric == "observed":
            return self.card_r
        return float(stats.attenuate(self.card_r, self.alpha_x, self.alpha_y))

    @property
    def spearman_latent(self) -> float:
        if self.metric == "latent":
            return self.card_r
        return float(stats.disattenuate(self.card_r, self.alpha_x, self.alpha_y))


def _short_basis(card, figure) -> str:
    """'MacBeth & Gumley 2012, pooled r for depression' rather than the full reference."""
    if figure.source is None:
        return f"assumption: {figure.assumption}"
    ref = next((r for r in card.references if r.key == figure.source.ref), None)
    short = ref.label if ref is not None else figure.source.ref
    return short + (f", {figure.source.where}" if figure.source.where else "")


def card_link(card, x: str, y: str) -> Link:
    """Look up the link of two card variables (ids such as ``"scs"`` and ``"wellbeing"``)."""
    from sclab.populations.plan import plan

    card = as_card(card)
    ids = [v.id for v in card.variables]
    for name in (x, y):
        if name not in ids:
            raise ValueError(f"card {card.id!r} has no variable {name!r}; valid: {', '.join(ids)}")
    entry = next((c for c in card.correlations if set(c.between) == {x, y}), None)
    if entry is None:
        raise ValueError(f"card {card.id!r} gives no correlation between {x!r} and {y!r}")
    return Link(
        x=x,
        y=y,
        card_r=float(entry.r.value),
        metric=entry.metric,
        basis=_short_basis(card, entry.r),
        alpha_x=float(card.variable(x).alpha.value),
        alpha_y=float(card.variable(y).alpha.value),
        population_r=plan(card).observed_r(x, y),
    )


def simulated_sample(card: Card | str, n: int, seed: int) -> pd.DataFrame:
    """``n`` simulated people of the card, drawn with ``seed`` (item answers and scores)."""
    from sclab.populations.simulate import simulate

    return simulate(as_card(card), n=n, seed=seed)


def outcome_column(card: Card | str, outcome: str) -> str:
    """The sample's column of the card variable ``outcome`` (a scored scale: ``<id>_total``).

    >>> outcome_column("spain-compassion-distress", "depression")
    'depression_total'
    """
    return as_card(card).score_column(outcome)
