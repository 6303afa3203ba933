"""Fictional personas: invented respondents a student may use instead of their own answers.

Each persona is a full, coherent answer set for one instrument, kept in
``sclab/content/personas/<instrument id>.yaml`` and checked against the instrument's key when
loaded (every item once, every answer in range).

>>> [p.id for p in load_personas("sc-practice")][:2]
['harsh-critic', 'balanced-student']
>>> load_personas("scs")   # no personas written for this instrument
[]
"""

from __future__ import annotations

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sclab.measure.instrument import load_instrument
from sclab.resources import shipped

__all__ = ["Persona", "find_persona", "load_personas"]


class Persona(BaseModel):
    """A named, clearly fictional respondent with an answer for every item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    answers: dict[int, int]


class _PersonaFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instrument: str
    personas: list[Persona] = Field(min_length=1)


def load_personas(instrument_id: str) -> list[Persona]:
    """The personas written for an instrument (an empty list when there are none)."""
    path = shipped("personas") / f"{instrument_id}.yaml"
    if not path.is_file():
        return []
    try:
        data = _PersonaFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    if data.instrument != instrument_id:
        raise ValueError(
            f"{path.name}: field 'instrument' is {data.instrument!r}, expected {instrument_id!r}"
        )
    inst = load_instrument(instrument_id, wording=False)
    numbers = [it.number for it in inst.items]
    lo, hi = inst.response.min, inst.response.max
    for p in data.personas:
        if sorted(p.answers) != numbers:
            missing, extra = sorted(set(numbers) - set(p.answers)), sorted(set(p.answers) - set(numbers))
            raise ValueError(
                f"{path.name}: persona {p.id!r} must answer items 1-{len(numbers)} once each; "
                f"missing {missing}, extra {extra}"
            )
        bad = {k: v for k, v in p.answers.items() if not lo <= v <= hi}
        if bad:
            raise ValueError(
                f"{path.name}: persona {p.id!r} has answers outside {inst.response.range_text}: {bad}"
            )
    return list(data.personas)


def find_persona(personas: list[Persona], persona_id: str | None, instrument_id: str) -> Persona:
    """The persona ``persona_id`` (the first if None), or a ValueError naming the valid ids.

    >>> find_persona(load_personas("sc-practice"), None, "sc-practice").id
    'harsh-critic'
    """
    by_id = {p.id: p for p in personas}
    if not by_id:
        raise ValueError(f"no fictional personas are written for {instrument_id}")
    persona = by_id.get(persona_id or personas[0].id)
    if persona is None:
        raise ValueError(f"unknown persona {persona_id!r}; valid: {', '.join(by_id)}")
    return persona
