"""Remembered answers: a student's answers to an inventory, kept on their own computer by choice.

The model behind :class:`~sclab.ui.answer_memory.AnswerMemory`; no widgets here. A student who
ticks "Remember my answers on this computer" gets one small JSON file per instrument in the user
data folder (``remembered-answers`` in platformdirs' data folder for ``sclab``), and later
notebooks can offer those answers instead of a retake.

What a file holds, and nothing else: the instrument's id (so that a file is never used for the
wrong inventory), the answers by item number, the date they were remembered, and whose answers
they are (:data:`SOURCES`: the student's own, a fictional persona's, or a simulated respondent's).
No name, no scores, no persona's name. The folder is made private (0700) and each file is written
private (0600), whole or not at all.

A file that cannot be read as remembered answers for its instrument (damaged by hand, cut short,
or holding another instrument's answers) raises :class:`RememberedAnswersError` naming the file
and the field, and is kept: only :func:`forget`, which the student asks for, deletes a file.

The view decides whether remembering is offered at all: never behind a served page (see
:func:`sclab.classroom.serving.served`), where the disk is the server's, not the student's.

>>> from datetime import date
>>> offer_text(date(2026, 12, 2), today=date(2026, 12, 5))
'Use my remembered answers from 2 December'
>>> source_kind("your own answers"), source_kind("fictional persona Sam, the harsh self-critic")
('own answers', 'persona')
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from sclab._yamlfiles import describe_validation_error
from sclab.lessons.answers import AnswerSheet, persona_source, simulated_source

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sclab.measure.instrument import Instrument

__all__ = [
    "FOLDER_NAME",
    "INTRO",
    "SERVED_NOTE",
    "SOURCES",
    "SOURCE_WORDS",
    "RememberedAnswers",
    "RememberedAnswersError",
    "date_text",
    "forget",
    "memory_file",
    "memory_folder",
    "offer_text",
    "recall",
    "remember",
    "remembered_source",
    "remembered_text",
    "source_kind",
    "status_text",
]

Source = Literal["own answers", "persona", "simulated"]
#: Whose answers a remembered file holds.
SOURCES: tuple[str, ...] = get_args(Source)
#: The folder's name inside the user data folder.
FOLDER_NAME = "remembered-answers"
#: Whose answers they are, in words.
SOURCE_WORDS: dict[str, str] = {
    "own answers": "your own answers",
    "persona": "a fictional persona's answers",
    "simulated": "a simulated respondent's answers",
}
#: The one line shown on a served page instead of the controls.
SERVED_NOTE = (
    "Remembering answers is offered only when you run the course on your own computer; "
    "on this page nothing is kept."
)
#: What remembering does, above the controls.
INTRO = (
    "Want to skip this inventory in later notebooks? Tick the box to keep your answers in a small "
    "file on this computer. Later notebooks then offer them, so you do not have to answer again. "
    "The file holds only the answers, the date, and whose answers they are. "
    "Forget my answers deletes it."
)
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_MONTHS = "January February March April May June July August September October November December".split()


class RememberedAnswersError(ValueError):
    """A remembered-answers file cannot be used; the message names the file, the field and the rule."""


class RememberedAnswers(BaseModel):
    """The whole content of one remembered file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str = Field(pattern=_ID.pattern)
    date: Date
    source: Source
    answers: dict[int, StrictInt] = Field(min_length=1)


def memory_folder() -> Path:
    """The folder remembered answers go in: ``remembered-answers`` in sclab's user data folder."""
    from platformdirs import user_data_path

    return user_data_path("sclab", appauthor=False) / FOLDER_NAME


def memory_file(instrument_id: str, folder: str | Path | None = None) -> Path:
    """The one file for an instrument's remembered answers (it may not exist)."""
    if not isinstance(instrument_id, str) or not _ID.match(instrument_id):
        raise ValueError(f"instrument id {instrument_id!r} must be lower-case letters, digits and hyphens")
    return Path(folder if folder is not None else memory_folder()) / f"{instrument_id}.json"


def remembered_source(record: RememberedAnswers) -> str:
    """What a questionnaire filled from ``record`` says of whose answers they are; its kind is kept.

    >>> r = RememberedAnswers(instrument="sc-practice", date="2025-12-01", source="persona", answers={1: 3})
    >>> remembered_source(r), source_kind(remembered_source(r))
    ('fictional persona (remembered from 1 December 2025)', 'persona')
    """
    when = f"remembered from {date_text(record.date)}"
    return {
        "persona": persona_source(f"({when})"),
        "simulated": f"{simulated_source(0).split(',')[0]}, {when}",
    }.get(record.source, f"your own answers, {when}")


def source_kind(source: str) -> Source:
    """Whose answers a questionnaire's ``source`` describes, as one of :data:`SOURCES`.

    >>> from sclab.lessons.answers import changed_source, simulated_source
    >>> source_kind(simulated_source(4)), source_kind(changed_source(simulated_source(4)))
    ('simulated', 'simulated')
    """
    if source.startswith(persona_source("")):
        return "persona"
    if source.startswith(simulated_source(0).split(",")[0]):
        return "simulated"
    return "own answers"


def _checked_answers(instrument: Instrument, answers: Mapping[int, object]) -> dict[int, int]:
    """Every item answered once, each in range; a ValueError naming the items or the value otherwise."""
    numbers = [it.number for it in instrument.items]
    missing, extra = sorted(set(numbers) - set(answers)), sorted(set(answers) - set(numbers))
    if missing or extra:
        raise ValueError(
            f"answers must be given for items 1-{len(numbers)} of {instrument.id}, once each; "
            f"missing {missing}, not items of it {extra}"
        )
    sheet = AnswerSheet(instrument)
    sheet.fill(answers)  # checks every value against the response range
    return {n: int(v) for n, v in sheet.answers.items()}  # type: ignore[arg-type]


def remember(
    instrument: Instrument,
    answers: Mapping[int, int],
    source: Source,
    *,
    folder: str | Path | None = None,
    today: Date | None = None,
) -> RememberedAnswers:
    """Write ``answers`` (complete, by item number) to the instrument's file and return what was written.

    A file already there that is not a valid remembered file for this instrument is kept and
    reported (:class:`RememberedAnswersError`), never written over.
    """
    record = RememberedAnswers(
        instrument=instrument.id,
        date=today or Date.today(),
        source=source,
        answers=_checked_answers(instrument, answers),
    )
    path = memory_file(instrument.id, folder)
    if path.exists() or path.is_symlink():
        recall(instrument, folder=folder)  # raises for a damaged or foreign file, which is kept
    _private_folder(path.parent)
    fd, temp = tempfile.mkstemp(prefix=f".{instrument.id}.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(record.model_dump_json(indent=1))
        os.chmod(temp, 0o600)
        os.replace(temp, path)  # whole or not at all
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return record


def _private_folder(folder: Path) -> None:
    """Make ``folder`` (and a missing parent: sclab's own data folder) readable by this user only."""
    if not folder.parent.exists():
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)  # mkdir's mode is narrowed by the umask; ours is the folder's own


def recall(instrument: Instrument, *, folder: str | Path | None = None) -> RememberedAnswers | None:
    """The remembered answers for ``instrument``, or None if none are remembered.

    A damaged file, or one holding another instrument's answers, raises
    :class:`RememberedAnswersError` naming the file and the field; the file is left as it is.
    """
    path = memory_file(instrument.id, folder)
    if not path.exists():
        return None
    label = f"remembered answers file {path}"
    keep = "The file is kept; 'Forget my answers' deletes it."
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RememberedAnswersError(f"{label}: cannot be read as JSON ({exc}). {keep}") from None
    try:
        record = RememberedAnswers.model_validate(data)
    except ValidationError as exc:
        detail = describe_validation_error(label, exc).rstrip(".")
        raise RememberedAnswersError(f"{detail}. {keep}") from None
    if record.instrument != instrument.id:
        raise RememberedAnswersError(
            f"{label}: field 'instrument' is {record.instrument!r}, but this file is for "
            f"{instrument.id!r}; its answers are not used. {keep}"
        )
    try:
        _checked_answers(instrument, record.answers)
    except ValueError as exc:
        raise RememberedAnswersError(f"{label}: field 'answers': {exc}. {keep}") from None
    return record


def forget(instrument_id: str, *, folder: str | Path | None = None) -> bool:
    """Delete the instrument's remembered file (damaged or not); True if there was one."""
    path = memory_file(instrument_id, folder)
    if not (path.exists() or path.is_symlink()):
        return False
    path.unlink()
    return True


def remembered_text(record: RememberedAnswers | None, short_name: str, today: Date | None = None) -> str:
    """What is remembered for one instrument, in one sentence.

    >>> remembered_text(None, "SCPI")
    'Nothing is remembered for the SCPI on this computer.'
    """
    if record is None:
        return f"Nothing is remembered for the {short_name} on this computer."
    return (
        f"Remembered on this computer: {SOURCE_WORDS[record.source]} to the {short_name}, "
        f"from {date_text(record.date, today)}."
    )


def status_text(event: str, short_name: str) -> str:
    """The line after an action: ``'waiting'``, ``'stopped'``, ``'forgotten'``, ``'used'`` or ``'none'``."""
    texts = {
        "waiting": f"Your {short_name} answers will be remembered when you submit them.",
        "stopped": (
            "New answers will not be remembered. What is kept stays until you press Forget my answers."
        ),
        "forgotten": f"Done: your remembered {short_name} answers are deleted from this computer.",
        "none": f"There were no remembered {short_name} answers to delete.",
        "used": "Filled in and submitted. You can change any answer and submit again.",
    }
    return texts[event]


def date_text(day: Date, today: Date | None = None) -> str:
    """``'2 December'``, with the year when it is not this year's (``'2 December 2025'``)."""
    today = today or Date.today()
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def offer_text(day: Date, today: Date | None = None) -> str:
    """The label of the button that fills a questionnaire with remembered answers."""
    return f"Use my remembered answers from {date_text(day, today)}"
