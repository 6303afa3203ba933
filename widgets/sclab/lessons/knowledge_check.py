"""Checks of understanding as data: questions, their loading and their marking, without widgets.

A check file (``sclab/content/checks/<name>.yaml``) holds a list of questions, and optionally a
``title`` and an ``intro``. A
multiple-choice question has ``choices`` and names the ``correct`` one; a short-answer question
lists the ``accepted`` answers. Every question carries an ``explanation`` shown after checking.

>>> q = Question(prompt="Which colour is the sky on a clear day?", accepted=["blue"], explanation="Look up.")
>>> q.is_correct("  BLUE "), q.is_correct("green")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sclab._yamlfiles import read_model
from sclab.resources import shipped_file, shipped_names

__all__ = [
    "CheckSet",
    "Feedback",
    "Question",
    "check_names",
    "load_check",
    "mark",
    "normalise_answer",
    "question_heading",
    "score_text",
]

#: Longest typed answer that is marked; anything longer is refused with a message.
MAX_ANSWER_LENGTH = 300


def normalise_answer(text: str) -> str:
    """Fold case, treat hyphens and runs of spaces as one space, drop end punctuation.

    >>> normalise_answer("  Self-Kindness. ")
    'self kindness'
    """
    text = re.sub(r"[\s\-_]+", " ", text.casefold())
    return text.strip(" .,;:!?\"'")


class Question(BaseModel):
    """One question: multiple choice (``choices`` + ``correct``) or short answer (``accepted``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: str = Field(min_length=1)
    choices: list[str] | None = None
    accepted: list[str] | None = None
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
        else:
            if not self.accepted or not all(normalise_answer(a) for a in self.accepted):
                raise ValueError("'accepted' needs at least one non-empty answer")
            if self.correct is not None and normalise_answer(self.correct) not in self._accepted_set:
                raise ValueError(f"'correct' ({self.correct!r}) must be one of the accepted answers")
        return self

    @property
    def kind(self) -> str:
        return "choice" if self.choices is not None else "short"

    @property
    def _accepted_set(self) -> set[str]:
        return {normalise_answer(a) for a in self.accepted or []}

    def is_correct(self, answer: object) -> bool:
        """Mark an answer; anything that is not a choice or a string is simply not correct."""
        if self.choices is not None:
            return answer == self.correct
        return isinstance(answer, str) and normalise_answer(answer) in self._accepted_set


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
