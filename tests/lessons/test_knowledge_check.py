"""Checks of understanding as data: questions, their marking and the shipped check files."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sclab.lessons.knowledge_check import (
    Question,
    check_names,
    load_check,
    mark,
    normalise_answer,
    score_text,
)

MC = Question(prompt="Pick b", choices=["a", "b", "c"], correct="b", explanation="Because b.")
SHORT = Question(prompt="Name it", accepted=["Common humanity"], explanation="It is shared.")


def test_mark_leaves_empty_and_very_long_answers_unmarked():
    assert mark(MC, None).right is None and "answer first" in mark(MC, None).message
    assert mark(SHORT, "   ").right is None
    assert mark(SHORT, "x" * 301).right is None and "very long" in mark(SHORT, "x" * 301).message
    assert mark(SHORT, "x" * 300).right is False
    assert mark(MC, "b") == mark(MC, "b") and mark(MC, "b").verdict == "Correct."
    assert score_text(2, 3) == "Score: 2 of 3 correct"


def test_short_answers_ignore_case_spaces_and_hyphens():
    assert SHORT.is_correct("  common   HUMANITY ")
    assert SHORT.is_correct("Common-humanity.")
    assert not SHORT.is_correct("humanity")
    assert not SHORT.is_correct(None)
    assert normalise_answer("Self-Kindness!") == "self kindness"


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"choices": ["a", "b"], "correct": "z"}, "'correct' must be one of the choices"),
        ({"choices": ["a"], "correct": "a"}, "at least two different options"),
        ({"choices": ["a", "b"], "accepted": ["a"], "correct": "a"}, "not both"),
        ({}, "give either 'choices'"),
        ({"accepted": ["  "]}, "non-empty answer"),
    ],
)
def test_bad_questions_are_refused_with_the_rule(fields, rule):
    with pytest.raises(ValidationError, match=rule):
        Question(prompt="p", explanation="e", **fields)


def test_shipped_checks_load_and_unknown_names_list_the_valid_ones():
    names = check_names()
    assert {"00_welcome", "01_what_is_self_compassion"} <= set(names)
    for name in names:
        assert len(load_check(name).questions) >= 3
    with pytest.raises(ValueError, match=r"unknown check 'nope'; valid names: 00_welcome, "):
        load_check("nope")
