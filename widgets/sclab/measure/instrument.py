"""Instrument files -> validated models -> scoring.

An instrument file (``datasets/instruments/<id>.yaml``) declares the items, the response range
and anchor labels, the subscales and their polarity, the total-score rule, bands and their
source, reliability figures, the citation and a licence note. Loading validates all of it and
names the file, the field and the rule when something is wrong.

>>> scs = load_instrument("scs")
>>> scs.n_items, [s.id for s in scs.subscales][:2]
(26, ['self_kindness', 'self_judgment'])
>>> scs.administrable   # published wording is not shipped
False
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sclab._yamlfiles import read_model
from sclab.errors import InstrumentFileError
from sclab.provenance import Figure
from sclab.resources import shipped_file, shipped_names

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

__all__ = [
    "Half",
    "Instrument",
    "InstrumentFileError",
    "TotalRule",
    "instrument_ids",
    "list_instruments",
    "load_instrument",
    "read_instrument_file",
]

TotalRule = Literal["mean_of_subscale_means", "sum_of_subscale_means", "mean_of_items", "sum_of_items"]

_IDENT = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    text: str
    doi: str | None = None


class ResponseScale(_Model):
    min: int
    max: int
    anchors: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> ResponseScale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        outside = [k for k in self.anchors if not self.min <= k <= self.max]
        if outside:
            raise ValueError(f"anchor values {outside} lie outside the range {self.min}-{self.max}")
        return self

    @property
    def values(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    def label(self, value: int) -> str:
        """The anchor label of a value, or the number itself where the scale leaves it unlabelled."""
        return self.anchors.get(value, str(value))

    @property
    def range_text(self) -> str:
        """``'1-5'``"""
        return f"{self.min}-{self.max}"

    def describe(self) -> str:
        """``'1-5 (Almost never .. Almost always)'``"""
        ends = f" ({self.label(self.min)} .. {self.label(self.max)})" if self.anchors else ""
        return f"{self.range_text}{ends}"

    def anchor_text(self) -> str:
        """The labelled values, ``'1 = Almost never, 2 = Rarely, ..'``; the range if none is labelled."""
        labelled = [f"{v} = {self.anchors[v]}" for v in self.values if v in self.anchors]
        return ", ".join(labelled) or self.range_text

    def option_label(self, value: int) -> str:
        """What an answer button shows: ``'4 Often'``, or ``'4'`` where the value has no label."""
        return f"{value} {self.anchors[value]}" if value in self.anchors else str(value)


class Subscale(_Model):
    id: str = Field(pattern=_IDENT)
    label: str
    polarity: Literal["positive", "negative"]
    description: str | None = None


@dataclass(frozen=True)
class Half:
    """One side of an instrument with both polarities: its score column, label and member subscales.

    ``id`` is the score column (``compassionate`` or ``uncompassionate``, as
    :func:`sclab.measure.scoring.score` names them); ``higher_is_more`` says that a higher score
    means more of this side's response (always so for the positive side, and for the negative side
    when subscales are scored raw).
    """

    id: str
    polarity: Literal["positive", "negative"]
    label: str
    subscales: tuple[Subscale, ...]
    n_items: int
    higher_is_more: bool

    @property
    def members(self) -> str:
        """The member subscales in running text: ``'self-judgment, isolation, over-identification'``."""
        return ", ".join(_lower_first(s.label) for s in self.subscales)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


_HALF_IDS = {"positive": "compassionate", "negative": "uncompassionate"}


class Item(_Model):
    number: int = Field(ge=1)
    subscale: str
    reversed: bool
    text: str | None = None


class Alternative(_Model):
    rule: TotalRule
    note: str


class Total(_Model):
    rule: TotalRule
    source: str
    alternatives: list[Alternative] = Field(default_factory=list)


class MissingRule(_Model):
    min_fraction_per_subscale: float = Field(gt=0, le=1)
    total_requires_all_subscales: bool = True

    def describe(self) -> str:
        pct = round(self.min_fraction_per_subscale * 100)
        total = "every subscale is" if self.total_requires_all_subscales else "at least one subscale is"
        return (
            f"A subscale is scored when at least {pct}% of its items have a valid answer (the mean of "
            f"those answered); the total is scored only when {total}. Missing, non-numeric and "
            "out-of-range answers count as unanswered and are flagged."
        )


class Band(_Model):
    label: str
    upper: float
    upper_inclusive: bool
    published: str | None = None


class Bands(_Model):
    source: str
    levels: list[Band] = Field(min_length=1)


class Reliability(_Model):
    """Reliability figures of the total: ``alpha``, ``sd`` and (optionally) ``test_retest``;
    ``subscale_alpha`` is the alpha every subscale is given when one value stands for all
    (a practice inventory's cards take all three of alpha, sd and subscale_alpha from here)."""

    alpha: Figure
    sd: Figure
    test_retest: Figure | None = None
    subscale_alpha: Figure | None = None


class ChangelogEntry(_Model):
    """One revision of a course-written instrument: when, which items, what changed and why."""

    date: datetime.date
    items: list[int] = Field(default_factory=list)
    change: str


class Instrument(_Model):
    """A validated instrument: its key, scoring rules and (where allowed) its wording."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    key: str = Field(pattern=r"^[a-z][a-z0-9]*$")
    name: str
    short_name: str
    kind: Literal["published", "practice"]
    measures: str
    description: str
    citation: Citation
    licence: str
    response: ResponseScale
    subscale_scoring: Literal["raw", "keyed"]
    interpret_subscales: bool = True
    interpretation_note: str | None = None
    subscales: list[Subscale] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)
    total: Total
    missing: MissingRule
    bands: Bands | None = None
    bands_note: str | None = None
    changelog: list[ChangelogEntry] = Field(default_factory=list)
    reliability: Reliability
    wording_source: str | None = None

    @model_validator(mode="after")
    def _check_changelog(self) -> Instrument:
        for j, entry in enumerate(self.changelog):
            bad = [i for i in entry.items if not 1 <= i <= len(self.items)]
            if bad:
                raise ValueError(
                    f"field 'changelog[{j + 1}].items': item numbers must be 1..{len(self.items)}; "
                    f"found {bad}"
                )
        return self

    @model_validator(mode="after")
    def _check_key(self) -> Instrument:
        ids = [s.id for s in self.subscales]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"field 'subscales': ids must be unique; repeated: {dup}")
        numbers = [it.number for it in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(
                f"field 'items': must be numbered 1..{len(numbers)} in order, once each; found {numbers}"
            )
        polarity = {s.id: s.polarity for s in self.subscales}
        for it in self.items:
            if it.subscale not in polarity:
                raise ValueError(
                    f"field 'items[{it.number}].subscale': item {it.number}'s subscale {it.subscale!r} "
                    f"is not declared; valid: {', '.join(ids)}"
                )
            if self.subscale_scoring == "raw" and it.reversed != (polarity[it.subscale] == "negative"):
                raise ValueError(
                    f"field 'items[{it.number}].reversed': with raw subscale scoring, items of a negative "
                    "subscale are "
                    f"reversed for the total and items of a positive one are not; {it.subscale!r} is "
                    f"{polarity[it.subscale]} but reversed is {it.reversed}"
                )
        empty = [s for s in ids if not any(it.subscale == s for it in self.items)]
        if empty:
            raise ValueError(f"field 'subscales': subscales without items: {empty}")
        if self.bands is not None:
            uppers = [b.upper for b in self.bands.levels]
            if uppers != sorted(set(uppers)) or uppers[-1] != self.response.max:
                raise ValueError(
                    "field 'bands.levels': uppers must rise strictly, the last equal to the response max "
                    f"{self.response.max} (bands are on the item-mean metric); found {uppers}"
                )
        return self

    # --- what the key says -------------------------------------------------------------
    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def item_ids(self) -> list[str]:
        """Column names of the items: ``scs_1`` .. ``scs_26``."""
        return [self.item_id(it.number) for it in self.items]

    def item_id(self, number: int) -> str:
        return f"{self.key}_{number}"

    def subscale_items(self, subscale: str) -> list[Item]:
        return [it for it in self.items if it.subscale == subscale]

    @property
    def has_polarity(self) -> bool:
        """True when the instrument has both compassionate and uncompassionate subscales."""
        return {s.polarity for s in self.subscales} == {"positive", "negative"}

    @property
    def halves(self) -> tuple[Half, ...]:
        """The compassionate and uncompassionate sides, from the subscales' polarity (empty without both).

        >>> [(h.label, h.members, h.n_items) for h in load_instrument("co-practice").halves][1]
        ('Uncompassionate responding', 'indifference', 4)
        """
        if not self.has_polarity:
            return ()
        out = []
        for polarity in ("positive", "negative"):
            members = tuple(s for s in self.subscales if s.polarity == polarity)
            ids = {s.id for s in members}
            out.append(
                Half(
                    id=_HALF_IDS[polarity],
                    polarity=polarity,
                    label=f"{_HALF_IDS[polarity].capitalize()} responding",
                    subscales=members,
                    n_items=sum(it.subscale in ids for it in self.items),
                    higher_is_more=polarity == "positive" or self.subscale_scoring == "raw",
                )
            )
        return tuple(out)

    def half(self, polarity: Literal["positive", "negative"]) -> Half:
        """The half of one polarity; a ValueError when the instrument has no halves."""
        found = [h for h in self.halves if h.polarity == polarity]
        if not found:
            raise ValueError(f"{self.id} has no {polarity} half: its subscales are not of both polarities")
        return found[0]

    @property
    def score_names(self) -> list[str]:
        """The numeric scores :meth:`score` gives: subscale ids, the halves (where there are), ``total``."""
        return [s.id for s in self.subscales] + [h.id for h in self.halves] + ["total"]

    def score_label(self, score: str = "total") -> str:
        """How a score is named on screen: a subscale's or half's label, or ``'total score'``.

        >>> load_instrument("co-practice").score_label("indifference")
        'Indifference'
        """
        labels = {s.id: s.label for s in self.subscales} | {h.id: h.label for h in self.halves}
        if score == "total":
            return "total score"
        if score not in labels:
            raise ValueError(f"{self.id} has no score {score!r}; valid: {', '.join(self.score_names)}")
        return labels[score]

    def score_range(self, score: str = "total") -> tuple[int, int]:
        """The range of one of :attr:`score_names`: the total's by its rule, any other the response range."""
        if score not in self.score_names:
            raise ValueError(f"{self.id} has no score {score!r}; valid: {', '.join(self.score_names)}")
        return self.total_range() if score == "total" else (self.response.min, self.response.max)

    @property
    def administrable(self) -> bool:
        """True when every item has wording, so a questionnaire can show it."""
        return all(it.text for it in self.items)

    def total_scale(self, rule: TotalRule | None = None) -> int:
        """How many item-mean units a total under ``rule`` adds up (1 for a mean)."""
        rule = rule or self.total.rule
        return {"sum_of_subscale_means": len(self.subscales), "sum_of_items": self.n_items}.get(rule, 1)

    def total_range(self, rule: TotalRule | None = None) -> tuple[int, int]:
        f = self.total_scale(rule)
        return self.response.min * f, self.response.max * f

    def sem(self, rule: TotalRule | None = None) -> float:
        """Standard error of measurement of the total, SD * sqrt(1 - alpha), in the rule's metric."""
        a, sd = self.reliability.alpha.value, self.reliability.sd.value
        return sd * math.sqrt(1 - a) * self.total_scale(rule)

    def score(
        self,
        data: pd.DataFrame,
        *,
        items: str | Mapping[int, str] | None = None,
        total_rule: TotalRule | None = None,
        prefix: str = "",
    ) -> pd.DataFrame:
        """Score raw answers; see :func:`sclab.measure.scoring.score` for the columns returned."""
        from sclab.measure.scoring import score

        return score(self, data, items=items, total_rule=total_rule, prefix=prefix)

    def keyed(self, data: pd.DataFrame, *, items: str | Mapping[int, str] | None = None) -> pd.DataFrame:
        """Valid answers with reverse-keyed items reversed (:func:`sclab.measure.scoring.keyed_answers`)."""
        from sclab.measure.scoring import keyed_answers

        return keyed_answers(self, data, items=items)


def read_instrument_file(path: str | Path) -> Instrument:
    """Read and validate one instrument file; errors name the file, the field and the rule."""
    return read_model(path, Instrument, InstrumentFileError)


def instrument_ids() -> list[str]:
    """The ids of the shipped instruments, sorted."""
    return shipped_names("instruments")


@cache
def _shipped(instrument_id: str) -> Instrument:
    return read_instrument_file(shipped_file("instruments", instrument_id))


def load_instrument(instrument_id: str, *, wording: str | Path | bool | None = None) -> Instrument:
    """Load a shipped instrument by id.

    ``wording``: for ``scs`` and ``scs-sf``, the published item wording an instructor holds a
    licence for. ``None`` looks in the default places (see :mod:`sclab.measure.wording`); a path reads
    that file; ``False`` never loads wording.
    """
    inst = _shipped(instrument_id)
    if wording is False or inst.administrable:
        return inst
    from sclab.measure.wording import apply_wording, find_wording

    path = Path(wording) if wording is not None else find_wording(instrument_id)
    return apply_wording(inst, path) if path is not None else inst


def list_instruments() -> list[Instrument]:
    """Every shipped instrument, with local wording applied where an instructor installed it."""
    return [load_instrument(i) for i in instrument_ids()]
