"""Typed answers marked in their reasonable forms, and clearly wrong ones kept wrong.

The two answers a student had marked wrong ("No, it's not a diagnosis" in 02, "fictional personas"
in 00) are checked against the shipped questions, together with the exact-list marking they got
before, so each test shows what changed.
"""

from __future__ import annotations

import pytest

from sclab.lessons.answer_matching import matches, says_phrase, words, yes_or_no
from sclab.lessons.knowledge_check import load_check, normalise_answer


def _shipped(name: str, start: str):
    return next(q for q in load_check(name).questions if q.prompt.startswith(start))


DIAGNOSIS = _shipped("02_take_the_scale", "Is a low score")
PERSONA = _shipped("00_welcome", "You would rather not use your own answers")
KINDNESS = _shipped("01_what_is_self_compassion", "Which component is the counterpart")


def _exact_list(question, answer: str) -> bool:
    """How typed answers were marked before: the whole answer, normalised, had to be in the list."""
    return normalise_answer(answer) in {normalise_answer(a) for a in question.accepted}


@pytest.mark.parametrize(
    ("question", "answer"), [(DIAGNOSIS, "No, it's not a diagnosis"), (PERSONA, "fictional personas")]
)
def test_the_answers_students_had_marked_wrong_are_now_right(question, answer):
    assert not _exact_list(question, answer)  # what the student met
    assert question.is_correct(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "no", "No.", "NO!", "nope", "No, it's not a diagnosis", "No it\u2019s not a diagnosis",
        "not a diagnosis", "It isn't.", "it isnt", "no, it is not", "Definitely not", "I don't think so",
        "No - only a professional can assess that", "A diagnosis? No.", "Of course not",
    ],
)  # fmt: skip
def test_yes_no_questions_accept_every_way_of_saying_no(answer):
    assert yes_or_no(answer) == "no"
    assert DIAGNOSIS.is_correct(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "yes", "Yes, it is a diagnosis", "yeah", "it is a diagnosis", "yes it is not", "yes and no",
        "I don't know", "not sure", "maybe", "no idea", "it depends", "diagnosis",
    ],
)  # fmt: skip
def test_yes_no_questions_refuse_yes_and_answers_that_say_neither(answer):
    assert yes_or_no(answer) != "no"
    assert not DIAGNOSIS.is_correct(answer)


def test_yes_no_reads_each_part_and_needs_them_to_agree():
    assert yes_or_no("Yes, it is a diagnosis") == "yes" and yes_or_no("definitely") == "yes"
    assert yes_or_no("yes, it is not") is None and yes_or_no("yes but no") is None
    assert yes_or_no("it only describes my answers") is None
    assert matches("Yes!", ["yes"], yes_no=True) and not matches("Nope", ["yes"], yes_no=True)
    # saying neither falls back to the other accepted phrases
    assert matches("Only a professional can diagnose", ["no", "professional"], yes_no=True)
    assert not matches("Yes, a professional", ["no", "professional"], yes_no=True)


@pytest.mark.parametrize(
    "answer",
    [
        "fictional personas", "a fictional persona", "Fictional-persona", "I would use a fictional persona",
        "personas", "The persona option", "a simulated respondent", "simulated respondents",
        "a simulated person", "Simulated answers",
    ],
)  # fmt: skip
def test_key_phrases_count_inside_a_sentence_singular_or_plural(answer):
    assert PERSONA.is_correct(answer)


@pytest.mark.parametrize(
    "answer", ["my own answers", "not a persona", "never a persona", "real answers", "nothing"]
)
def test_key_phrase_questions_refuse_wrong_or_denied_answers(answer):
    assert not PERSONA.is_correct(answer)


@pytest.mark.parametrize(
    ("answer", "right"),
    [
        ("self-kindness", True), ("Self kindness.", True), ("being kind to myself", True),
        ("kindness toward yourself", True), ("self-judgment", False), ("common humanity", False),
        ("kindness, common humanity, mindfulness", False), ("not kindness", False),
    ],
)  # fmt: skip
def test_listing_every_component_does_not_earn_the_mark(answer, right):
    assert KINDNESS.is_correct(answer) is right


def test_words_fold_spelling_case_articles_plurals_and_contractions():
    assert words("The Fictional-Personas!") == ("fictional", "persona")
    assert words("self-judgement") == words("self judgment")
    assert words("randomised") == words("randomized")
    assert words("studies") == ("study",) and words("kindness") == ("kindness",)
    assert words("it\u2019s") == words("it is") and words("doesn't") == words("does not")
    assert words("...") == ()
    assert not says_phrase("anything", "...")
    assert says_phrase("random-effects model", "random effects") and not says_phrase(
        "fixed effects", "random effects"
    )


@pytest.mark.parametrize(
    ("answer", "right"),
    [
        ("a random-effects model", True), ("random effects, not fixed", True),
        ("random effects rather than fixed", True), ("not random effects", False),
        ("fixed effects instead of random effects", False), ("fixed rather than random effects", False),
        ("a design without a control group", False), ("everything except random effects", False),
    ],
)  # fmt: skip
def test_a_phrase_set_aside_just_before_it_is_not_said(answer, right):
    phrase = "random effects" if "control" not in answer else "control group"
    assert says_phrase(answer, phrase) is right
