"""KnowledgeCheck: built, answered and checked without a browser; its feedback and score asserted."""

from __future__ import annotations

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
    assert "&lt;b&gt;" in kc.children[0].children[0].value


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
    assert len(controls) == 6
    for w in controls:
        assert (w.description or w.tooltip or "").strip()


def test_a_list_of_questions_is_accepted():
    assert KnowledgeCheck([MC]).check == CheckSet(questions=[MC])
