"""``AnswerMemory``: remember a questionnaire's answers on this computer, by choice, and offer them later.

It follows one or more questionnaires (``AnswerMemory().follow(q)``, ``.follow(q2)``). For each
it shows what is remembered, a "Use my remembered answers from ..." button that fills the
questionnaire through its public :meth:`~sclab.ui.Questionnaire.set_answers` and submits it, a
"Remember my answers on this computer" checkbox (while ticked, each submission is written) and
"Forget my answers", which deletes the file. Files, their checks and the words are in
:mod:`sclab.lessons.answer_memory`.

Behind a served page (:func:`sclab.classroom.serving.served`) it shows one line saying that
remembering is only offered on your own computer, builds no controls, and reads and writes nothing.

It follows ``on_submit`` rather than the ``scores`` traitlet (see :mod:`sclab.ui._follower`): a
questionnaire publishes its scores before its answers, and here the answers are what is kept.

>>> from sclab.ui import Questionnaire
>>> memory = AnswerMemory().follow(Questionnaire("sc-practice"))
>>> list(memory.rows)
['sc-practice']
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from sclab.classroom.serving import served
from sclab.lessons.answer_memory import (
    INTRO,
    SERVED_NOTE,
    RememberedAnswers,
    forget,
    offer_text,
    recall,
    remember,
    remembered_source,
    remembered_text,
    source_kind,
    status_text,
)
from sclab.lessons.answers import OWN_ANSWERS

__all__ = ["AnswerMemory"]

#: Scoped to this widget: button labels wrap instead of being cut on a phone, the checkbox and its
#: label make one 44 px touch target with a 22 px box, and focus shows as a 3 px ring.
_STYLE = """<style>
.sclab-answer-memory { max-width: 100%; box-sizing: border-box; }
.sclab-answer-memory .widget-html-content { white-space: normal; overflow-wrap: anywhere; }
.sclab-answer-memory .widget-button {
  white-space: normal; overflow-wrap: anywhere; line-height: 1.3; padding: 6px 12px; text-align: left;
}
.sclab-answer-memory .widget-checkbox { width: auto; max-width: 100%; height: auto; }
.sclab-answer-memory .widget-checkbox label {
  display: flex; align-items: center; gap: 0.6em; min-height: 44px; height: auto; line-height: 1.4;
  white-space: normal; overflow-wrap: anywhere; cursor: pointer; padding-right: 0.6em;
}
.sclab-answer-memory .widget-checkbox input { flex: none; width: 22px; height: 22px; margin: 0 0 0 4px; }
.sclab-answer-memory .widget-button:focus-visible,
.sclab-answer-memory .widget-checkbox input:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
</style>"""
_TOUCH = {"width": "auto", "min_height": "44px", "height": "auto", "max_width": "100%"}
_ROW = {"flex_flow": "row wrap", "align_items": "center", "max_width": "100%"}


def _line(text: str, strong: str = "") -> str:
    lead = f"<strong>{escape(strong, quote=False)}</strong> " if strong else ""
    return f"<p style='margin:0.2em 0;max-width:48em'>{lead}{escape(text, quote=False)}</p>"


class _Remembered:
    """The controls and bookkeeping for one followed questionnaire (one instrument, one file)."""

    def __init__(self, questionnaire, folder: Path | None) -> None:
        self.questionnaire, self.instrument, self.folder = questionnaire, questionnaire.instrument, folder
        self.record: RememberedAnswers | None = None
        self._filled: RememberedAnswers | None = None  # what "Use my remembered answers" put in
        name = self.instrument.short_name
        self.status = widgets.HTML("")
        self.note = widgets.HTML("")
        self.use_button = widgets.Button(
            description="Use my remembered answers",
            tooltip=f"Fill in and submit the {name} with the answers kept on this computer",
            button_style="primary",
            layout=widgets.Layout(**_TOUCH),
        )
        self.remember_box = widgets.Checkbox(
            value=False,
            description="Remember my answers on this computer",
            tooltip=f"Keep your submitted {name} answers in a private file for later notebooks",
            indent=False,
            layout=widgets.Layout(**_TOUCH),
        )
        self.forget_button = widgets.Button(
            description="Forget my answers",
            tooltip=f"Delete the {name} answers kept on this computer",
            layout=widgets.Layout(**_TOUCH),
        )
        self.use_button.on_click(lambda _: self.use())
        self.forget_button.on_click(lambda _: self.forget())
        self.remember_box.observe(self._ticked, names=["value"])
        questionnaire.on_submit(lambda _frame: self._submitted())
        controls = widgets.HBox([self.remember_box, self.forget_button], layout=_ROW)
        self.box = widgets.VBox([self.status, self.use_button, controls, self.note])
        self.refresh()

    def refresh(self) -> None:
        """Read the file again and show what is remembered (or why it cannot be used)."""
        try:
            self.record = recall(self.instrument, folder=self.folder)
        except ValueError as exc:  # damaged or foreign: reported, and the file is kept
            self.record = None
            self.status.value = _line(str(exc), "Remembered answers not used.")
        else:
            self.status.value = _line(remembered_text(self.record, self.instrument.short_name))
        self.use_button.layout.display = "none" if self.record is None else None
        if self.record is not None:
            self.use_button.description = offer_text(self.record.date)

    def use(self) -> None:
        """Fill the questionnaire with the remembered answers and submit them."""
        if self.record is None:
            self.note.value = _line(remembered_text(None, self.instrument.short_name))
            return
        record = self.record
        try:
            self.questionnaire.set_answers(record.answers, source=remembered_source(record))
        except ValueError as exc:  # checked when read, so only if the questionnaire changed its rules
            self.note.value = _line(str(exc), "Not used.")
            return
        self._filled = record
        self.questionnaire.submit()
        self.note.value = _line(status_text("used", self.instrument.short_name))

    def remember_now(self) -> None:
        """Write the questionnaire's submitted answers, if there are any, and show the result."""
        frame = self.questionnaire.answers
        if frame is None:
            self.note.value = _line(status_text("waiting", self.instrument.short_name))
            return
        row = frame.iloc[0]
        answers = {it.number: int(row[self.instrument.item_id(it.number)]) for it in self.instrument.items}
        try:
            remember(self.instrument, answers, self._source(answers), folder=self.folder)
        except (OSError, ValueError) as exc:
            self.remember_box.value = False
            self.note.value = _line(str(exc), "Not remembered.")
            return
        self.note.value = ""
        self.refresh()

    def _source(self, answers: dict[int, int]) -> str:
        """Whose answers: remembered ones put back unchanged keep the source they were kept with."""
        filled = self._filled
        if filled is not None and self.questionnaire.source == OWN_ANSWERS and answers == filled.answers:
            return filled.source
        return source_kind(self.questionnaire.source)

    def forget(self) -> None:
        """Delete the file (damaged or not) and stop remembering."""
        self.remember_box.value = False
        try:
            existed = forget(self.instrument.id, folder=self.folder)
        except OSError as exc:
            self.note.value = _line(str(exc), "Not deleted.")
            return
        self.note.value = _line(status_text("forgotten" if existed else "none", self.instrument.short_name))
        self.refresh()

    def _ticked(self, change: dict) -> None:
        if change["new"]:
            self.remember_now()
        else:
            self.note.value = _line(status_text("stopped", self.instrument.short_name))

    def _submitted(self) -> None:
        if self.remember_box.value:
            self.remember_now()


class AnswerMemory(widgets.VBox):
    """Remember followed questionnaires' answers on this computer, if the student ticks the box.

    ``folder``: where the files go (default: :func:`sclab.lessons.answer_memory.memory_folder`).
    ``rows`` maps each followed instrument's id to its controls: ``status``, ``use_button``,
    ``remember_box``, ``forget_button`` and ``note``. ``offered`` is False behind a served page.
    """

    def __init__(self, *, folder: str | Path | None = None, **kwargs) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.offered = not served()
        self.rows: dict[str, _Remembered] = {}
        self.intro = widgets.HTML(_line(INTRO if self.offered else SERVED_NOTE))
        parts = [widgets.HTML(_STYLE, layout=widgets.Layout(display="none")), self.intro]
        super().__init__(parts if self.offered else [self.intro], **kwargs)
        self.add_class("sclab-answer-memory")

    def follow(self, questionnaire) -> AnswerMemory:
        """Offer remembering for ``questionnaire``; refuse at once a non-questionnaire or a repeat."""
        instrument = getattr(questionnaire, "instrument", None)
        if instrument is None or not all(
            callable(getattr(questionnaire, name, None)) for name in ("set_answers", "submit", "on_submit")
        ):
            raise ValueError(
                f"AnswerMemory.follow needs a sclab Questionnaire; got {type(questionnaire).__name__}"
            )
        if instrument.id in self.rows:
            raise ValueError(
                f"AnswerMemory already follows a {instrument.id!r} questionnaire: "
                "one remembered file per instrument"
            )
        if not self.offered:
            return self  # served: no controls, nothing read or written
        self.rows[instrument.id] = row = _Remembered(questionnaire, self.folder)
        heading = widgets.HTML(f"<h4 style='margin:0.6em 0 0.2em'>{escape(instrument.name)}</h4>")
        self.children = [*self.children, heading, row.box]
        return self

    def _row(self, instrument_id: str | None) -> _Remembered:
        if instrument_id is None and self.rows:
            return next(iter(self.rows.values()))
        if instrument_id not in self.rows:
            raise ValueError(
                f"no followed questionnaire for {instrument_id!r}; followed: {', '.join(self.rows)}"
            )
        return self.rows[instrument_id]

    def use_remembered(self, instrument_id: str | None = None) -> None:
        """Fill and submit a followed questionnaire (the first by default) with its remembered answers."""
        if self.offered:
            self._row(instrument_id).use()

    def remember(self, instrument_id: str | None = None) -> None:
        """Tick "Remember my answers" for a followed questionnaire (the first by default)."""
        if self.offered:
            self._row(instrument_id).remember_box.value = True

    def forget(self, instrument_id: str | None = None) -> None:
        """Delete the remembered answers of a followed questionnaire (the first by default)."""
        if self.offered:
            self._row(instrument_id).forget()
