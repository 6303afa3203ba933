"""Answer bookkeeping and the questionnaire's words, apart from any widget."""

from __future__ import annotations

import pandas as pd
import pytest

from sclab import load_instrument
from sclab.lessons.answers import (
    OWN_ANSWERS,
    AnswerSheet,
    answer_text,
    changed_source,
    instructions,
    not_administrable,
    simulated_answers,
    simulated_source,
)

SCP = load_instrument("sc-practice")


@pytest.mark.parametrize("instrument", ["sc-practice", "co-practice", "mt-practice", "scs", "scs-sf"])
def test_instructions_and_answer_words_come_from_the_instruments_anchors(instrument):
    inst = load_instrument(instrument, wording=False)
    text = instructions(inst)
    for value, label in inst.response.anchors.items():
        assert f"{value} = {label}" in text
    assert "2 = 2" not in text  # an unlabelled value is not spelled out as its own label
    assert answer_text(inst, 1) == f"Your answer: 1 ({inst.response.anchors[1]})"
    assert answer_text(inst, None) == "Not answered yet"
    if 3 not in inst.response.anchors:
        assert answer_text(inst, 3) == "Your answer: 3"


def test_sources_are_marked_once_when_the_student_changes_an_answer():
    once = changed_source(simulated_source(4))
    assert once == "simulated respondent, seed 4, with answers changed by you"
    assert changed_source(once) == once and changed_source(OWN_ANSWERS) == OWN_ANSWERS
    assert "sclab wording-dir" in not_administrable(load_instrument("scs", wording=False))


def test_answer_sheet_checks_values_and_names_what_is_missing():
    sheet = AnswerSheet(SCP)
    assert sheet.missing_message() == "None of the 24 items is answered yet."
    sheet.fill({n: 3 for n in range(1, 25) if n not in (3, 7, 12)})
    assert sheet.missing == [3, 7, 12]
    assert sheet.missing_message() == "Items 3, 7 and 12 are unanswered."
    sheet.set("scp_3", 2)
    sheet.set(7, 4)
    assert sheet.missing_message() == "Item 12 is unanswered."
    for bad in (6, 0, 2.5, "3", True):
        with pytest.raises(ValueError, match=r"item scp_12 has .*answers must be whole numbers 1-5"):
            sheet.set(12, bad)
    with pytest.raises(ValueError, match="no item 25"):
        sheet.set(25, 1)
    with pytest.raises(ValueError, match="Item 12 is unanswered"):
        sheet.to_frame()
    assert sheet.to_frame(allow_missing=True)["scp_12"].isna().all()


def test_simulated_answers_are_reproducible_coherent_and_keyed():
    a, b, c = simulated_answers(SCP, 5), simulated_answers(SCP, 5), simulated_answers(SCP, 6)
    assert a == b != c
    assert set(a) == set(range(1, 25)) and set(a.values()) <= set(range(1, 6))
    # Coherence: over many respondents, compassionate and (keyed) uncompassionate halves agree.
    frames = pd.DataFrame(
        [{SCP.item_id(k): v for k, v in simulated_answers(SCP, s).items()} for s in range(200)]
    )
    scores = SCP.score(frames)
    assert scores["compassionate"].corr(scores["uncompassionate"]) < -0.5
    with pytest.raises(ValueError, match="seed must be a whole number"):
        simulated_answers(SCP, -1)
