"""The model behind :class:`~sclab.ui.explorers.mediation_explorer.MediationExplorer`; no ipywidgets or plotly.

Distress -> (self-compassion, support from friends, support from family) -> life satisfaction, on
a simulated sample of the ``emerging-adults`` card: the sample, the paths by least squares at once
(:func:`estimates`), the parallel mediation with bootstrap intervals for the indirect effects
(:func:`analyse`, i.e. :func:`sclab.stats.mediation`, pingouin) and the card's weights set beside
the published ones (:func:`weights_beside_published`).

>>> data = simulated_sample(200, seed=1)
>>> data.columns.tolist()
['distress', 'scs_total', 'friends', 'family', 'satisfaction']
>>> runs_at_once(200, 500), runs_at_once(1000, 2000)
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sclab.populations.card import Card, load_card
from sclab.populations.simulate import simulate
from sclab.stats import CI_HIGH, CI_LOW, COEF, EFFECT, MEDIATOR, P_VAL, PATH, SE, N, mediation, regression

__all__ = [
    "CARD",
    "LABELS",
    "MEDIATORS",
    "N_BOOT_CHOICES",
    "N_MAX",
    "N_MIN",
    "X",
    "Y",
    "analyse",
    "estimates",
    "runs_at_once",
    "simulated_sample",
    "standardise",
    "weights_beside_published",
]

CARD = "emerging-adults"
X = "distress"
Y = "satisfaction"
MEDIATORS = ("scs_total", "friends", "family")
LABELS = {
    "distress": "Distress",
    "scs_total": "Self-compassion",
    "friends": "Support from friends",
    "family": "Support from family",
    "satisfaction": "Life satisfaction",
}
#: Bootstrap sizes on offer. The largest run (N = 1,000, 2,000 resamples) took about 1 s on one
#: core of the development machine; 200 x 1,000 (the default) about 0.3 s.
N_BOOT_CHOICES = (200, 500, 1000, 2000)
N_MIN, N_MAX = 100, 1000
#: Rows times resamples up to which a run starts by itself (the default 200 x 1,000 does).
_AT_ONCE = 200 * 1000


def simulated_sample(n: int, seed: int) -> pd.DataFrame:
    """``n`` simulated students of the card: distress, self-compassion (SCS total), support, satisfaction."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not N_MIN <= n <= N_MAX:
        raise ValueError(f"n must be a whole number of simulated students from {N_MIN} to {N_MAX}; got {n!r}")
    return simulate(CARD, n=int(n), seed=seed)[[X, *MEDIATORS, Y]]


def standardise(data: pd.DataFrame) -> pd.DataFrame:
    """Every column as z scores (mean 0, SD 1 with ddof = 1), so coefficients are standardised weights.

    >>> z = standardise(pd.DataFrame({"a": [1.0, 2.0, 3.0]}))
    >>> z["a"].tolist()
    [-1.0, 0.0, 1.0]
    """
    return (data - data.mean()) / data.std(ddof=1)


def runs_at_once(n: int, n_boot: int) -> bool:
    """Whether a bootstrap of ``n`` rows and ``n_boot`` resamples is quick enough (well under 1 s)
    to run without being asked."""
    return n * n_boot <= _AT_ONCE


def analyse(
    data: pd.DataFrame,
    *,
    n_boot: int,
    seed: int,
    standardised: bool = True,
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """The parallel mediation of :func:`sclab.stats.mediation` on ``data`` (z scores if ``standardised``).

    ``n_boot`` must be one of :data:`N_BOOT_CHOICES`; the columns are those of :func:`sclab.stats.mediation`.

    >>> out = analyse(simulated_sample(200, seed=1), n_boot=200, seed=1)
    >>> out["effect"].tolist().count("indirect")
    3
    """
    if n_boot not in N_BOOT_CHOICES:
        raise ValueError(f"n_boot must be one of {', '.join(map(str, N_BOOT_CHOICES))}; got {n_boot!r}")
    frame = standardise(data) if standardised else data
    return mediation(frame, X, list(MEDIATORS), Y, n_boot=n_boot, seed=seed, progress=progress)


def estimates(data: pd.DataFrame, *, standardised: bool = True) -> pd.DataFrame:
    """The paths of :func:`analyse` by least squares alone (:func:`sclab.stats.regression`), no bootstrap.

    ``a``: each mediator on distress; ``b`` and ``direct``: satisfaction on distress and all three
    mediators together; ``total``: satisfaction on distress alone; ``indirect``: ``a * b``, whose
    interval needs the bootstrap, so its ``se``, ``p_val``, ``ci_low`` and ``ci_high`` are NaN. The
    coefficients are those :func:`analyse` returns, and ``total = direct + sum of the indirect``.

    >>> out = estimates(simulated_sample(200, seed=1))
    >>> by = out.groupby("effect")["coef"].sum()
    >>> bool(abs(by["direct"] + by["indirect"] - by["total"]) < 1e-12)
    True
    """
    frame = standardise(data) if standardised else data
    m = list(MEDIATORS)
    cols = [COEF, SE, P_VAL, CI_LOW, CI_HIGH]
    a = [regression(frame, v, [X]).iloc[1][cols] for v in m]
    full = regression(frame, Y, [X, *m])
    total = regression(frame, Y, [X]).iloc[1][cols]
    b = [full.iloc[2 + i][cols] for i in range(len(m))]
    rows = (
        [{PATH: f"{v} ~ {X}", EFFECT: "a", MEDIATOR: v, **a[i]} for i, v in enumerate(m)]
        + [{PATH: f"{Y} ~ {v}", EFFECT: "b", MEDIATOR: v, **b[i]} for i, v in enumerate(m)]
        + [{PATH: f"{Y} ~ {X} (total)", EFFECT: "total", MEDIATOR: None, **total}]
        + [{PATH: f"{Y} ~ {X} (direct)", EFFECT: "direct", MEDIATOR: None, **full.iloc[1][cols]}]
        + [
            {
                PATH: f"{X} -> {v} -> {Y}",
                EFFECT: "indirect",
                MEDIATOR: v,
                COEF: a[i][COEF] * b[i][COEF],
                SE: np.nan,
                P_VAL: np.nan,
                CI_LOW: np.nan,
                CI_HIGH: np.nan,
            }
            for i, v in enumerate(m)
        ]
    )
    out = pd.DataFrame(rows, columns=[PATH, EFFECT, MEDIATOR, *cols])
    out[N] = len(frame.dropna())
    return out


@dataclass(frozen=True)
class _Published:
    link: str
    text: str
    ref: str
    where: str


# Published figures the card does not carry as its own (literature.md); keyed by (outcome, predictor).
_PUBLISHED = {
    ("satisfaction", "scs"): _Published(
        "Life satisfaction <- self-compassion",
        "common humanity .17 and reversed self-judgment .13 (two components; no total given)",
        "ea-life-satisfaction",
        "abstract",
    ),
}
_SUPPORT_TO_SC = _Published(
    "Self-compassion <- social support (one support score)", ".34", "brieflands-support-sc", "another sample"
)
_SC_TO_SOMATIC = _Published(
    "Psychosomatic symptoms <- self-compassion", "-.52", "brieflands-support-sc", "another sample"
)


def _column(card: Card, variable: str) -> str:
    return f"{variable}_total" if card.variable(variable).kind == "instrument" else variable


def _label(card: Card, variable: str) -> str:
    return LABELS.get(_column(card, variable), variable).lower()


def _fmt(value: float) -> str:
    return f"{value:.2f}".replace("0.", ".", 1)


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

    >>> table = weights_beside_published(simulated_sample(200, seed=1))
    >>> row = table.set_index("link").loc["Life satisfaction <- support from family"]
    >>> float(row["card"]), row["kind"]
    (0.32, 'source')
    >>> row = table.set_index("link").loc["Self-compassion <- social support (one support score)"]
    >>> round(float(row["card"]), 2), bool(row["coef"] > 0)
    (0.35, True)
    """
    card = card or load_card(CARD)
    basis = card.provenance().set_index("figure")
    rows: list[dict] = []

    def cite(pub: _Published) -> str:
        return f"source: {card.reference(pub.ref).text} ({pub.where})"

    for i, path in enumerate(card.paths, start=1):
        y = _column(card, path.outcome)
        xs = [_column(card, p) for p in path.predictors]
        fit = regression(data, y, xs, standardise=True).iloc[1:]
        for (pred, fig), (_, est) in zip(path.predictors.items(), fit.iterrows(), strict=True):
            prov = basis.loc[f"paths[{i}].predictors.{pred}"]
            pub = _PUBLISHED.get((path.outcome, pred))
            if pub is None and fig.source is not None:
                pub = _Published("", _fmt(fig.value), fig.source.ref, fig.source.where or "")
            rows.append(
                {
                    "link": f"{LABELS[y]} <- {_label(card, pred)}",
                    "published": pub.text if pub else "",
                    "published_basis": cite(pub) if pub else "none in reach",
                    "card": fig.value,
                    "kind": prov["kind"],
                    "basis": prov["basis"],
                    COEF: est[COEF],
                    CI_LOW: est[CI_LOW],
                    CI_HIGH: est[CI_HIGH],
                }
            )
    # support -> self-compassion as one figure: the sum of the two support weights on the card
    sc_path = next(i for i, p in enumerate(card.paths, start=1) if _column(card, p.outcome) == "scs_total")
    support = [k for k in card.paths[sc_path - 1].predictors if k in ("friends", "family")]
    kinds = {basis.loc[f"paths[{sc_path}].predictors.{k}", "kind"] for k in support}
    sims = [r for r in rows if r["link"].startswith("Self-compassion <- support from")]
    if len(sims) != len(support):
        raise ValueError(
            f"card {card.id!r}: expected paths from {support} to self-compassion; found {len(sims)}"
        )
    rows.append(
        {
            "link": _SUPPORT_TO_SC.link,
            "published": _SUPPORT_TO_SC.text,
            "published_basis": cite(_SUPPORT_TO_SC),
            "card": sum(card.paths[sc_path - 1].predictors[k].value for k in support),
            "kind": "assumption" if "assumption" in kinds else "source",
            "basis": "the sum of the card's two support weights (friends, family) on self-compassion",
            COEF: sum(r[COEF] for r in sims),
            CI_LOW: np.nan,
            CI_HIGH: np.nan,
        }
    )
    rows.append(
        {
            "link": _SC_TO_SOMATIC.link,
            "published": _SC_TO_SOMATIC.text,
            "published_basis": cite(_SC_TO_SOMATIC),
            "card": np.nan,
            "kind": "",
            "basis": "not simulated: the card has no psychosomatic-symptom variable",
            COEF: np.nan,
            CI_LOW: np.nan,
            CI_HIGH: np.nan,
        }
    )
    return pd.DataFrame(rows)
