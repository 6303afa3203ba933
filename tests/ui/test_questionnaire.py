"""Questionnaire: built, answered, submitted and checked without a browser."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import pytest
import traitlets

from sclab import load_instrument
from sclab.lessons.answers import instructions, simulated_answers
from sclab.ui import Questionnaire, load_personas
from sclab.ui._item_choice import ItemChoice
from support.widget_tree import walk

SCP = load_instrument("sc-practice")


def answer_all(q, values):
    for number, value in values.items():
        q.controls[number].value = value


def placeholder_wording(instrument: str):
    """A published scale's key with made-up statements, as an instructor's wording overlay would give."""
    inst = load_instrument(instrument, wording=False)
    items = [
        it.model_copy(update={"text": f"Placeholder statement number {it.number}."}) for it in inst.items
    ]
    return inst.model_copy(update={"items": items})


def test_builds_with_nothing_preselected_and_shows_privacy_and_progress():
    q = Questionnaire("sc-practice")
    assert isinstance(q, widgets.VBox)
    assert all(c.value is None for c in q.controls.values())
    assert len(q.controls) == 24
    html = " ".join(w.value for w in walk(q) if isinstance(w, widgets.HTML))
    assert "nothing is sent anywhere" in html.lower()
    assert (q.controls[7].number, q.controls[7].text) == (7, SCP.items[6].text)  # shown with its number
    assert [c for c in walk(q) if isinstance(c, ItemChoice)] == list(q.controls.values())  # in order
    assert q.controls[1].options[0] == ("1 Almost never", 1)
    assert (q.progress.value, q.progress.max, q.progress_label.value) == (0, 24, "0 of 24 answered")
    q.controls[5].value = 4
    assert q.answer_labels[5].value == "Your answer: 4 (Often)"  # the choice in words, not only shading
    assert q.controls[5].answer_text == "Your answer: 4 (Often)"  # what the page shows under the item
    assert q.answer_labels[6].value == q.controls[6].answer_text == "Not answered yet"
    q.controls[5].value = None
    assert q.answer_labels[5].value == "Not answered yet" and q.progress.value == 0


def test_the_page_sends_far_fewer_widget_models_than_before():
    """Each item is one widget model (all share one layout); before: eleven (HTML, ToggleButtons,
    Label and a VBox, each with its layout and style), 328 models for the inventory's page."""
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    q = Questionnaire("sc-practice")
    made = [_instances[k] for k in set(_instances) - before]
    items = [w for w in made if isinstance(w, ItemChoice)]
    assert len(items) == 24 and len({id(c.layout) for c in items}) == 1
    assert len(made) <= 100, len(made)
    assert {c.layout_kind for c in q.controls.values()} == {"buttons"}


def test_submit_with_gaps_names_them_and_sets_no_result():
    q = Questionnaire("sc-practice")
    answer_all(q, {n: 2 for n in range(1, 25) if n not in (3, 7, 12)})
    assert q.progress_label.value == "21 of 24 answered" and q.progress.value == 21
    q.submit_button.click()
    assert "Items 3, 7 and 12 are unanswered." in q.status.value
    assert q.answers is None and q.scores is None


def test_complete_submit_sets_the_frame_calls_callbacks_and_notifies_observers():
    q = Questionnaire("sc-practice")
    values = {n: (n % 5) + 1 for n in range(1, 25)}
    seen, observed = [], []
    q.on_submit(seen.append)
    q.observe(lambda change: observed.append(change["new"]), names=["answers"])
    answer_all(q, values)
    q.submit_button.click()
    expected = pd.DataFrame([{f"scp_{n}": v for n, v in values.items()}])
    pd.testing.assert_frame_equal(q.answers, expected)
    assert len(seen) == 1 and seen[0] is q.answers and observed[-1] is q.answers
    assert q.source == "your own answers"
    assert q.scores == q.instrument.score(expected).iloc[0].to_dict() and q.scores["status"] == "complete"
    assert not hasattr(q, "result")  # one name for the submitted answers
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
    q.controls[4].set_state({"value": 9})  # what a page visitor's message does
    assert q.controls[4].value is None and q.sheet.answers[4] is None
    assert (
        "Not accepted" in q.status.value
        and "item 4 has 9; answers must be one of 1, 2, 3, 4, 5" in q.status.value
    )
    q.controls[4].set_state({"value": 3})  # a real answer from the page
    assert q.sheet.answers[4] == 3 and q.progress_label.value == "1 of 24 answered"
    with pytest.raises(traitlets.TraitError):
        q.controls[4].value = 6  # code is told at once
    assert q.sheet.answers[4] == 3
    q.controls[4].value = None
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
    assert q.controls[1].layout_kind == "radio"
    assert q._item_area.children == (q.controls[1],)
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


def test_item_by_item_a_number_key_on_the_item_on_show_moves_on():
    q = Questionnaire("sc-practice", mode="item_by_item")
    q.go_to(4)  # item 5 on show
    q.controls[3]._handle_custom_msg({"kind": "onward"}, [])  # an item not on show: nothing moves
    assert q.position.value == "Item 5 of 24"
    q.controls[5]._handle_custom_msg({"kind": "onward"}, [])  # the page: "a number key answered item 5"
    assert q.position.value == "Item 6 of 24" and q._item_area.children == (q.controls[6],)
    assert [n for n, c in q.controls.items() if c.autofocus] == [6]  # item 6 takes focus when drawn
    q.controls[6]._handle_custom_msg({"kind": "onward"}, [])
    assert q.position.value == "Item 7 of 24" and [n for n, c in q.controls.items() if c.autofocus] == [7]
    q.go_to(23)
    q.controls[24]._handle_custom_msg({"kind": "onward"}, [])  # the last item: nowhere to go
    assert q.position.value == "Item 24 of 24"
    one_page = Questionnaire("sc-practice")
    one_page.controls[5]._handle_custom_msg({"kind": "onward"}, [])  # every item is on the page already
    assert one_page.position.value == "" and not any(c.autofocus for c in one_page.controls.values())


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
def test_other_practice_instruments_offer_personas_only_where_written(instrument):
    q = Questionnaire(instrument, seed=2)
    assert (q.persona_button in list(walk(q))) == bool(load_personas(instrument))  # none written: not offered
    q.simulate_button.click()
    q.submit_button.click()
    assert q.answers.shape == (1, load_instrument(instrument).n_items)


@pytest.mark.parametrize("mode", ["one_page", "item_by_item"])
@pytest.mark.parametrize("control", ["buttons", "radio"])
def test_every_control_is_labelled_and_focusable(mode, control):
    q = Questionnaire("sc-practice", mode=mode, control=control)
    if mode == "item_by_item":  # walk every item, not only the one on screen
        parts = [*walk(q), *q.controls.values()]
    else:
        parts = list(walk(q))
    kinds = (
        ItemChoice,
        widgets.Button,
        widgets.Text,
        widgets.Dropdown,
        widgets.BoundedIntText,
        widgets.IntProgress,
    )
    controls = [w for w in parts if isinstance(w, kinds)]
    assert len(controls) > 24
    for w in controls:
        if isinstance(w, ItemChoice):  # labelled by its number and text; its choice said in words
            assert w.number >= 1 and w.text.strip() and w.answer_text and w.layout_kind == control
            continue
        assert (w.description or w.tooltip or "").strip(), f"{type(w).__name__} has no label"
        if isinstance(w, widgets.Button):
            assert not w.icon, "icons come from an outside font; text only"
            assert (w.layout.width, w.layout.min_height) == ("auto", "44px")  # whole label, a touch target
    assert len({id(w) for w in controls if isinstance(w, ItemChoice)}) == 24


def test_rows_of_controls_wrap_on_a_narrow_screen():
    q = Questionnaire("sc-practice")
    rows = [w for w in walk(q) if isinstance(w, widgets.HBox)]
    persona_row = next(r for r in rows if q.persona_button in r.children)
    assert all(r.layout.flex_flow == "row wrap" for r in rows) and len(rows) >= 4
    assert q.persona_picker.layout.max_width == "100%" and persona_row.layout.max_width == "100%"


@pytest.mark.parametrize("instrument", ["sc-practice", "co-practice", "mt-practice", "scs", "scs-sf"])
def test_every_instrument_is_taken_with_its_own_items_anchors_and_scores(instrument):
    inst = load_instrument(instrument) if instrument.endswith("practice") else placeholder_wording(instrument)
    q = Questionnaire(inst, seed=8)
    html = " ".join(w.value for w in walk(q) if isinstance(w, widgets.HTML))
    assert instructions(inst) in html and q.controls[inst.n_items].text == inst.items[-1].text
    assert [label for label, _ in q.controls[1].options] == [
        inst.response.option_label(v) for v in inst.response.values
    ]
    assert q.progress.max == inst.n_items and q.progress_label.value == f"0 of {inst.n_items} answered"
    q.use_simulated_respondent()
    q.submit()
    assert f"All {inst.n_items} items are answered" in q.status.value
    expected = inst.score(pd.DataFrame([{inst.item_id(k): v for k, v in simulated_answers(inst, 8).items()}]))
    assert q.scores == expected.iloc[0].to_dict()
    assert set(q.scores) >= set(inst.score_names)


def test_partly_labelled_anchors_show_the_number_alone():
    q = Questionnaire(placeholder_wording("scs-sf"))
    assert [label for label, _ in q.controls[1].options] == [
        "1 Almost never",
        "2",
        "3",
        "4",
        "5 Almost always",
    ]
    q.controls[1].value = 3
    assert q.answer_labels[1].value == "Your answer: 3"


def test_a_bad_seed_is_refused_by_the_one_seed_rule():
    with pytest.raises(ValueError, match="seed must be a whole number from 0 to 2147483647; got -2"):
        Questionnaire("sc-practice", seed=-2)
    q = Questionnaire("sc-practice")
    with pytest.raises(ValueError, match="seed must be a whole number"):
        q.use_simulated_respondent(2.5)
