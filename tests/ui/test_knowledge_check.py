"""KnowledgeCheck: built, answered and checked without a browser; its feedback and score asserted."""

from __future__ import annotations

import re
from html import escape

import ipywidgets as widgets
import pytest

from sclab.lessons.knowledge_check import CheckSet, check_names, load_check
from sclab.ui import KnowledgeCheck, Question
from support.widget_tree import walk

MC = Question(prompt="Pick b", choices=["a", "b", "c"], correct="b", explanation="Because b.")
SHORT = Question(prompt="Name it", accepted=["Common humanity"], explanation="It is shared.")


def test_a_check_file_by_path_reports_the_field_that_is_wrong(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("questions:\n  - prompt: p\n    choices: [a, b]\n    correct: c\n    explanation: e\n")
    with pytest.raises(ValueError, match=r"mine\.yaml: field 'questions\[1\]': 'correct' must be one of"):
        load_check(path)
    path.write_text("questions:\n  - prompt: p\n    accepted: [yes please]\n    explanation: e\n")
    assert KnowledgeCheck.from_file(path).check.questions[0].kind == "short"


def test_nothing_preselected_then_feedback_and_score_follow_each_check():
    kc = KnowledgeCheck([MC, SHORT])
    radio, text = kc.inputs
    assert isinstance(radio, widgets.RadioButtons) and radio.value is None
    assert isinstance(text, widgets.Text) and text.value == ""
    assert kc.score_label.value == "Score: 0 of 2 correct"

    kc.check_buttons[0].click()  # nothing chosen yet
    assert "Choose or type an answer first" in kc.feedback[0].value and kc.score == 0
    radio.value = "a"
    kc.check_buttons[0].click()
    assert "Not quite." in kc.feedback[0].value and "Because b." in kc.feedback[0].value
    radio.value = "b"
    kc.check_buttons[0].click()
    assert "Correct." in kc.feedback[0].value and kc.score == 1

    text.value = " common HUMANITY "
    kc.check_buttons[1].click()
    assert "Correct." in kc.feedback[1].value and "It is shared." in kc.feedback[1].value
    assert kc.score == 2 and kc.score_label.value == "Score: 2 of 2 correct"
    text.value = "isolation"  # a later wrong check takes the point back
    kc.check_buttons[1].click()
    assert kc.score == 1


def test_values_from_the_front_end_are_validated():
    kc = KnowledgeCheck([MC, SHORT])
    with pytest.raises(Exception, match="Invalid selection"):
        kc.inputs[0].set_state({"index": 7})
    kc.inputs[1].set_state({"value": "x" * 10_000})
    kc.check_buttons[1].click()
    assert "very long" in kc.feedback[1].value and kc.score == 0
    kc.inputs[1].set_state({"value": "<script>alert(1)</script>"})
    kc.check_buttons[1].click()
    assert "<script>" not in "".join(f.value for f in kc.feedback)


def test_prompts_and_explanations_are_shown_as_text_not_markup():
    q = Question(
        prompt="Is <b> bold?", choices=["yes", "no"], correct="no", explanation="<i>never</i> markup"
    )
    kc = KnowledgeCheck([q])
    kc.answer(0, "no")
    assert "&lt;i&gt;never&lt;/i&gt;" in kc.feedback[0].value
    assert "&lt;b&gt;" in kc.prompts[0].value


def test_every_shipped_question_accepts_its_own_answer():
    for name in check_names():
        data = load_check(name)
        kc = KnowledgeCheck(data)
        for i, q in enumerate(data.questions):
            assert kc.answer(i, q.correct or q.accepted[0]) is True, f"{name} question {i + 1}"
        assert kc.score == len(data.questions)


def test_every_control_is_labelled():
    kc = KnowledgeCheck(load_check("00_welcome"))
    controls = [w for w in walk(kc) if isinstance(w, widgets.RadioButtons | widgets.Text | widgets.Button)]
    assert len(controls) == 6 == 2 * len(kc.check.questions)
    for w in controls:
        assert (w.description or w.tooltip or "").strip()


def test_a_list_of_questions_is_accepted():
    assert KnowledgeCheck([MC]).check == CheckSet(questions=[MC])


FOUR = Question(prompt="Pick c", choices=["a", "b", "c", "d"], correct="c", explanation="Because c.")


def test_the_options_are_shuffled_with_the_seed_shown_and_the_same_seed_gives_the_same_order():
    one = KnowledgeCheck.from_file("01_what_is_self_compassion", seed=4821)
    again = KnowledgeCheck.from_file("01_what_is_self_compassion", seed=4821)
    assert one.seed == 4821 and "Options in a shuffled order (seed 4821)." in one.order_note.value
    shown = [getattr(w, "options", None) for w in one.inputs]
    assert shown == [getattr(w, "options", None) for w in again.inputs]
    file_order = [tuple(q.choices) if q.choices else None for q in one.check.questions]
    assert [sorted(o) if o else None for o in shown] == [sorted(o) if o else None for o in file_order]
    others = set()
    for s in range(10):
        kc = KnowledgeCheck.from_file("01_what_is_self_compassion", seed=s)
        others.add(tuple(tuple(w.options) for w in kc.inputs if isinstance(w, widgets.RadioButtons)))
    assert len(others) > 1 and tuple(shown) != tuple(file_order)


def test_without_a_seed_one_is_drawn_and_shown_and_can_be_given_back():
    kc = KnowledgeCheck([FOUR, SHORT])
    assert 0 <= kc.seed < 10_000
    assert f"(seed {kc.seed})" in kc.order_note.value
    assert KnowledgeCheck([FOUR], seed=kc.seed).inputs[0].options == kc.inputs[0].options


def test_a_new_seed_reorders_the_options_and_clears_what_was_chosen():
    kc = KnowledgeCheck([FOUR], seed=1)
    kc.answer(0, "a")
    orders = set()
    for s in range(2, 12):
        kc.seed = s
        orders.add(kc.inputs[0].options)
        assert (
            kc.inputs[0].value is None and kc.feedback[0].value == "" and f"seed {s}" in kc.order_note.value
        )
    assert len(orders) > 1
    assert kc.answer(0, "c") is True


def test_unshuffled_shows_the_file_order_and_no_seed():
    kc = KnowledgeCheck([FOUR], shuffle=False)
    assert kc.seed is None and kc.order_note.value == "" and kc.inputs[0].options == ("a", "b", "c", "d")
    assert KnowledgeCheck([SHORT]).seed is None  # nothing to shuffle
    with pytest.raises(ValueError, match="seed is for a shuffled order"):
        KnowledgeCheck([FOUR], shuffle=False, seed=3)


@pytest.mark.parametrize(
    ("name", "answer", "right"),
    [
        ("02_take_the_scale", "No, it's not a diagnosis", True),
        ("02_take_the_scale", "yes, it is a diagnosis", False),
        ("00_welcome", "fictional personas", True),
        ("00_welcome", "my own answers", False),
    ],
)
def test_typed_answers_in_their_reasonable_forms_are_marked_in_the_widget(name, answer, right):
    kc = KnowledgeCheck.from_file(name, seed=0)
    i = next(i for i, q in enumerate(kc.check.questions) if q.kind == "short")
    assert kc.answer(i, answer) is right
    assert ("Correct." if right else "Not quite.") in kc.feedback[i].value
    assert escape(kc.check.questions[i].explanation) in kc.feedback[i].value  # why, either way


def test_wrong_answers_are_explained_without_pointing_at_a_position():
    kc = KnowledgeCheck([FOUR], seed=5)
    for wrong in ("a", "b", "d"):
        kc.answer(0, wrong)
        text = kc.feedback[0].value
        assert "Not quite." in text and "Because c." in text
        assert not re.search(r"first|second|third|fourth|option [a-d1-4]", text, re.IGNORECASE)


def test_the_check_carries_its_phone_and_keyboard_layout():
    kc = KnowledgeCheck([FOUR, SHORT], seed=0)
    assert "sclab-knowledge-check" in kc._dom_classes
    style = kc.children[0]
    assert isinstance(style, widgets.HTML) and style.layout.display == "none"
    css = style.value
    assert ".sclab-knowledge-check .widget-radio-box label" in css and "height: auto" in css  # options wrap
    assert "min-height: 44px" in css and "focus-visible" in css
    assert kc.inputs[1].layout.width == "auto" and kc.inputs[0].layout.max_width == "100%"
    # a typed answer reaches the kernel whole, before the Check button's click does
    assert kc.inputs[1].continuous_update is False
