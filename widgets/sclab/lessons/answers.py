"""Answer bookkeeping for a questionnaire, apart from any widget.

:class:`AnswerSheet` holds one respondent's answers to one instrument: which items are
answered, which are missing, and the one-row frame the scorer takes. It checks every value it
is given, because a value may come from a web page visitor rather than from our own controls.

>>> from sclab import load_instrument
>>> sheet = AnswerSheet(load_instrument("sc-practice"))
>>> sheet.set(1, 4)
>>> sheet.progress_text()
'1 of 24 answered'
>>> sheet.missing_message(limit=3)
'Items 2, 3, 4 and 20 more are unanswered.'
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sclab.validation import seed as seed_check

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pandas as pd

    from sclab.measure.instrument import Instrument

__all__ = [
    "CHANGED_AFTER_SUBMIT",
    "NOT_ANSWERED",
    "OWN_ANSWERS",
    "STAND_INS",
    "AnswerSheet",
    "answer_text",
    "changed_source",
    "instructions",
    "join_numbers",
    "not_administrable",
    "persona_source",
    "simulated_answers",
    "simulated_source",
    "submitted_text",
]

#: Under an item nobody has answered yet.
NOT_ANSWERED = "Not answered yet"
#: Whose answers they are when the student gave them.
OWN_ANSWERS = "your own answers"
#: Above the persona and simulated-respondent choices.
STAND_INS = "Prefer not to use your own answers? Any of these is fine, and you can change answers afterwards."
#: When an answer changes after a submission.
CHANGED_AFTER_SUBMIT = "You changed an answer after submitting; submit again to update."
_CHANGED = ", with answers changed by you"


def instructions(instrument: Instrument) -> str:
    """How to answer, with the instrument's own anchors.

    >>> from sclab import load_instrument
    >>> instructions(load_instrument("mt-practice"))[:60]
    'For each statement, choose how often it is true for you (1 ='
    """
    scale = instrument.response
    return (
        f"For each statement, choose how often it is true for you ({scale.anchor_text()}). "
        "There are no right or wrong answers. By keyboard: Tab takes you to the answers of a statement; "
        f"press a number from {scale.min} to {scale.max} to answer it and move on to the next one, "
        "or use the arrow keys to change an answer."
    )


def not_administrable(instrument: Instrument) -> str:
    """Why an instrument without wording cannot be given, and how an instructor can add the wording."""
    return (
        f"{instrument.short_name} ({instrument.id}) cannot be given here: its published item wording is not "
        "included in sclab, because it is not ours to share. An instructor who holds a licence for "
        "the wording can add it: run `sclab wording-dir` to see the folder, and put a wording file "
        f"named {instrument.id}.yaml there (the README explains the format). Practice instruments such as "
        "sc-practice work straight away."
    )


def answer_text(instrument: Instrument, value: int | None) -> str:
    """The choice in words under an item: ``'Your answer: 4 (Often)'`` or :data:`NOT_ANSWERED`."""
    if value is None:
        return NOT_ANSWERED
    words = instrument.response.label(value)
    return f"Your answer: {value}" + (f" ({words})" if words != str(value) else "")


def submitted_text(instrument: Instrument) -> str:
    return f"All {instrument.n_items} items are answered. Thank you."


def persona_source(name: str) -> str:
    return f"fictional persona {name}"


def simulated_source(seed: int) -> str:
    return f"simulated respondent, seed {seed}"


def changed_source(source: str) -> str:
    """``source`` marked as edited by the student (once); the student's own answers stay as they are."""
    if source == OWN_ANSWERS or source.endswith(_CHANGED):
        return source
    return source + _CHANGED


def join_numbers(numbers_: Iterable[int]) -> str:
    """``[3, 7, 12]`` -> ``'3, 7 and 12'``.

    >>> join_numbers([3]), join_numbers([3, 7]), join_numbers([3, 7, 12])
    ('3', '3 and 7', '3, 7 and 12')
    """
    parts = [str(n) for n in numbers_]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class AnswerSheet:
    """One respondent's answers, keyed by item number; ``None`` means unanswered."""

    instrument: Instrument
    answers: dict[int, int | None] = field(init=False)

    def __post_init__(self) -> None:
        self.answers = {it.number: None for it in self.instrument.items}
        self._by_id = {self.instrument.item_id(n): n for n in self.answers}

    # --- changing answers --------------------------------------------------------------
    def _number(self, item: int | str) -> int:
        if isinstance(item, str) and item in self._by_id:
            return self._by_id[item]
        if isinstance(item, numbers.Integral) and not isinstance(item, bool) and int(item) in self.answers:
            return int(item)
        raise ValueError(
            f"{self.instrument.short_name} has no item {item!r}; items are numbered 1-{len(self.answers)} "
            f"(ids {self.instrument.item_id(1)} .. {self.instrument.item_id(len(self.answers))})"
        )

    def check_value(self, item: int | str, value: object) -> int | None:
        """Return ``value`` as an int (or ``None``) if it is a valid answer, else raise ValueError."""
        number = self._number(item)
        if value is None:
            return None
        scale = self.instrument.response
        ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
        if not ok or not scale.min <= int(value) <= scale.max:
            raise ValueError(
                f"item {self.instrument.item_id(number)} has {value!r}; answers must be whole numbers "
                f"{scale.describe()}"
            )
        return int(value)

    def set(self, item: int | str, value: object) -> None:
        """Record an answer (``None`` clears it); an invalid value raises and changes nothing."""
        self.answers[self._number(item)] = self.check_value(item, value)

    def fill(self, answers: Mapping[int | str, object]) -> None:
        """Replace every answer at once; all are checked first, so a bad one changes nothing."""
        checked = {self._number(k): self.check_value(k, v) for k, v in answers.items()}
        self.clear()
        self.answers.update(checked)

    def clear(self) -> None:
        for n in self.answers:
            self.answers[n] = None

    # --- reading them ------------------------------------------------------------------
    @property
    def answered(self) -> list[int]:
        return [n for n, v in self.answers.items() if v is not None]

    @property
    def missing(self) -> list[int]:
        """Numbers of the unanswered items, in order."""
        return [n for n, v in self.answers.items() if v is None]

    @property
    def complete(self) -> bool:
        return not self.missing

    def progress_text(self) -> str:
        return f"{len(self.answered)} of {len(self.answers)} answered"

    def missing_message(self, limit: int = 12) -> str:
        """``'Items 3, 7 and 12 are unanswered.'``, or an empty string when nothing is missing."""
        missing = self.missing
        if not missing:
            return ""
        if len(missing) == len(self.answers) > 1:
            return f"None of the {len(missing)} items is answered yet."
        if len(missing) == 1:
            return f"Item {missing[0]} is unanswered."
        if len(missing) > limit:
            shown = [str(n) for n in missing[:limit]] + [f"{len(missing) - limit} more"]
            return "Items " + join_numbers(shown) + " are unanswered."  # type: ignore[arg-type]
        return f"Items {join_numbers(missing)} are unanswered."

    def to_frame(self, *, allow_missing: bool = False) -> pd.DataFrame:
        """One row, one column per item id (``scp_1`` ..), ready for ``Instrument.score``.

        With missing answers this raises ValueError unless ``allow_missing``, when they are NaN.
        """
        import pandas as pd

        if self.missing and not allow_missing:
            raise ValueError(self.missing_message() + " Answer them first, or pass allow_missing=True.")
        row = {self.instrument.item_id(n): v for n, v in self.answers.items()}
        frame = pd.DataFrame([row], columns=self.instrument.item_ids)
        return frame.astype("int64") if not self.missing else frame.astype("float64")


def simulated_answers(instrument: Instrument, seed: int) -> dict[int, int]:
    """A coherent random respondent: the same ``seed`` always gives the same answers.

    One latent self-compassion level is drawn for the person, a smaller deviation for each
    subscale and some noise for each item; the sum is placed on the response scale, and items
    of reverse-keyed (uncompassionate) subscales are mirrored, so someone kind to themselves
    answers those low. A teaching device, not a model of any population.

    >>> from sclab import load_instrument
    >>> scp = load_instrument("sc-practice")
    >>> simulated_answers(scp, 7) == simulated_answers(scp, 7)
    True
    """
    rng = np.random.default_rng(seed_check(seed))
    lo, hi = instrument.response.min, instrument.response.max
    centre, spread = (lo + hi) / 2, (hi - lo) / 4
    person = rng.normal()
    facet = {s.id: rng.normal(scale=0.5) for s in instrument.subscales}
    answers = {}
    for it in instrument.items:
        keyed = centre + spread * (0.9 * person + facet[it.subscale] + 0.6 * rng.normal())
        keyed = int(np.clip(np.rint(keyed), lo, hi))
        answers[it.number] = lo + hi - keyed if it.reversed else keyed
    return answers
