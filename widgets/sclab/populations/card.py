"""Parameter cards -> validated models.

A card (``datasets/cards/<id>.yaml``) declares a simulated population: its variables (an
instrument, a card-defined item scale, a continuous score or a group), their means, SDs and
reliabilities, the correlations between them (``latent`` ones between true scores, ``observed``
ones between scores, or with one half of a polarity instrument), repeated measurements with their
stability and retest r, group effects and moderation, and optionally a set of studies of one
correlation for a meta-analysis (``study_set``). Every number is a
:class:`CardFigure`: a value with exactly one of ``source:`` (a key into the card's
``references`` and where in that work) or ``assumption:`` (why this teaching value was chosen).
Loading validates all of it and names the file, the field and the rule when something is wrong.

>>> card = load_card("students-scs")
>>> card.variable("scs").instrument
'scs'
>>> card.variable("scs").mean.value, card.reference(card.variable("scs").mean.source.ref).label
(2.99, 'Garcia-Campayo et al. 2014')
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sclab._yamlfiles import read_model
from sclab.errors import CardFileError
from sclab.provenance import Figure
from sclab.resources import shipped_file, shipped_names

__all__ = [
    "Card",
    "CardFigure",
    "CardFileError",
    "Repeated",
    "Source",
    "StudySet",
    "card_ids",
    "load_card",
    "read_card_file",
]

_IDENT = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """Where a published figure comes from: a key into the card's references, and the place in it."""

    ref: str
    where: str | None = None

    def __str__(self) -> str:
        return self.ref + (f", {self.where}" if self.where else "")


class CardFigure(Figure):
    """A :class:`~sclab.provenance.Figure` whose ``source`` points into the card's references.

    >>> CardFigure(value=0.18, source={"ref": "yarnell-2015", "where": "abstract"}).basis
    'source: yarnell-2015, abstract'
    """

    source: Source | None = None  # type: ignore[assignment]


class Reference(_Model):
    """A work a card cites: ``text`` is its full reference (APA 7), or starts with ``unverified:``
    where the authors, title or venue could not be checked."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str
    short: str | None = None
    doi: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        """The short in-text form, ``'MacBeth & Gumley 2012'`` or ``'Ferrari et al. 2019'`` (``short``
        where the card gives one, e.g. for an unverified reference).

        >>> Reference(key="x", text="MacBeth, A., & Gumley, A. (2012). Exploring compassion.").label
        'MacBeth & Gumley 2012'
        """
        if self.short:
            return self.short
        found = re.match(r"^(?:unverified:\s*)?(.*?)\s*\(((?:19|20)\d\d)\)", self.text)
        if found:
            names = re.findall(
                r"([A-Z][\w'-]*(?: [A-Z][\w'-]*)*), (?:[A-Z]\.\s?(?:-?[A-Z]\.\s?)*)", found.group(1)
            )
            if not names and " et al" in found.group(1):
                names = [found.group(1).split(" et al")[0], "", ""]
            if names:
                who = (
                    names[0]
                    if len(names) == 1
                    else (f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
                )
                return f"{who} {found.group(2)}"
        year = re.match(r"^(.*?\b(?:19|20)\d\d)\b", self.text)
        return year.group(1) if year else self.text


class Response(_Model):
    min: int
    max: int

    @model_validator(mode="after")
    def _order(self) -> Response:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class _Variable(_Model):
    id: str = Field(pattern=_IDENT)
    label: str
    meaning: str


class InstrumentVariable(_Variable):
    """Answers to a shipped instrument, generated subscale by subscale and scored by it.

    ``mean`` / ``sd`` / ``alpha`` are of the total (its own metric); ``subscale_means`` are raw
    means as published (optional); ``subscale_alpha`` is the reliability every subscale is given;
    ``halves_r`` is the latent correlation of the compassionate and uncompassionate halves.
    For a practice inventory, ``alpha``, ``sd`` and ``subscale_alpha`` come from its instrument
    file (one set of reliabilities per inventory); a card that gives a different one is refused.
    """

    kind: Literal["instrument"]
    instrument: str
    mean: CardFigure
    sd: CardFigure | None = None
    alpha: CardFigure | None = None
    subscale_alpha: CardFigure | None = None
    halves_r: CardFigure | None = None
    subscale_means: dict[str, CardFigure] = Field(default_factory=dict)


class ScaleVariable(_Variable):
    """A card-defined item scale (simulated only, no wording): ``items`` answers, summed or averaged."""

    kind: Literal["scale"]
    items: int = Field(ge=2, le=40)
    response: Response
    score: Literal["sum", "mean"]
    mean: CardFigure
    sd: CardFigure
    alpha: CardFigure


class ContinuousVariable(_Variable):
    """A score drawn as a normal variable (no items), rounded to ``decimals``."""

    kind: Literal["continuous"]
    mean: CardFigure
    sd: CardFigure
    decimals: int = Field(default=2, ge=0, le=6)


class GroupVariable(_Variable):
    """A grouping: ``levels`` with their ``shares`` of the population (summing to 1).

    ``allocation: random`` draws each person's group; ``blocked`` assigns the exact shares (as
    nearly as ``n`` allows) in a random order, as a trial's allocation would.
    """

    kind: Literal["group"]
    levels: list[str] = Field(min_length=2)
    shares: dict[str, CardFigure]
    allocation: Literal["random", "blocked"] = "random"

    @model_validator(mode="after")
    def _shares(self) -> GroupVariable:
        if set(self.shares) != set(self.levels):
            raise ValueError(
                f"shares must name every level once: levels {self.levels}, shares {sorted(self.shares)}"
            )
        total = sum(f.value for f in self.shares.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6) or any(f.value <= 0 for f in self.shares.values()):
            raise ValueError(f"shares must be positive and add up to 1; they add up to {total:g}")
        return self


Variable = Annotated[
    InstrumentVariable | ScaleVariable | ContinuousVariable | GroupVariable, Field(discriminator="kind")
]


class Correlation(_Model):
    """A correlation between two variables' scores.

    ``metric: observed`` (the default) is a correlation between scored scales, as most papers
    report it; ``latent`` is one corrected for attenuation, i.e. between true scores (as in a
    meta-analysis that disattenuates), used as given between the constructs. Spearman's formula
    links the two: observed r = latent r * sqrt(reliability_a * reliability_b).

    One end may be a half of a polarity instrument, ``<variable>.compassionate`` or
    ``<variable>.uncompassionate`` (as scored: for the SCS a higher uncompassionate score means more
    uncompassionate responding): with the total's correlation with the same variable also given,
    it sets how the two halves differ in their link (through the part of the halves' contrast
    that the true score does not carry).
    """

    between: tuple[str, str]
    r: CardFigure
    metric: Literal["observed", "latent"] = "observed"

    @property
    def half(self) -> tuple[str, str, str] | None:
        """``(instrument variable, half, other variable)`` when one end is a half, else ``None``."""
        for end, other in ((0, 1), (1, 0)):
            if "." in self.between[end]:
                var, half = self.between[end].split(".", 1)
                return var, half, self.between[other]
        return None


class Repeated(_Model):
    """The same measure taken twice (``between: [earlier, later]``), e.g. before and after a programme.

    ``stability`` is the correlation of the two true scores (within groups: what group effects add
    aside); the subscale residuals and the halves' contrast persist with it too. ``retest`` is the
    correlation of the two observed scores at that stability, which the generator reaches by
    letting each item's own part persist as well (fitted, deterministically).
    """

    between: tuple[str, str]
    stability: CardFigure
    retest: CardFigure


class GroupEffect(_Model):
    """A standardised mean difference (Cohen's d or Hedges' g) of ``variable``'s observed score:
    ``level`` minus the group's first level, in pooled within-group SD units."""

    variable: str
    group: str
    level: str
    d: CardFigure


class Moderation(_Model):
    """The latent link between ``variable`` and ``with_`` weakens as ``by`` (the standardised mean of
    the listed variables' latents) rises: ``strength`` is the interaction weight."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    variable: str
    with_: str = Field(alias="with")
    by: list[str] = Field(min_length=1)
    strength: CardFigure


class Regression(_Model):
    """A standardised regression of one score on earlier ones (observed scores, as published).

    Paths are read in order: every predictor must be exogenous (its correlations with the other
    exogenous variables come from ``correlations``) or the outcome of an earlier path. The
    generator turns the paths into the correlations they imply.
    """

    outcome: str
    predictors: dict[str, CardFigure] = Field(min_length=1)


class Variant(_Model):
    """An alternative set of group effects (e.g. from another meta-analysis), chosen by name."""

    description: str
    group_effects: list[GroupEffect] = Field(min_length=1)


class Reported(_Model):
    """A published figure shown beside the simulation but not generated (with the reason)."""

    name: str
    figure: CardFigure
    note: str


class StudySet(_Model):
    """A set of studies of one correlation, for a meta-analysis (optional ``study_set:`` section).

    Each simulated study has its own size, drawn from ``n_min`` to ``n_max``, and its own true
    correlation, drawn on Fisher's z scale around ``pooled_r`` with between-study SD ``tau``
    (:mod:`sclab.populations.study_sets`). ``between`` names the card's two score variables whose
    link the studies estimate; ``k`` is how many studies the set shows by default.
    """

    between: tuple[str, str]
    pooled_r: CardFigure
    tau: CardFigure
    k: CardFigure
    n_min: CardFigure
    n_max: CardFigure

    def rule_broken(self) -> tuple[str, str] | None:
        """``(field, rule)`` for the first figure outside its range, else ``None``."""
        whole = {name: getattr(self, name).value for name in ("k", "n_min", "n_max")}
        for name, value in whole.items():
            if value != int(value):
                return name, f"must be a whole number; got {value:g}"
        checks = [
            ("pooled_r", -1 < self.pooled_r.value < 1, "must lie strictly between -1 and 1"),
            ("tau", 0 <= self.tau.value <= 1, "must be from 0 to 1 (an SD on Fisher's z scale)"),
            ("k", 2 <= whole["k"] <= 100, "must be from 2 to 100 studies"),
            ("n_min", whole["n_min"] >= 4, "must be at least 4 (Fisher's z needs n above 3)"),
            ("n_max", whole["n_min"] <= whole["n_max"] <= 100_000, "must be from n_min to 100000"),
        ]
        return next(((name, rule) for name, ok, rule in checks if not ok), None)


def _no_repeats(field: str, what: str, values: list[str]) -> None:
    dup = sorted({k for k in values if values.count(k) > 1})
    if dup:
        raise ValueError(f"field {field!r}: {what} must be unique; repeated: {dup}")


def _check_pair(field: str, between: tuple[str, str], scores: list[str]) -> None:
    """Two different score variables of the card, or a ValueError naming ``field`` and the rule."""
    for name in between:
        if name not in scores:
            valid = ", ".join(scores)
            raise ValueError(f"field {field!r}: {name!r} is not a score variable (valid: {valid})")
    if between[0] == between[1]:
        raise ValueError(f"field {field!r}: a variable with itself")


class Card(_Model):
    """A validated parameter card."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    population: str
    finding: str
    n: CardFigure
    references: list[Reference] = Field(min_length=1)
    variables: list[Variable] = Field(min_length=1)
    correlations: list[Correlation] = Field(default_factory=list)
    group_effects: list[GroupEffect] = Field(default_factory=list)
    moderation: list[Moderation] = Field(default_factory=list)
    paths: list[Regression] = Field(default_factory=list)
    repeated: list[Repeated] = Field(default_factory=list)
    variants: dict[str, Variant] = Field(default_factory=dict)
    default_variant: str | None = None
    reported: list[Reported] = Field(default_factory=list)
    study_set: StudySet | None = None
    notes: list[str] = Field(default_factory=list)

    # --- validation: one rule family per validator; each message names the field and the rule ---
    @model_validator(mode="before")
    @classmethod
    def _practice_reliability(cls, data):
        """A practice inventory's alpha, sd and subscale_alpha come from its instrument file."""
        if not isinstance(data, dict) or not isinstance(data.get("variables"), list):
            return data
        data = {**data, "variables": [_from_instrument_file(data.get("id"), v) for v in data["variables"]]}
        return data

    @model_validator(mode="after")
    def _check_references(self) -> Card:
        keys = [r.key for r in self.references]
        _no_repeats("references", "keys", keys)
        for path, fig in self.figures_with_paths():
            if fig.source is not None and fig.source.ref not in keys:
                raise ValueError(
                    f"field {path!r}: source ref {fig.source.ref!r} is not in 'references' "
                    f"(valid keys: {', '.join(keys)})"
                )
        return self

    @model_validator(mode="after")
    def _check_instrument_variables(self) -> Card:
        from sclab.measure.instrument import instrument_ids, load_instrument

        _no_repeats("variables", "ids", [v.id for v in self.variables])
        for j, v in enumerate(self.variables):
            if v.kind != "instrument":
                continue
            if v.instrument not in instrument_ids():
                raise ValueError(
                    f"field 'variables[{j + 1}].instrument': unknown instrument {v.instrument!r}; "
                    f"valid ids: {', '.join(instrument_ids())}"
                )
            inst = load_instrument(v.instrument, wording=False)
            subs = [s.id for s in inst.subscales]
            unknown = sorted(set(v.subscale_means) - set(subs))
            if unknown:
                raise ValueError(
                    f"field 'variables[{j + 1}].subscale_means': {unknown} are not subscales of "
                    f"{v.instrument} (valid: {', '.join(subs)})"
                )
            for name in ("sd", "alpha", "subscale_alpha"):
                if getattr(v, name) is None:
                    raise ValueError(
                        f"field 'variables[{j + 1}].{name}': give the figure for {v.id} ({v.instrument}); "
                        "only a practice inventory's come from its instrument file"
                    )
            if inst.has_polarity and v.halves_r is None:
                raise ValueError(
                    f"field 'variables[{j + 1}].halves_r': {v.instrument} has compassionate and "
                    "uncompassionate halves; give their latent correlation"
                )
        return self

    def _score_ids(self) -> list[str]:
        return [v.id for v in self.variables if v.kind != "group"]

    def _half_names(self) -> list[str]:
        from sclab.measure.instrument import load_instrument

        out = []
        for v in self.variables:
            if v.kind == "instrument":
                out += [f"{v.id}.{h.id}" for h in load_instrument(v.instrument, wording=False).halves]
        return out

    @model_validator(mode="after")
    def _check_halves(self) -> Card:
        halves, seen = self._half_names(), set()
        totals = {frozenset(c.between) for c in self.correlations if c.half is None}
        for j, c in enumerate(self.correlations):
            if c.half is None:
                continue
            var, half, other = c.half
            where = f"field 'correlations[{j + 1}].between'"
            if f"{var}.{half}" not in halves:
                raise ValueError(
                    f"{where}: {var}.{half} is not a half of a polarity instrument "
                    f"(valid: {', '.join(halves) or 'none on this card'})"
                )
            if "." in other or other not in self._score_ids():
                raise ValueError(f"{where}: {other!r} must be a score variable (not a half)")
            if frozenset((var, other)) not in totals:
                raise ValueError(
                    f"{where}: a half's correlation with {other} needs the total's too; add "
                    f"correlations between [{var}, {other}]"
                )
            if (var, other) in seen:
                raise ValueError(f"{where}: give one half of {var} with {other}; the other half follows")
            seen.add((var, other))
        return self

    @model_validator(mode="after")
    def _check_repeated(self) -> Card:
        order = {v.id: i for i, v in enumerate(self.variables)}
        pairs = {frozenset(c.between) for c in self.correlations}
        later_seen: set[str] = set()
        for j, rep in enumerate(self.repeated):
            where = f"field 'repeated[{j + 1}]'"
            a, b = rep.between
            va, vb = (self.variable(x) if x in order else None for x in (a, b))
            if va is None or vb is None or va.kind not in ("instrument", "scale"):
                raise ValueError(f"{where}.between: {a} and {b} must both be instrument or scale variables")
            same = (va.kind == vb.kind) and (
                va.instrument == vb.instrument
                if va.kind == "instrument"
                else (va.items, va.response, va.score) == (vb.items, vb.response, vb.score)
            )
            if not same:
                raise ValueError(
                    f"{where}.between: {a} and {b} must be the same measure (instrument or items)"
                )
            if order[a] >= order[b]:
                raise ValueError(
                    f"{where}.between: the earlier measurement {a} must come before {b} in 'variables'"
                )
            if b in later_seen:
                raise ValueError(
                    f"{where}.between: {b} already follows another measurement; give one earlier each"
                )
            later_seen.add(b)
            if frozenset((a, b)) in pairs:
                raise ValueError(f"{where}: {a}-{b} is also in 'correlations'; the stability replaces it")
            if not 0 < rep.stability.value <= 0.999 or not 0 < rep.retest.value < 1:
                raise ValueError(f"{where}: stability must lie in (0, .999] and retest in (0, 1)")
        return self

    @model_validator(mode="after")
    def _check_correlations(self) -> Card:
        scores = self._score_ids() + self._half_names()
        for j, c in enumerate(self.correlations):
            _check_pair(f"correlations[{j + 1}].between", c.between, scores)
            if not -1 < c.r.value < 1:
                raise ValueError(f"field 'correlations[{j + 1}].r': must lie strictly between -1 and 1")
        pairs = [frozenset(c.between) for c in self.correlations]
        twice = sorted({tuple(sorted(p)) for p in pairs if pairs.count(p) > 1})
        if twice:
            raise ValueError(f"field 'correlations': pairs given more than once: {twice}")
        return self

    @model_validator(mode="after")
    def _check_group_effects(self) -> Card:
        if self.variants and self.default_variant not in self.variants:
            raise ValueError(
                f"field 'default_variant': must name one of the variants ({', '.join(self.variants)})"
            )
        if self.default_variant is not None and self.group_effects:
            raise ValueError(
                "field 'group_effects': with variants, give the group effects inside each variant"
            )
        effects = [(f"group_effects[{j + 1}]", e) for j, e in enumerate(self.group_effects)]
        for name, var in self.variants.items():
            effects += [
                (f"variants.{name}.group_effects[{j + 1}]", e) for j, e in enumerate(var.group_effects)
            ]
        by_id, scores = {v.id: v for v in self.variables}, self._score_ids()
        for where, e in effects:
            g = by_id.get(e.group)
            if g is None or g.kind != "group":
                raise ValueError(f"field '{where}.group': {e.group!r} is not a group variable")
            if e.level not in g.levels[1:]:
                raise ValueError(
                    f"field '{where}.level': {e.level!r} must be a level of {e.group} other "
                    f"than the reference level {g.levels[0]!r} (valid: {', '.join(g.levels[1:])})"
                )
            if e.variable not in scores:
                raise ValueError(f"field '{where}.variable': {e.variable!r} is not a score variable")
        return self

    @model_validator(mode="after")
    def _check_moderation_and_paths(self) -> Card:
        scores = self._score_ids()
        for j, m in enumerate(self.moderation):
            for name in [m.variable, m.with_, *m.by]:
                if name not in scores:
                    raise ValueError(f"field 'moderation[{j + 1}]': {name!r} is not a score variable")
        defined: set[str] = set()
        outcomes = [p.outcome for p in self.paths]
        exogenous = {x for p in self.paths for x in p.predictors if x not in outcomes}
        for j, p in enumerate(self.paths):
            for name in [p.outcome, *p.predictors]:
                if name not in scores:
                    raise ValueError(f"field 'paths[{j + 1}]': {name!r} is not a score variable")
            late = [x for x in p.predictors if x in outcomes and x not in defined]
            if late or p.outcome in defined or p.outcome in p.predictors:
                raise ValueError(
                    f"field 'paths[{j + 1}]': predictors must be exogenous or outcomes of earlier paths, "
                    f"and each outcome explained once ({p.outcome} <- {', '.join(p.predictors)})"
                )
            defined.add(p.outcome)
        in_paths = exogenous | defined
        for j, c in enumerate(self.correlations):
            a, b = c.between
            if a in in_paths and b in in_paths and not (a in exogenous and b in exogenous):
                raise ValueError(
                    f"field 'correlations[{j + 1}]': {a}-{b} is implied by 'paths'; give only correlations "
                    "among exogenous variables"
                )
        return self

    @model_validator(mode="after")
    def _check_study_set(self) -> Card:
        s = self.study_set
        if s is None:
            return self
        scores = self._score_ids()
        _check_pair("study_set.between", s.between, scores)
        broken = s.rule_broken()
        if broken is not None:
            raise ValueError(f"field 'study_set.{broken[0]}': {broken[1]}")
        return self

    def with_variant(self, name: str | None = None) -> Card:
        """The card with one variant's group effects in force (the default variant when ``None``)."""
        if not self.variants:
            if name is not None:
                raise ValueError(f"card {self.id} has no variants")
            return self
        name = name or self.default_variant
        if name not in self.variants:
            raise ValueError(f"card {self.id} has no variant {name!r}; valid: {', '.join(self.variants)}")
        return self.model_copy(
            update={
                "group_effects": self.variants[name].group_effects,
                "variants": {},
                "default_variant": None,
                "title": f"{self.title} [{name}]",
            }
        )

    # --- look-ups ---------------------------------------------------------------------
    def variable(self, variable_id: str) -> Variable:
        """The variable with this id; an unknown id lists the valid ones."""
        for v in self.variables:
            if v.id == variable_id:
                return v
        raise ValueError(
            f"card {self.id} has no variable {variable_id!r}; "
            f"valid: {', '.join(v.id for v in self.variables)}"
        )

    def score_column(self, variable_id: str) -> str:
        """The column that holds a variable's score in a simulated sample.

        Every scored scale, an instrument or a card-defined item scale, is ``<id>_total`` (its
        items are ``<id>_1``, ``<id>_2``, ...); a continuous score or a group is ``<id>``.

        >>> from sclab import load_card
        >>> card = load_card("spain-compassion-distress")
        >>> card.score_column("depression"), card.score_column("scs")
        ('depression_total', 'scs_total')
        """
        v = self.variable(variable_id)
        return f"{v.id}_total" if v.kind in ("instrument", "scale") else v.id

    def reference(self, key: str) -> Reference:
        for r in self.references:
            if r.key == key:
                return r
        raise ValueError(f"card {self.id} has no reference {key!r}")

    def cite(self, figure: CardFigure) -> str:
        """The full basis of a figure: the reference text and place, or the assumption."""
        if figure.source is None:
            return f"assumption: {figure.assumption}"
        ref = self.reference(figure.source.ref)
        return ref.text + (f" ({figure.source.where})" if figure.source.where else "")

    def figures_with_paths(self) -> list[tuple[str, CardFigure]]:
        """Every figure on the card with its field path, e.g. ``('variables[1].mean', ...)``."""
        found: list[tuple[str, CardFigure]] = []

        def walk(obj: object, path: str) -> None:
            if isinstance(obj, CardFigure):
                found.append((path, obj))
            elif isinstance(obj, BaseModel):
                for name in type(obj).model_fields:
                    walk(getattr(obj, name), f"{path}.{name}" if path else name)
            elif isinstance(obj, (list, tuple)):
                for i, x in enumerate(obj):
                    walk(x, f"{path}[{i + 1}]")
            elif isinstance(obj, dict):
                for k, x in obj.items():
                    walk(x, f"{path}.{k}")

        walk(self, "")
        return found

    def provenance(self):
        """A table of every figure: ``figure`` (field path), ``value``, ``kind`` (source or
        assumption) and ``basis`` (the full reference and place, or the reason)."""
        import pandas as pd

        rows = [
            {
                "figure": path,
                "value": fig.value,
                "kind": "source" if fig.source is not None else "assumption",
                "basis": self.cite(fig),
            }
            for path, fig in self.figures_with_paths()
        ]
        return pd.DataFrame(rows, columns=["figure", "value", "kind", "basis"])


_FROM_FILE = ("alpha", "sd", "subscale_alpha")


def _from_instrument_file(card_id, v):
    """A practice-inventory variable (a raw mapping) with its reliabilities from the instrument file."""
    from sclab.measure.instrument import instrument_ids, load_instrument

    if (
        not isinstance(v, dict)
        or v.get("kind") != "instrument"
        or v.get("instrument") not in instrument_ids()
    ):
        return v
    inst = load_instrument(v["instrument"], wording=False)
    if inst.kind != "practice":
        return v
    v = dict(v)
    for name in _FROM_FILE:
        fig = getattr(inst.reliability, name)
        given = v.get(name)
        if fig is None:
            continue
        if given is not None:
            value = given.get("value") if isinstance(given, dict) else given
            if value != fig.value:
                raise ValueError(
                    f"card {card_id}, variable {v.get('id')}: {name} {value} differs from the "
                    f"{inst.id} instrument file's {fig.value:g} (datasets/instruments/{inst.id}.yaml); "
                    "leave it out of the card: a practice inventory has one set of reliabilities"
                )
            continue
        v[name] = {"value": fig.value, "assumption": f"From the {inst.id} instrument file ({fig.basis})"}
    return v


def read_card_file(path: str | Path) -> Card:
    """Read and validate one card file; errors name the file, the field and the rule."""
    return read_model(path, Card, CardFileError)


def card_ids() -> list[str]:
    """The ids of the shipped cards, sorted."""
    return shipped_names("cards")


@cache
def load_card(card_id: str) -> Card:
    """Load a shipped card by id; an unknown id lists the valid ones."""
    return read_card_file(shipped_file("cards", card_id))
