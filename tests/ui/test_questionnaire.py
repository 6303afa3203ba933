"""Questionnaire: built, answered, submitted and checked without a browser."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")
import ipywidgets as widgets
import traitlets

from sclab import load_instrument
from sclab.lessons.answers import AnswerSheet, simulated_answers
from sclab.ui import Questionnaire, load_personas
from support.widget_tree import walk

SCP = load_instrument("sc-practice")




def answer_all(q, values):
    for number, value in values.items():
        q.controls[number].value = value


# --- the model, without widgets ---------------------------------------------------------
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


# --- the widget ----------------------------------------------------------------------------
def test_builds_with_nothing_preselected_and_shows_privacy_and_progress():
    q = Questionnaire("sc-practice")
    assert isinstance(q, widgets.VBox)
    assert all(c.value is None for c in q.controls.values())
    assert len(q.controls) == 24
    html = " ".join(w.value for w in walk(q) if isinstance(w, widgets.HTML))
    assert "nothing is sent anywhere" in html.lower()
    assert SCP.items[6].text in html and "<strong>7.</strong>" in html
    assert q.controls[1].options[0] == ("1 Almost never", 1)
    assert (q.progress.value, q.progress.max, q.progress_label.value) == (0, 24, "0 of 24 answered")
    q.controls[5].value = 4
    assert q.answer_labels[5].value == "Your answer: 4 (Often)"  # the choice in words, not only shading
    assert q.answer_labels[6].value == "Not answered yet"


def test_submit_with_gaps_names_them_and_sets_no_result():
    q = Questionnaire("sc-practice")
    answer_all(q, {n: 2 for n in range(1, 25) if n not in (3, 7, 12)})
    assert q.progress_label.value == "21 of 24 answered" and q.progress.value == 21
    q.submit_button.click()
    assert "Items 3, 7 and 12 are unanswered." in q.status.value
    assert q.answers is None and q.result is None


def test_complete_submit_sets_the_frame_calls_callbacks_and_notifies_observers():
    q = Questionnaire("sc-practice")
    values = {n: (n % 5) + 1 for n in range(1, 25)}
    seen, observed = [], []
    q.on_submit(seen.append)
    q.observe(lambda change: observed.append(change["new"]), names=["answers"])
    answer_all(q, values)
    q.submit_button.click()
    expected = pd.DataFrame([{f"scp_{n}": v for n, v in values.items()}])
    pd.testing.assert_frame_equal(q.result, expected)
    assert len(seen) == 1 and seen[0] is q.answers and observed[-1] is q.answers
    assert q.source == "your own answers"
    assert q.instrument.score(q.result)["status"].iloc[0] == "complete"
    # Submitting again gives a new frame, so observers hear about it again.
    q.submit_button.click()
    assert len(seen) == 2 and len(observed) == 2


def test_persona_and_simulated_respondent_fill_every_item():
    q = Questionnaire("sc-practice", seed=11)
    persona = load_personas("sc-practice")[2]
    q.persona_picker.value = persona.id
    q.persona_button.click()
    assert {n: c.value for n, c in q.controls.items()} == persona.answers
    assert q.progress_label.value == "24 of 24 answered"
    assert "fictional persona" in q.source_label.value
    q.submit_button.click()
    assert q.source == f"fictional persona {persona.name}"

    q.simulate_button.click()
    first = {n: c.value for n, c in q.controls.items()}
    assert first == simulated_answers(SCP, 11) and None not in first.values()
    assert "seed 11" in q.source_label.value
    q.seed_input.value = 12
    q.simulate_button.click()
    assert {n: c.value for n, c in q.controls.items()} == simulated_answers(SCP, 12)
    q.seed_input.value = 11
    q.simulate_button.click()
    assert {n: c.value for n, c in q.controls.items()} == first
    q.controls[1].value = 5  # a student edits a simulated answer: the source says so
    q.submit_button.click()
    assert q.source == "simulated respondent, seed 11, with answers changed by you"


def test_values_from_the_front_end_are_validated():
    q = Questionnaire("sc-practice")
    with pytest.raises(traitlets.TraitError):
        q.controls[4].set_state({"index": 9})  # what a page visitor's message does
    assert q.controls[4].value is None
    q.seed_input.set_state({"value": -5})  # the seed box clamps to its bounds
    assert q.seed_input.value == 0
    # Even a value that slips past a control is refused by the observer and undone.
    handler = q._on_answer(4)
    handler({"name": "value", "old": None, "new": 9, "owner": q.controls[4], "type": "change"})
    assert q.sheet.answers[4] is None and "Not accepted" in q.status.value
    with pytest.raises(ValueError, match="scp_2 has 7"):
        q.set_answers({2: 7})
    assert q.sheet.answered == []


def test_item_by_item_mode_moves_with_back_and_next_and_jumps_to_the_first_gap():
    q = Questionnaire("sc-practice", mode="item_by_item", control="radio")
    assert isinstance(q.controls[1], widgets.RadioButtons)
    assert q.position.value == "Item 1 of 24" and q.back_button.disabled
    q.next_button.click()
    q.next_button.click()
    assert q.position.value == "Item 3 of 24"
    q.back_button.click()
    assert q.position.value == "Item 2 of 24"
    q.set_answers({n: 3 for n in range(1, 25) if n != 17})
    q.submit_button.click()
    assert "Item 17 is unanswered." in q.status.value
    assert q.position.value == "Item 17 of 24"
    q.go_to(99)
    assert q.position.value == "Item 24 of 24" and q.next_button.disabled


def test_mode_comes_from_the_course_settings(_private_config):
    _private_config.write_text("questionnaire_mode: item_by_item\n", encoding="utf-8")
    assert Questionnaire("sc-practice").mode == "item_by_item"


def test_clear_removes_answers_and_result():
    q = Questionnaire("sc-practice")
    q.use_persona()
    q.submit()
    q.clear_button.click()
    assert q.sheet.answered == [] and q.answers is None
    assert all(c.value is None for c in q.controls.values())


def test_refuses_an_instrument_without_wording_and_says_how_to_add_it():
    with pytest.raises(ValueError, match=r"published item wording is not included.*sclab wording-dir"):
        Questionnaire("scs")
    with pytest.raises(ValueError, match="valid ids"):
        Questionnaire("nope")


@pytest.mark.parametrize("instrument", ["co-practice", "mt-practice"])
def test_other_practice_instruments_work_without_personas(instrument):
    q = Questionnaire(instrument, seed=2)
    assert not q.personas
    assert q.persona_button not in list(walk(q))  # none written for them: not offered
    q.simulate_button.click()
    q.submit_button.click()
    assert q.answers.shape == (1, load_instrument(instrument).n_items)


@pytest.mark.parametrize("mode", ["one_page", "item_by_item"])
@pytest.mark.parametrize("control", ["buttons", "radio"])
def test_every_control_is_labelled_and_focusable(mode, control):
    q = Questionnaire("sc-practice", mode=mode, control=control)
    if mode == "item_by_item":  # walk every item, not only the one on screen
        parts = [*walk(q), *(w for box in q._item_boxes for w in walk(box))]
    else:
        parts = list(walk(q))
    kinds = (
        widgets.ToggleButtons,
        widgets.RadioButtons,
        widgets.Button,
        widgets.Text,
        widgets.Dropdown,
        widgets.BoundedIntText,
        widgets.IntProgress,
    )
    controls = [w for w in parts if isinstance(w, kinds)]
    assert len(controls) > 24
    for w in controls:
        assert (w.description or w.tooltip or "").strip(), f"{type(w).__name__} has no label"
        if isinstance(w, widgets.Button):
            assert not w.icon, "icons come from an outside font; text only"
    for box in q._item_boxes:  # each item's control sits under a visible label with its number
        label, ctl, said = box.children
        assert isinstance(said, widgets.Label) and said.value
        assert isinstance(label, widgets.HTML) and "<strong>" in label.value
        assert ctl.tooltip.startswith("Item ")
