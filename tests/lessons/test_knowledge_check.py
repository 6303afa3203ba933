"""Checks of understanding as data: questions, their marking and the shipped check files."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import ValidationError
from scipy import stats

from sclab.lessons.knowledge_check import (
    CheckSet,
    Question,
    check_names,
    draw_seed,
    load_check,
    mark,
    normalise_answer,
    score_text,
    shuffle_note,
    shuffled,
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
    assert SHORT.is_correct("I'd say common humanity")  # the phrase inside a sentence
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


FOUR = Question(prompt="Pick c", choices=["a", "b", "c", "d"], correct="c", explanation="Because c.")


def test_a_seed_gives_the_same_order_every_time_and_seeds_differ():
    check = CheckSet(questions=[FOUR, SHORT, FOUR])
    one = shuffled(check, 4821)
    assert one == shuffled(check, 4821)
    assert sorted(one.questions[0].choices) == FOUR.choices and one.questions[0].correct == "c"
    assert one.questions[1] == SHORT  # short answers are left as they are
    # each question has its own order, and other seeds give other orders
    orders = {tuple(shuffled(check, s).questions[0].choices) for s in range(30)}
    assert len(orders) > 10
    assert any(shuffled(check, s).questions[0] != shuffled(check, s).questions[2] for s in range(30))
    assert check.questions[0].choices == ["a", "b", "c", "d"]  # the check itself is not changed


def test_over_many_seeds_the_correct_option_lands_at_every_position_alike():
    check = CheckSet(questions=[FOUR])
    positions = Counter(shuffled(check, s).questions[0].choices.index("c") for s in range(2000))
    assert sorted(positions) == [0, 1, 2, 3]
    assert stats.chisquare([positions[p] for p in range(4)]).pvalue > 0.001


def test_seeds_are_drawn_in_range_and_bad_seeds_refused():
    assert all(0 <= draw_seed() < 10_000 for _ in range(50))
    assert shuffle_note(4821) == "Options in a shuffled order (seed 4821)."
    for bad in (-1, 1.5, "7", True):
        with pytest.raises(ValueError, match="seed must be a whole number"):
            shuffled(CheckSet(questions=[FOUR]), bad)


def test_feedback_explains_for_right_and_wrong_answers_alike():
    for value in ("a", "b", "c", "d"):
        said = mark(FOUR, value)
        assert said.message == "Because c." and said.verdict == ("Correct." if value == "c" else "Not quite.")
    assert mark(SHORT, "humanity, common").message == "It is shared."


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"accepted": ["maybe"], "match": "yes_no"}, "first accepted answer must be yes or no"),
        ({"accepted": ["no", "yes, it is"]}, "accepted answer 'yes, it is' would be marked wrong"),
        (
            {"accepted": ["kindness", "mindfulness"], "rejected": ["mindfulness"]},
            "'mindfulness' would be marked wrong",
        ),
        (
            {"choices": ["a", "b"], "correct": "a", "rejected": ["b"]},
            "'rejected' and 'match' are for short answers",
        ),
        (
            {"choices": ["a", "b"], "correct": "a", "match": "yes_no"},
            "'rejected' and 'match' are for short answers",
        ),
    ],
)
def test_matching_rules_that_contradict_themselves_are_refused(fields, rule):
    with pytest.raises(ValidationError, match=rule):
        Question(prompt="p", explanation="e", **fields)


def test_a_yes_no_question_is_found_by_its_first_accepted_answer():
    assert Question(prompt="p", accepted=["No"], explanation="e").is_yes_no
    assert not Question(prompt="p", accepted=["No"], match="phrase", explanation="e").is_yes_no
    assert not SHORT.is_yes_no and not MC.is_yes_no
    phrase = Question(prompt="p", accepted=["no"], match="phrase", explanation="e")
    assert phrase.is_correct("no") and not phrase.is_correct("not no")
