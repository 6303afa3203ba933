"""Simulated sets of studies of one correlation, from a card's ``study_set`` section.

Study after study, in one fixed order of draws from the seed: its size ``n`` (a whole number from
``n_min`` to ``n_max``), its own true correlation (Fisher z drawn around the pooled value with SD
``tau``), then ``n`` people's two scores (bivariate normal with that correlation) and the observed
correlation. With ``only_significant`` the studies that did not reach p < .05 in the pooled
direction stay in the file drawer and more are run, up to :data:`MAX_RUNS_PER_STUDY` times ``k``;
the same seed gives the same studies either way, so the filter only hides some of them.

>>> design = StudySetDesign(pooled_r=-0.3, tau=0.1, k=5, n_min=30, n_max=300)
>>> studies = simulate_studies(design, seed=1)
>>> studies.columns.tolist()
['study', 'n', 'true_r', 'r', 'p_val', 'significant', 'published']
>>> int(studies["published"].sum())
5
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["MAX_RUNS_PER_STUDY", "StudySetDesign", "design_from_card", "simulate_studies"]

#: With only significant studies published, at most this many studies are run per study wanted.
MAX_RUNS_PER_STUDY = 40
#: Largest study the simulation draws (people); a card's n_max may not exceed it here.
N_LIMIT = 5000
ALPHA_LEVEL = 0.05


def _finite(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return float(value)


@dataclass(frozen=True)
class StudySetDesign:
    """What a set of studies is drawn from: the mean true correlation ``pooled_r``, the SD ``tau`` of
    the true correlations on Fisher's z scale, ``k`` studies of ``n_min`` to ``n_max`` people, and
    whether only significant studies are published (``only_significant``)."""

    pooled_r: float
    tau: float
    k: int
    n_min: int
    n_max: int
    only_significant: bool = False

    def __post_init__(self) -> None:
        if not -1 < _finite(self.pooled_r, "pooled_r") < 1:
            raise ValueError(f"pooled_r must lie strictly between -1 and 1; got {self.pooled_r!r}")
        if not 0 <= _finite(self.tau, "tau") <= 1:
            raise ValueError(f"tau must be from 0 to 1 (an SD on Fisher's z scale); got {self.tau!r}")
        whole_number(self.k, "k", 2, 100, "of studies")
        whole_number(self.n_min, "n_min", 4, N_LIMIT, "of people in the smallest study")
        whole_number(self.n_max, "n_max", self.n_min, N_LIMIT, "of people in the largest study (from n_min)")
        if not isinstance(self.only_significant, bool):
            raise ValueError(f"only_significant must be True or False; got {self.only_significant!r}")


def design_from_card(card_id: str = "trauma-self-compassion", **changes) -> StudySetDesign:
    """The card's study set as a design; ``changes`` override any of its fields (``k=20``)."""
    from sclab.populations.card import load_card

    card = load_card(card_id)
    s = card.study_set
    if s is None:
        raise ValueError(f"card {card_id} has no study_set section")
    fields = {
        "pooled_r": s.pooled_r.value,
        "tau": s.tau.value,
        "k": int(s.k.value),
        "n_min": int(s.n_min.value),
        "n_max": int(s.n_max.value),
    }
    return StudySetDesign(**(fields | changes))


def _one_study(rng: np.random.Generator, design: StudySetDesign) -> tuple[int, float, float]:
    n = int(rng.integers(design.n_min, design.n_max + 1))
    true_r = float(np.tanh(rng.normal(np.arctanh(design.pooled_r), design.tau)))
    x, e = rng.standard_normal((2, n))
    y = true_r * x + np.sqrt(1 - true_r**2) * e
    return n, true_r, float(np.corrcoef(x, y)[0, 1])


def _significant(r: np.ndarray, n: np.ndarray, pooled_r: float) -> np.ndarray:
    """p < .05 (Student's t test of r) and, unless the pooled value is 0, in its direction."""
    from sclab.stats.meta_analysis import fisher_z

    p = fisher_z(r, n)["p_val"].to_numpy()
    direction = np.sign(pooled_r)
    return (p < ALPHA_LEVEL) & ((direction == 0) | (np.sign(r) == direction))


def simulate_studies(design: StudySetDesign, seed: int) -> pd.DataFrame:
    """Run the studies of ``design`` from ``seed``: one row per study run, in the order run.

    Columns: ``study`` (1, 2, ...), ``n``, ``true_r`` (its own true correlation), ``r`` (observed),
    ``p_val`` (Student's t test of r), ``significant`` (p < .05 in the pooled direction) and
    ``published`` (all of the first ``k`` studies; with ``only_significant``, the significant ones,
    studies being run until ``k`` are). Fewer than ``k`` are published when
    :data:`MAX_RUNS_PER_STUDY` times ``k`` runs did not find enough.
    """
    from sclab.stats.meta_analysis import fisher_z

    if not isinstance(design, StudySetDesign):
        raise ValueError(f"design must be a StudySetDesign; got {type(design).__name__}")
    rng = np.random.default_rng(seed_check(seed))
    most = design.k * (MAX_RUNS_PER_STUDY if design.only_significant else 1)
    rows: list[tuple[int, float, float]] = []
    while len(rows) < most:
        rows += [_one_study(rng, design) for _ in range(min(design.k, most - len(rows)))]
        n, true_r, r = (np.array(col) for col in zip(*rows, strict=True))
        sig = _significant(r, n, design.pooled_r)
        if not design.only_significant or sig.sum() >= design.k:
            break
    if design.only_significant and sig.sum() >= design.k:  # stop at the k-th significant study
        last = int(np.flatnonzero(sig)[design.k - 1]) + 1
        n, true_r, r, sig = n[:last], true_r[:last], r[:last], sig[:last]
    out = pd.DataFrame({"study": np.arange(1, len(n) + 1), "n": n, "true_r": true_r, "r": r})
    out["p_val"] = fisher_z(r, n)["p_val"].to_numpy()
    out["significant"] = sig
    out["published"] = sig if design.only_significant else np.ones(len(n), dtype=bool)
    return out
