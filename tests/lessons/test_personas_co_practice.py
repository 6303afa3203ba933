"""The fictional personas for the Compassion for Others Practice Inventory: complete, in range,
offered by the Questionnaire, and different enough to teach with."""

from __future__ import annotations

import pandas as pd

from sclab.lessons.personas import load_personas
from sclab.measure.instrument import load_instrument
from sclab.ui import Questionnaire


def test_every_persona_answers_every_item_once_in_range():
    inst = load_instrument("co-practice", wording=False)
    personas = load_personas("co-practice")
    assert len(personas) == 4
    for p in personas:
        assert sorted(p.answers) == [it.number for it in inst.items]
        assert all(inst.response.min <= a <= inst.response.max for a in p.answers.values())
        assert "fictional" in p.description


def test_the_personas_spread_over_the_scale():
    inst = load_instrument("co-practice", wording=False)
    rows = [{f"{inst.key}_{k}": v for k, v in p.answers.items()} for p in load_personas("co-practice")]
    totals = inst.score(pd.DataFrame(rows))["total"]
    assert totals.max() - totals.min() > 1.0  # warm and distant profiles both present
    assert totals.nunique() == len(rows)


def test_the_questionnaire_offers_them_and_fills_every_item():
    q = Questionnaire("co-practice")
    assert [p.id for p in q.personas] == [p.id for p in load_personas("co-practice")]
    q.persona_picker.value = "shelter-volunteer"
    q.persona_button.click()
    chosen = next(p for p in q.personas if p.id == "shelter-volunteer")
    assert {n: c.value for n, c in q.controls.items()} == chosen.answers
    q.submit_button.click()
    assert q.answers.shape == (1, 16)
