"""The card's weights beside the published ones, for
:class:`~sclab.ui.explorers.mediation_explorer.MediationExplorer`; no ipywidgets or plotly.

Every published figure is read from the card (``sclab.populations.card.load_card``): a path weight
with a ``source``, or an entry of the card's ``reported`` list (figures shown beside the simulation
but not generated). Nothing published is copied here.

>>> from sclab.lessons.mediation import estimates, simulated_sample
>>> card, published = card_and_published(estimates(simulated_sample(200, seed=1)))
>>> [x for x in published if x is not None]
[0.17, 0.32]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sclab.formatting import r_value
from sclab.lessons.mediation import CARD, LABELS, MEDIATORS, X, Y
from sclab.populations.card import Card, load_card
from sclab.stats import CI_HIGH, CI_LOW, COEF, regression

__all__ = ["REPORTED", "card_and_published", "weights_beside_published"]

#: Names of the card's ``reported`` figures this comparison shows: for a card link whose published
#: figure is not its own weight, and for two links the card does not carry as paths.
REPORTED = {
    "satisfaction <- scs": (
        "life satisfaction <- common humanity",
        "life satisfaction <- reversed self-judgment",
    ),
    "support -> self-compassion": ("self-compassion <- social support (one support score)",),
    "self-compassion -> somatic": ("psychosomatic symptoms <- self-compassion",),
}
_SUPPORT_LINK = "Self-compassion <- social support (one support score)"
_SOMATIC_LINK = "Psychosomatic symptoms <- self-compassion"


def _card(card: Card | None) -> Card:
    return card if card is not None else load_card(CARD)


def _variable(card: Card, column: str) -> str:
    """The card variable whose score is the sample's ``column`` (``'scs'`` for ``'scs_total'``)."""
    return next(v.id for v in card.variables if card.score_column(v.id) == column)


def _path(card: Card, outcome: str):
    return next(p for p in card.paths if p.outcome == _variable(card, outcome))


def card_and_published(paths: pd.DataFrame, card: Card | None = None) -> tuple[list, list]:
    """The card's weight and the published weight for each row of ``paths`` (None where there is none).

    A card weight stands beside a row only where the card's model is the explorer's: an ``a`` path
    whose card path has distress alone, every ``b`` path and the ``direct`` path. The published
    weight is the card's figure where that figure has a source.
    """
    card = _card(card)
    sat, x = _path(card, Y).predictors, _variable(card, X)
    weights, published = [], []
    for row in paths.itertuples():
        value = pub = None
        if row.effect == "a":
            path = _path(card, row.mediator)
            if list(path.predictors) == [x]:
                value = path.predictors[x].value
        elif row.effect == "b":
            fig = sat[_variable(card, row.mediator)]
            value, pub = fig.value, (fig.value if fig.source is not None else None)
        elif row.effect == "direct":
            value = sat[x].value
        weights.append(value)
        published.append(pub)
    return weights, published


def _reported(card: Card, key: str) -> tuple[str, str]:
    """The published text and its basis for the ``reported`` figures named under ``key`` ("" if absent)."""
    found = [r for name in REPORTED[key] for r in card.reported if r.name == name]
    if not found:
        return "", "none in reach"
    if len(found) == 1:
        text = r_value(found[0].figure.value)
    else:  # parts of one link: "common humanity .17 and reversed self-judgment .13 (two components; ...)"
        parts = " and ".join(f"{r.name.split('<- ')[-1]} {r_value(r.figure.value)}" for r in found)
        count = {2: "two", 3: "three"}.get(len(found), str(len(found)))
        text = f"{parts} ({count} components; no total given)"
    return text, "source: " + card.cite(found[0].figure)


def _path_rows(data: pd.DataFrame, card: Card) -> list[dict]:
    """One row per predictor of every card path: the card's weight, its basis, and this sample's."""
    basis = card.provenance().set_index("figure")
    rows = []
    for i, path in enumerate(card.paths, start=1):
        y = card.score_column(path.outcome)
        fit = regression(data, y, [card.score_column(p) for p in path.predictors], standardise=True).iloc[1:]
        for (pred, fig), (_, est) in zip(path.predictors.items(), fit.iterrows(), strict=True):
            prov = basis.loc[f"paths[{i}].predictors.{pred}"]
            if (path.outcome, pred) == ("satisfaction", "scs"):
                published, cited = _reported(card, "satisfaction <- scs")
            elif fig.source is not None:
                published, cited = r_value(fig.value), "source: " + card.cite(fig)
            else:
                published, cited = "", "none in reach"
            rows.append(
                {
                    "link": f"{LABELS[y]} <- {LABELS.get(card.score_column(pred), pred).lower()}",
                    "published": published,
                    "published_basis": cited,
                    "card": fig.value,
                    "kind": prov["kind"],
                    "basis": prov["basis"],
                    COEF: est[COEF],
                    CI_LOW: est[CI_LOW],
                    CI_HIGH: est[CI_HIGH],
                }
            )
    return rows


def _support_row(rows: list[dict], card: Card) -> dict:
    """Support -> self-compassion as one figure: the sum of the card's two support weights."""
    i, path = next(
        (i, p) for i, p in enumerate(card.paths, start=1) if card.score_column(p.outcome) == MEDIATORS[0]
    )
    support = [k for k in path.predictors if k in ("friends", "family")]
    kinds = {card.provenance().set_index("figure").loc[f"paths[{i}].predictors.{k}", "kind"] for k in support}
    sims = [r for r in rows if r["link"].startswith("Self-compassion <- support from")]
    if len(sims) != len(support):
        raise ValueError(
            f"card {card.id!r}: expected paths from {support} to self-compassion; found {len(sims)}"
        )
    published, cited = _reported(card, "support -> self-compassion")
    return {
        "link": _SUPPORT_LINK,
        "published": published,
        "published_basis": cited,
        "card": sum(path.predictors[k].value for k in support),
        "kind": "assumption" if "assumption" in kinds else "source",
        "basis": "the sum of the card's two support weights (friends, family) on self-compassion",
        COEF: sum(r[COEF] for r in sims),
        CI_LOW: np.nan,
        CI_HIGH: np.nan,
    }


def weights_beside_published(data: pd.DataFrame, card: Card | None = None) -> pd.DataFrame:
    """Each weight on the card, what the simulated ``data`` gives back, and the published figure.

    For every path of the card the outcome is regressed on that path's predictors in standardised
    form (:func:`sclab.stats.regression`), which returns the card's weights up to sampling noise.

    Returns
    -------
    One row per link: ``link``, ``published`` (text, empty when no figure is in reach),
    ``published_basis``, ``card`` (the card's weight, NaN when the card has none), ``kind`` and
    ``basis`` (from ``card.provenance()``), ``coef``, ``ci_low``, ``ci_high`` (this sample; NaN when
    the card does not simulate the link).

    >>> from sclab.lessons.mediation import simulated_sample
    >>> table = weights_beside_published(simulated_sample(200, seed=1))
    >>> row = table.set_index("link").loc["Life satisfaction <- support from family"]
    >>> float(row["card"]), row["kind"], row["published"]
    (0.32, 'source', '.32')
    >>> row = table.set_index("link").loc["Self-compassion <- social support (one support score)"]
    >>> round(float(row["card"]), 2), bool(row["coef"] > 0)
    (0.35, True)
    """
    card = _card(card)
    rows = _path_rows(data, card)
    rows.append(_support_row(rows, card))
    published, cited = _reported(card, "self-compassion -> somatic")
    rows.append(
        {
            "link": _SOMATIC_LINK,
            "published": published,
            "published_basis": cited,
            "card": np.nan,
            "kind": "",
            "basis": "not simulated: the card has no psychosomatic-symptom variable",
            COEF: np.nan,
            CI_LOW: np.nan,
            CI_HIGH: np.nan,
        }
    )
    return pd.DataFrame(rows)
