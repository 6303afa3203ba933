"""The model behind :class:`~sclab.ui.explorers.scoring_explorer.ScoringExplorer`; no ipywidgets or plotly.

A simulated sample of students who answered the 26-item SCS (card ``students-scs``), and what the
three parts of the explorer show on it: item-total correlations under three keys
(:func:`keying`), a balanced short set against the full scale (:func:`short_form`), and one
person's retakes around a true score (:func:`retakes`). The words beside them come from
:mod:`sclab.lessons.scoring_text`. Everything that depends only on the sample is computed once per
(n, seed).

>>> sample = scoring_sample(300, seed=2)
>>> sample.comparison.n, len(sample.errors)
(300, 2000)
>>> k = keying(sample, "none")
>>> len(k.r), len(k.reversed_ids)
(26, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from sclab.measure.instrument import Instrument, load_instrument
from sclab.measure.psychometrics import (
    alpha_with_and_without_keying,
    apply_key,
    balanced_subset,
    error_band,
    item_total_correlations,
    keying_sets,
    observed_scores,
    sem,
    short_form_summary,
    short_total,
)
from sclab.populations.comparison import ComparisonSample
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = [
    "CARD",
    "DRAWS",
    "N_MAX",
    "N_MIN",
    "Keying",
    "Retakes",
    "ScoringSample",
    "ShortForm",
    "display_order",
    "keying",
    "retakes",
    "scoring_sample",
    "scs",
    "short_form",
]

CARD = "students-scs"
N_MIN, N_MAX = 100, 5000
#: Simulated retakes of one person in the error-band part.
DRAWS = 2000
_BINS = 80


def scs() -> Instrument:
    """The 26-item SCS without its item wording (the explorer shows numbers only)."""
    return load_instrument("scs", wording=False)


@dataclass(frozen=True)
class ScoringSample:
    """Everything that depends only on the sample: the scored comparison sample, the 26-item totals,
    corrected item-total r per keying (in the instrument's item order), the alpha table, and
    standard normal draws for the retakes."""

    comparison: ComparisonSample
    long_total: np.ndarray
    item_r: dict[str, np.ndarray]
    summary: pd.DataFrame
    errors: np.ndarray

    @property
    def n(self) -> int:
        return self.comparison.n

    @property
    def seed(self) -> int:
        return self.comparison.seed


@lru_cache(maxsize=8)
def _sample(n: int, seed: int) -> ScoringSample:
    inst = scs()
    ref = ComparisonSample.simulated(CARD, n=n, seed=seed)
    items = {
        key: item_total_correlations(apply_key(inst, ref.data, rev))["r"].to_numpy()
        for key, rev in keying_sets(inst).items()
    }
    unit = observed_scores(0.0, 1.0, 0.0, n=DRAWS, seed=seed)  # sem(1, 0) = 1: plain N(0, 1) draws
    return ScoringSample(ref, ref.values("total"), items, alpha_with_and_without_keying(inst, ref.data), unit)


def scoring_sample(n: int, seed: int) -> ScoringSample:
    """``n`` simulated students (``N_MIN`` to ``N_MAX``) drawn with ``seed``, computed once per (n, seed)."""
    return _sample(whole_number(n, "n", N_MIN, N_MAX, "of simulated students"), seed_check(seed))


def display_order(instrument: Instrument) -> list:
    """The items grouped by component, as a reader scans the chart."""
    return [it for s in instrument.subscales for it in instrument.subscale_items(s.id)]


@dataclass(frozen=True)
class Keying:
    """One key on one sample: r per item in :func:`display_order`, the reversed item ids, the alpha table."""

    key: str
    item_ids: list[str]
    r: list[float]
    reversed_ids: frozenset[str]
    summary: pd.DataFrame  # indexed by keying


def keying(sample: ScoringSample, key: str) -> Keying:
    """Corrected item-total correlations under ``key`` (one of ``sclab.measure.psychometrics.KEYINGS``)."""
    inst = scs()
    sets = keying_sets(inst)
    if key not in sets:
        raise ValueError(f"key must be one of {', '.join(map(repr, sets))}; got {key!r}")
    pos = {c: j for j, c in enumerate(inst.item_ids)}
    ids = [inst.item_id(it.number) for it in display_order(inst)]
    r = [float(sample.item_r[key][pos[c]]) for c in ids]
    return Keying(key, ids, r, frozenset(sets[key]), sample.summary.set_index("keying"))


@dataclass(frozen=True)
class ShortForm:
    """A balanced ``k``-item set: its totals, item numbers, and ``r``, ``alpha``, ``n`` against all 26."""

    k: int
    total: np.ndarray
    numbers: list[str]
    summary: pd.Series


@lru_cache(maxsize=64)
def _short(n: int, seed: int, k: int) -> ShortForm:
    inst = scs()
    data = _sample(n, seed).comparison.data
    cols = balanced_subset(inst, k)
    summary = short_form_summary(inst, data, k).iloc[0]
    numbers = [c.rsplit("_", 1)[1] for c in cols]
    return ShortForm(k, short_total(inst, data, cols).to_numpy(), numbers, summary)


def short_form(sample: ScoringSample, k: int) -> ShortForm:
    """The balanced short set of ``k`` items (4 to 26) on ``sample``, computed once per (n, seed, k)."""
    return _short(sample.n, sample.seed, whole_number(k, "k", 4, scs().n_items, "of items"))


@dataclass(frozen=True)
class Retakes:
    """One person's simulated retakes: the SEM, the 95% band, a histogram (% of retakes per bin),
    the share inside the band and how many fell off the scale."""

    sem: float
    low: float
    high: float
    centres: list[float]
    widths: list[float]
    share: list[float]
    inside: float
    clipped: int


def retakes(sample: ScoringSample, *, true_score: float, sd: float, alpha: float) -> Retakes:
    """The sample's normal draws as retakes around ``true_score`` with SD = SEM, kept on the scale."""
    lo, hi = scs().total_range()
    spread = sem(sd, alpha)
    low, high = error_band(true_score, sd, alpha)
    draws = np.clip(true_score + spread * sample.errors, lo, hi)
    edges = np.linspace(lo, hi, _BINS + 1)
    counts, _ = np.histogram(draws, bins=edges)
    return Retakes(
        sem=spread,
        low=low,
        high=high,
        centres=((edges[:-1] + edges[1:]) / 2).tolist(),
        widths=(np.diff(edges) * 0.9).tolist(),
        share=(100 * counts / len(draws)).tolist(),
        inside=100 * float(np.mean((draws >= low) & (draws <= high))),
        clipped=int(np.sum((draws <= lo) | (draws >= hi))),
    )
