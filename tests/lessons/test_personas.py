"""Fictional personas: complete, in range and clearly fictional."""

from __future__ import annotations

import pandas as pd
import pytest

from sclab import load_instrument
from sclab.lessons.personas import find_persona, load_personas

SCP = load_instrument("sc-practice")


@pytest.mark.parametrize("instrument", ["scs", "scs-sf"])  # published scales: no wording shipped, no personas
def test_instruments_without_persona_files_have_none(instrument):
    assert load_personas(instrument) == []


def test_personas_are_fictional_and_complete():
    personas = load_personas("sc-practice")
    assert len(personas) >= 3
    for p in personas:
        assert sorted(p.answers) == list(range(1, 25))
        assert "fictional" in p.description.lower()
    totals = {
        p.id: SCP.score(pd.DataFrame([{SCP.item_id(k): v for k, v in p.answers.items()}]))["total"].iloc[0]
        for p in personas
    }
    assert totals["harsh-critic"] < totals["balanced-student"] < totals["practised"]


def test_find_persona_names_the_valid_ids():
    personas = load_personas("sc-practice")
    assert find_persona(personas, None, "sc-practice") == personas[0]
    assert find_persona(personas, personas[2].id, "sc-practice") == personas[2]
    with pytest.raises(ValueError, match=r"unknown persona 'nobody'; valid: harsh-critic, balanced-student"):
        find_persona(personas, "nobody", "sc-practice")
    with pytest.raises(ValueError, match="no fictional personas are written for co-practice"):
        find_persona([], None, "co-practice")
