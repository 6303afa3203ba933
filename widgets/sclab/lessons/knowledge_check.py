"""Checks of understanding as data: questions, their loading and their marking, without widgets.

A check file (``sclab/content/checks/<name>.yaml``) holds a list of questions, and optionally a
``title`` and an ``intro``. A multiple-choice question has ``choices`` and names the ``correct``
one; a short-answer question lists the ``accepted`` answers. Every question carries an
``explanation``, shown after checking whether the answer was right or not.

Typed answers are marked by :mod:`sclab.lessons.answer_matching`: an accepted phrase anywhere in
the answer (case, hyphens, articles and plurals aside) is right unless a negation stands before
it or a ``rejected`` phrase is there too. A question whose first accepted answer is "yes" or "no"
is a yes/no question (``match: yes_no``, or ``auto``, the default): "No, it's not a diagnosis"
answers it, "yes, it is" does not.

The options of a multiple-choice question are shown in an order drawn from a seed
(:func:`shuffled`), so that a student can get the same order back by giving the seed again.

>>> q = Question(prompt="Which colour is the sky on a clear day?", accepted=["blue"], explanation="Look up.")
>>> q.is_correct("  BLUE "), q.is_correct("It is blue, mostly."), q.is_correct("green")
(True, True, False)
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sclab._yamlfiles import read_model
from sclab.lessons.answer_matching import matches, words
from sclab.resources import shipped_file, shipped_names

__all__ = [
    "CheckSet",
    "Feedback",
    "Question",
    "check_names",
    "draw_seed",
    "load_check",
    "mark",
    "normalise_answer",
    "question_heading",
    "score_text",
    "shuffle_note",
    "shuffled",
]

#: Longest typed answer that is marked; anything longer is refused with a message.
MAX_ANSWER_LENGTH = 300
#: Seeds drawn for a student's order of options are below this (four digits are easy to note down).
SEED_RANGE = 10_000


def normalise_answer(text: str) -> str:
    """Fold case, treat hyphens and runs of spaces as one space, drop end punctuation.

    >>> normalise_answer("  Self-Kindness. ")
    'self kindness'
    """
    text = re.sub(r"[\s\-_]+", " ", text.casefold())
    return text.strip(" .,;:!?\"'")


class Question(BaseModel):
    """One question: multiple choice (``choices`` + ``correct``) or short answer (``accepted``).

    A short answer may list ``rejected`` phrases (an answer holding one is wrong) and say how it is
    marked (``match``: ``phrase``, ``yes_no``, or ``auto``: yes/no when the first accepted answer is
    "yes" or "no").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: str = Field(min_length=1)
    choices: list[str] | None = None
    accepted: list[str] | None = None
    rejected: list[str] | None = None
    match: Literal["auto", "phrase", "yes_no"] = "auto"
    correct: str | None = None
    explanation: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Question:
        if (self.choices is None) == (self.accepted is None):
            raise ValueError("give either 'choices' (multiple choice) or 'accepted' (short answer), not both")
        if self.choices is not None:
            if len(self.choices) < 2 or len(set(self.choices)) != len(self.choices):
                raise ValueError(f"'choices' needs at least two different options; got {self.choices}")
            if self.correct not in self.choices:
                raise ValueError(f"'correct' must be one of the choices; got {self.correct!r}")
            if self.rejected is not None or self.match != "auto":
                raise ValueError("'rejected' and 'match' are for short answers ('accepted'), not 'choices'")
            return self
        if not self.accepted or not all(words(a) for a in self.accepted):
            raise ValueError("'accepted' needs at least one non-empty answer")
        if self.match == "yes_no" and words(self.accepted[0]) not in (("yes",), ("no",)):
            raise ValueError(
                f"a yes_no question's first accepted answer must be yes or no; got {self.accepted[0]!r}"
            )
        for form in self.accepted:
            if not self.is_correct(form):
                raise ValueError(
                    f"accepted answer {form!r} would be marked wrong (a rejected phrase, a negation, "
                    "or the other of yes/no): reword it or drop it"
                )
        if self.correct is not None and normalise_answer(self.correct) not in self._accepted_set:
            raise ValueError(f"'correct' ({self.correct!r}) must be one of the accepted answers")
        return self

    @property
    def kind(self) -> str:
        return "choice" if self.choices is not None else "short"

    @property
    def is_yes_no(self) -> bool:
        """Whether a short answer is marked as a yes or a no (see the module's description)."""
        if self.accepted is None or self.match == "phrase":
            return False
        return self.match == "yes_no" or words(self.accepted[0]) in (("yes",), ("no",))

    @property
    def _accepted_set(self) -> set[str]:
        return {normalise_answer(a) for a in self.accepted or []}

    def is_correct(self, answer: object) -> bool:
        """Mark an answer; anything that is not a choice or a string is simply not correct."""
        if self.choices is not None:
            return answer == self.correct
        if not isinstance(answer, str):
            return False
        return matches(answer, self.accepted or [], yes_no=self.is_yes_no, rejected=self.rejected or [])


class CheckSet(BaseModel):
    """A list of questions, with an optional title and introduction (a notebook's heading may do)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    intro: str | None = None
    questions: list[Question] = Field(min_length=1)


@dataclass(frozen=True)
class Feedback:
    """What checking one answer says: ``right`` (None when the answer was not marked) and the words."""

    right: bool | None
    verdict: str
    message: str


def mark(question: Question, value: object) -> Feedback:
    """Check a student's answer: unmarked if empty or very long, otherwise right or not, with the explanation.

    >>> q = Question(prompt="p", choices=["a", "b"], correct="b", explanation="Because b.")
    >>> mark(q, "a"), mark(q, None).right
    (Feedback(right=False, verdict='Not quite.', message='Because b.'), None)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Feedback(None, "", "Choose or type an answer first, then press Check.")
    if isinstance(value, str) and len(value) > MAX_ANSWER_LENGTH:
        return Feedback(None, "", "That answer is very long; a few words are enough here.")
    right = question.is_correct(value)
    return Feedback(right, "Correct." if right else "Not quite.", question.explanation)


def draw_seed() -> int:
    """A fresh seed for one student's order of options (shown to them, so the order can be had again)."""
    return secrets.randbelow(SEED_RANGE)


def shuffled(check: CheckSet, seed: int) -> CheckSet:
    """The same check with each question's options in an order drawn from ``seed``.

    Question ``i``'s order comes from the seed sequence ``[seed, i]``, so the same seed always gives
    the same orders and one question's order does not depend on the others. Short answers and the
    ``correct`` options are unchanged.

    >>> q = Question(prompt="p", choices=["a", "b", "c", "d"], correct="b", explanation="e")
    >>> one = shuffled(CheckSet(questions=[q]), seed=4821)
    >>> one == shuffled(CheckSet(questions=[q]), seed=4821), sorted(one.questions[0].choices)
    (True, ['a', 'b', 'c', 'd'])
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0; got {seed!r}")
    questions = []
    for i, q in enumerate(check.questions):
        if q.choices is not None:
            order = np.random.default_rng([int(seed), i]).permutation(len(q.choices))
            q = q.model_copy(update={"choices": [q.choices[j] for j in order]})
        questions.append(q)
    return check.model_copy(update={"questions": questions})


def shuffle_note(seed: int) -> str:
    """What the check says about its order: ``'Options in a shuffled order (seed 4821).'``"""
    return f"Options in a shuffled order (seed {seed})."


def question_heading(index: int, total: int) -> str:
    """``'Question 1 of 3.'`` for ``index`` 0."""
    return f"Question {index + 1} of {total}."


def score_text(correct: int, total: int) -> str:
    return f"Score: {correct} of {total} correct"


def check_names() -> list[str]:
    """Names of the shipped checks, sorted."""
    return shipped_names("checks")


def load_check(name: str | Path) -> CheckSet:
    """Load a shipped check by name (``"01_what_is_self_compassion"``) or a YAML file by path.

    >>> load_check("00_welcome").questions[0].kind
    'choice'
    """
    path = Path(name)
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        path = shipped_file("checks", str(name))
    return read_model(path, CheckSet, ValueError, id_matches_name=False)
