"""Comparison samples: a simulated sample plus who it is, so every comparison can say 'compared with whom'.

>>> ref = ComparisonSample.shipped("students-scs")
>>> ref.n, ref.instrument_id, ref.groups()
(268, 'scs', ['woman', 'man'])
>>> round(percentile(3.0, ref.values("total")), 1) > 0
True
>>> ComparisonSample.shipped_for(load_instrument("co-practice")).variable   # first sample measuring it
'cop'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sclab.measure.instrument import Instrument, load_instrument
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["ComparisonSample", "percentile"]


def percentile(value: float, values: np.ndarray) -> float:
    """Percent of ``values`` below ``value``, counting ties as half.

    The rule of ``scipy.stats.percentileofscore(values, value, kind="mean")`` (the tests check the
    two agree, missing values included); counted with numpy so that placing a student's score
    does not load scipy into the page's kernel (about 57 MB).

    >>> percentile(3, np.array([1, 2, 3, 4]))  # 2 below, 1 tie counted as half: 2.5 of 4
    62.5
    """
    values = np.asarray(values).ravel()
    if values.size == 0:
        raise ValueError("cannot place a score in an empty sample")
    if np.isnan(value) or np.isnan(values).any():
        return float("nan")  # as scipy's default nan_policy="propagate"
    below, at_or_below = np.count_nonzero(values < value), np.count_nonzero(values <= value)
    return float((below + at_or_below) * (50.0 / values.size))


def _measures(variable) -> str:
    """What a card's instrument variable measures (its instrument's construct)."""
    return load_instrument(variable.instrument, wording=False).measures


@dataclass(frozen=True)
class ComparisonSample:
    """A scored simulated sample and its provenance.

    ``variable`` is the card's instrument variable (columns ``<variable>_total`` and so on);
    ``group`` the card's group variable used for the everyone / women / men choice.
    """

    data: pd.DataFrame
    card_id: str
    title: str
    population: str
    sources: tuple[str, ...]
    variable: str
    instrument_id: str
    seed: int
    group: str | None = "gender"
    group_levels: tuple[str, ...] = ()
    shipped_snapshot: bool = False

    @staticmethod
    def _instrument_variables(card_id: str) -> list:
        from sclab.populations.card import load_card

        return [v for v in load_card(card_id).variables if getattr(v, "kind", None) == "instrument"]

    @classmethod
    def _variable(cls, card_id: str, variable: str | None, measures: str | None):
        """The card and its variable: by id, else the first measuring ``measures``, else its first."""
        from sclab.populations.card import load_card

        inst_vars = cls._instrument_variables(card_id)
        if not inst_vars:
            raise ValueError(f"card {card_id!r} has no instrument-backed variable to compare with")
        if variable:
            found = [v for v in inst_vars if v.id == variable]
            if not found:
                ids = ", ".join(v.id for v in inst_vars)
                raise ValueError(f"card {card_id!r} has no instrument variable {variable!r}; valid: {ids}")
        elif measures is not None:
            found = [v for v in inst_vars if _measures(v) == measures]
            if not found:
                have = "; ".join(f"{v.id}: {_measures(v)}" for v in inst_vars)
                raise ValueError(
                    f"card {card_id!r} has no variable measuring {measures}; its variables measure {have}"
                )
        else:
            found = inst_vars
        return load_card(card_id), found[0]

    @classmethod
    def _build(cls, data, card, var, seed, shipped) -> ComparisonSample:
        card_id = card.id
        gender = next((v for v in card.variables if v.id == "gender" and v.kind == "group"), None)
        return cls(
            data=data,
            card_id=card_id,
            title=card.title,
            population=" ".join(card.population.split()),
            sources=tuple(r.text for r in card.references),
            variable=var.id,
            instrument_id=var.instrument,
            seed=seed,
            group="gender" if gender is not None else None,
            group_levels=tuple(gender.levels) if gender is not None else (),
            shipped_snapshot=shipped,
        )

    @classmethod
    def shipped(
        cls, name: str = "students-scs", *, variable: str | None = None, measures: str | None = None
    ) -> ComparisonSample:
        """The snapshot shipped with sclab (at the paper's N, fixed seed).

        ``variable`` picks the card's instrument variable by id; otherwise ``measures`` picks the
        first measuring that construct (``"self-compassion"``); otherwise the first one is used.
        """
        from sclab.populations.samples import SNAPSHOTS, load_sample

        snap = next((s for s in SNAPSHOTS if s.name == name), None)
        if snap is None:
            raise ValueError(f"unknown sample {name!r}; valid: {', '.join(s.name for s in SNAPSHOTS)}")
        card, var = cls._variable(snap.card, variable, measures)
        return cls._build(load_sample(name), card, var, snap.seed, True)

    @classmethod
    def shipped_for(cls, instrument: Instrument) -> ComparisonSample | None:
        """The first shipped snapshot with a variable measuring what ``instrument`` measures, or None."""
        from sclab.populations.samples import SNAPSHOTS

        for snap in SNAPSHOTS:
            if any(_measures(v) == instrument.measures for v in cls._instrument_variables(snap.card)):
                return cls.shipped(snap.name, measures=instrument.measures)
        return None

    @classmethod
    def simulated(
        cls,
        card: str = "students-scs",
        *,
        n: int = 1000,
        seed: int = 1,
        variable: str | None = None,
        measures: str | None = None,
    ) -> ComparisonSample:
        """A fresh sample of ``n`` from a card with ``seed``; ``variable``, ``measures`` as in ``shipped``."""
        from sclab.populations.simulate import simulate

        n = whole_number(n, "n", 10, 1_000_000, "of simulated people")
        seed = seed_check(seed)
        card_model, var = cls._variable(card, variable, measures)
        return cls._build(simulate(card, n=n, seed=seed), card_model, var, seed, False)

    @property
    def instrument(self) -> Instrument:
        """The instrument the sample's variable was scored with (its key; no wording needed)."""
        return load_instrument(self.instrument_id, wording=False)

    @property
    def n(self) -> int:
        return len(self.data)

    def column(self, score: str = "total") -> str:
        return f"{self.variable}_{score}"

    def groups(self) -> list[str]:
        """The levels of the group variable, in the card's order (empty if there is none)."""
        return list(self.group_levels)

    def subset(self, group_level: str | None = None) -> pd.DataFrame:
        if group_level is None:
            return self.data
        if group_level not in self.groups():
            raise ValueError(f"unknown group {group_level!r}; valid: {', '.join(self.groups())}")
        return self.data[self.data[self.group].astype(str) == group_level]

    def values(self, score: str = "total", group_level: str | None = None) -> np.ndarray:
        """The scores of one column (``total``, a subscale, ``compassionate`` ..), missing ones left out."""
        col = self.column(score)
        if col not in self.data:
            have = sorted(
                c.removeprefix(f"{self.variable}_") for c in self.data if c.startswith(self.variable)
            )
            raise ValueError(f"the sample has no score {score!r}; valid: {', '.join(have)}")
        return self.subset(group_level)[col].dropna().to_numpy(dtype=float)

    def compared_with(self, group_level: str | None = None) -> str:
        """The 'compared with whom' line: who, how many, simulated, from which card, seed and sources."""
        n = len(self.values("total", group_level))
        who = f"{n:,} simulated people" + (f" (group: {group_level})" if group_level else "")
        kind = "the shipped snapshot" if self.shipped_snapshot else "a fresh sample"
        return (
            f"Compared with {who}: {self.title}, {kind} from card '{self.card_id}' (seed {self.seed}). "
            f"Built from published figures ({'; '.join(self.sources)}). Simulated: no real person's answers."
        )
