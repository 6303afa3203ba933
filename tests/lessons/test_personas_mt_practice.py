"""Fictional personas: every administrable inventory has at least three, complete and valid, and
the mental-toughness practice inventory's personas differ in profile as well as in total."""

from __future__ import annotations

import pandas as pd
import pytest

from sclab.lessons.personas import load_personas
from sclab.measure.instrument import load_instrument, read_instrument_file
from sclab.resources import shipped
from sclab.ui import Questionnaire

INSTRUMENT_FILES = sorted(shipped("instruments").glob("*.yaml"))
ADMINISTRABLE = [p.stem for p in INSTRUMENT_FILES if read_instrument_file(p).administrable]


def _scores(instrument_id: str) -> pd.DataFrame:
    inst = load_instrument(instrument_id)
    personas = load_personas(instrument_id)
    rows = [{inst.item_id(k): v for k, v in p.answers.items()} for p in personas]
    return inst.score(pd.DataFrame(rows, index=[p.id for p in personas]))


def test_the_administrable_instruments_are_found():
    assert INSTRUMENT_FILES, f"no instrument files in {shipped('instruments')}"
    assert {"sc-practice", "co-practice", "mt-practice"} <= set(ADMINISTRABLE)


@pytest.mark.parametrize("instrument_id", ADMINISTRABLE)
def test_every_administrable_instrument_has_three_complete_fictional_personas(instrument_id):
    inst = load_instrument(instrument_id)
    personas = load_personas(instrument_id)  # also checks each against the key
    assert len(personas) >= 3, f"{instrument_id} has {len(personas)} personas; write at least 3"
    numbers = [it.number for it in inst.items]
    for p in personas:
        assert sorted(p.answers) == numbers, p.id
        assert all(inst.response.min <= v <= inst.response.max for v in p.answers.values()), p.id
        assert "fictional" in p.description.lower(), p.id
    assert len({p.id for p in personas}) == len(personas)
    assert len({tuple(sorted(p.answers.items())) for p in personas}) == len(personas)


def test_the_mental_toughness_personas_have_different_profiles():
    scores = _scores("mt-practice")[["confidence", "constancy", "control", "total"]]
    assert scores["total"].nunique() == len(scores)
    assert scores["total"].max() - scores["total"].min() > 1.0
    # each component is the strongest one of at least one persona
    strongest = scores[["confidence", "constancy", "control"]].idxmax(axis=1)
    assert set(strongest) == {"confidence", "constancy", "control"}
    assert scores.loc["nervous-newcomer", "constancy"] > scores.loc["nervous-newcomer", "confidence"]
    assert scores.loc["short-fuse", "confidence"] > scores.loc["short-fuse", "control"]


def test_the_questionnaire_offers_them_and_a_persona_fills_every_item():
    q = Questionnaire("mt-practice")
    assert [p.id for p in q.personas] == [p.id for p in load_personas("mt-practice")]
    q.persona_picker.value = "short-fuse"
    q.persona_button.click()
    chosen = next(p for p in q.personas if p.id == "short-fuse")
    assert {n: c.value for n, c in q.controls.items()} == chosen.answers
    q.submit_button.click()
    assert q.answers.shape == (1, 12) and q.source.startswith("fictional persona Kai")
