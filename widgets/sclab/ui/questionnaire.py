"""``Questionnaire``: take an administrable instrument in a notebook or a Voila page.

The widget only builds controls and wires them; the bookkeeping (what is answered, what is
missing, the answers frame) lives in :class:`sclab.lessons.answers.AnswerSheet`.

>>> q = Questionnaire("sc-practice", seed=3)
>>> q.sheet.progress_text()
'0 of 24 answered'
>>> q.use_simulated_respondent()
>>> q.submit()
>>> q.answers.shape, q.source
((1, 24), 'simulated respondent, seed 3')
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Literal

import ipywidgets as widgets
import pandas as pd
import traitlets

from sclab.config import load_config
from sclab.lessons.answers import AnswerSheet, simulated_answers
from sclab.lessons.personas import load_personas
from sclab.measure.instrument import Instrument, load_instrument
from sclab.validation import MAX_SEED

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Questionnaire"]

Mode = Literal["one_page", "item_by_item"]
_CHANGED = ", with answers changed by you"
_NO_ANSWER = "Not answered yet"


def _not_administrable(inst: Instrument) -> str:
    return (
        f"{inst.short_name} ({inst.id}) cannot be given here: its published item wording is not "
        "included in sclab, because it is not ours to share. An instructor who holds a licence for "
        "the wording can add it: run `sclab wording-dir` to see the folder, and put a wording file "
        f"named {inst.id}.yaml there (the README explains the format). Practice instruments such as "
        "sc-practice work straight away."
    )


class Questionnaire(widgets.VBox):
    """Administer an instrument: one page or item by item, with a progress bar and Submit.

    Parameters: ``instrument`` (an id such as ``"sc-practice"`` or a loaded instrument that is
    administrable), ``mode`` (``"one_page"`` or ``"item_by_item"``; default from the course
    settings), ``control`` (``"buttons"`` or ``"radio"``), ``seed`` (the first seed offered for a
    simulated respondent).

    After a complete submission, ``answers`` (also ``result``) holds a one-row DataFrame with
    the item ids as columns, ``source`` says whose answers they are, and every callback
    registered with :meth:`on_submit` is called with the frame. Observe ``answers`` to react.
    """

    answers = traitlets.Instance(pd.DataFrame, allow_none=True, default_value=None)
    #: The scores of the last submission, computed once with this questionnaire's own instrument
    #: (one row of :meth:`Instrument.score` as a dict: subscales, halves, total, band, interval),
    #: or None. Views follow this (see :mod:`sclab.ui._follower`), never re-scoring the answers.
    scores = traitlets.Dict(allow_none=True, default_value=None)
    source = traitlets.Unicode("")

    def __init__(
        self,
        instrument: str | Instrument = "sc-practice",
        *,
        mode: Mode | None = None,
        control: Literal["buttons", "radio"] = "buttons",
        seed: int = 1,
        **kwargs,
    ) -> None:
        inst = load_instrument(instrument) if isinstance(instrument, str) else instrument
        if not inst.administrable:
            raise ValueError(_not_administrable(inst))
        cfg = load_config()
        mode = mode or cfg.questionnaire_mode
        if mode not in ("one_page", "item_by_item"):
            raise ValueError(f"mode must be 'one_page' or 'item_by_item'; got {mode!r}")
        if control not in ("buttons", "radio"):
            raise ValueError(f"control must be 'buttons' or 'radio'; got {control!r}")
        self.instrument, self.mode = inst, mode
        self.sheet = AnswerSheet(inst)
        self.personas = load_personas(inst.id)
        self._callbacks = widgets.CallbackDispatcher()
        self._filling = False  # True while we set controls ourselves
        self._own_source = "your own answers"
        self._pending_source = self._own_source

        title = widgets.HTML(f"<h3>{escape(inst.name)} ({escape(inst.short_name)})</h3>")
        privacy = widgets.HTML(f"<p><strong>Privacy:</strong> {escape(cfg.privacy_note)}</p>")
        scale = inst.response
        anchors = ", ".join(f"{v} = {scale.label(v)}" for v in scale.values)
        how = widgets.HTML(
            f"<p>For each statement, choose how often it is true for you ({escape(anchors)}). "
            "There are no right or wrong answers. Use Tab to move between controls and Space or "
            "Enter to choose.</p>"
        )

        options = [(f"{v} {scale.label(v)}" if scale.label(v) != str(v) else str(v), v) for v in scale.values]
        self.controls: dict[int, widgets.ToggleButtons | widgets.RadioButtons] = {}
        self._item_boxes: list[widgets.VBox] = []
        self.answer_labels: dict[int, widgets.Label] = {}  # the choice in words, not only in shading
        for it in inst.items:
            label = widgets.HTML(f"<p><strong>{it.number}.</strong> {escape(it.text or '')}</p>")
            tip = f"Item {it.number} of {inst.n_items}: {it.text}"
            if control == "buttons":
                ctl = widgets.ToggleButtons(
                    options=options,
                    value=None,
                    tooltip=tip,
                    tooltips=[o[0] for o in options],
                    style={"button_width": "9em"},
                )
            else:
                ctl = widgets.RadioButtons(options=options, value=None, tooltip=tip)
            ctl.observe(self._on_answer(it.number), names=["value"])
            self.controls[it.number] = ctl
            self.answer_labels[it.number] = widgets.Label(_NO_ANSWER)
            box = widgets.VBox(
                [label, ctl, self.answer_labels[it.number]], layout=widgets.Layout(margin="0 0 0.8em 0")
            )
            self._item_boxes.append(box)

        self.progress = widgets.IntProgress(
            value=0,
            min=0,
            max=inst.n_items,
            description="Progress",
            tooltip="How many items you have answered",
        )
        self.progress_label = widgets.Label(self.sheet.progress_text())
        self.status = widgets.HTML("")

        # Item-by-item navigation
        self._index = 0
        self.back_button = widgets.Button(description="Back", tooltip="Show the previous item")
        self.next_button = widgets.Button(description="Next", tooltip="Show the next item")
        self.position = widgets.Label("")
        self.back_button.on_click(lambda _: self.go_to(self._index - 1))
        self.next_button.on_click(lambda _: self.go_to(self._index + 1))
        self._item_area = widgets.VBox()

        self.submit_button = widgets.Button(
            description="Submit answers",
            button_style="primary",
            tooltip="Check that every item is answered and submit",
        )
        self.submit_button.on_click(lambda _: self.submit())
        self.clear_button = widgets.Button(
            description="Clear all answers", tooltip="Start again with no answers"
        )
        self.clear_button.on_click(lambda _: self.clear())

        # Stand-ins for a student's own answers
        self.persona_picker = widgets.Dropdown(
            options=[(p.name, p.id) for p in self.personas],
            value=self.personas[0].id if self.personas else None,
            description="Persona",
            tooltip="Choose a fictional persona whose answers to use",
            layout=widgets.Layout(width="28em"),
        )
        self.persona_button = widgets.Button(
            description="Use a fictional persona",
            tooltip="Fill every item with the chosen fictional persona's answers",
            layout=widgets.Layout(width="auto"),
        )
        self.persona_button.on_click(lambda _: self.use_persona(self.persona_picker.value))
        self.seed_input = widgets.BoundedIntText(
            value=seed,
            min=0,
            max=MAX_SEED,
            description="Seed",
            tooltip="The seed of the simulated respondent: the same seed gives the same answers",
            layout=widgets.Layout(width="14em"),
        )
        self.simulate_button = widgets.Button(
            description="Use a simulated respondent",
            tooltip="Fill every item with random but coherent answers from the seed",
            layout=widgets.Layout(width="auto"),
        )
        self.simulate_button.on_click(lambda _: self.use_simulated_respondent(self.seed_input.value))
        self.source_label = widgets.Label("")
        standins = [
            widgets.HTML(
                "<p>Prefer not to use your own answers? Any of these is fine, and you can change "
                "answers afterwards.</p>"
            )
        ]
        if self.personas:
            standins.append(widgets.HBox([self.persona_picker, self.persona_button]))
        standins += [widgets.HBox([self.seed_input, self.simulate_button]), self.source_label]

        parts: list[widgets.Widget] = [title, privacy, how, widgets.VBox(standins)]
        if mode == "one_page":
            parts += self._item_boxes
        else:
            parts += [self._item_area, widgets.HBox([self.back_button, self.next_button, self.position])]
            self.go_to(0)
        parts += [
            widgets.HBox([self.progress, self.progress_label]),
            widgets.HBox([self.submit_button, self.clear_button]),
            self.status,
        ]
        super().__init__(parts, **kwargs)

    # --- wiring ------------------------------------------------------------------------
    def _on_answer(self, number: int) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            try:
                self.sheet.set(number, change["new"])
            except ValueError as exc:  # a value no control of ours offers: refuse it
                self._set_control(number, self.sheet.answers[number])
                self.status.value = f"<p><strong>Not accepted:</strong> {escape(str(exc))}</p>"
                return
            value = self.sheet.answers[number]
            words = "" if value is None else self.instrument.response.label(value)
            self.answer_labels[number].value = (
                _NO_ANSWER
                if value is None
                else f"Your answer: {value}" + (f" ({words})" if words != str(value) else "")
            )
            if not self._filling:
                source = self._pending_source
                if source != self._own_source and not source.endswith(_CHANGED):
                    self._pending_source = source + _CHANGED
                    self.source_label.value = f"Using: {self._pending_source}"
                if self.answers is not None:
                    self.status.value = (
                        "<p>You changed an answer after submitting; submit again to update.</p>"
                    )
            self._refresh_progress()

        return handler

    def _set_control(self, number: int, value: int | None) -> None:
        was, self._filling = self._filling, True
        try:
            self.controls[number].value = value
        finally:
            self._filling = was

    def _refresh_progress(self) -> None:
        self.progress.value = len(self.sheet.answered)
        self.progress_label.value = self.sheet.progress_text()

    def _fill(self, answers: Mapping[int, int | None], source: str) -> None:
        self.sheet.fill(answers)
        for number, value in self.sheet.answers.items():
            self._set_control(number, value)
        self._pending_source = source
        self.source_label.value = f"Using: {source}" if source != self._own_source else ""
        self.status.value = ""
        self._refresh_progress()

    # --- actions (also callable from code) -----------------------------------------------
    def go_to(self, index: int) -> None:
        """Item-by-item mode: show item ``index`` (0-based), clamped to the first and last."""
        if self.mode != "item_by_item":
            return
        self._index = max(0, min(int(index), len(self._item_boxes) - 1))
        self._item_area.children = [self._item_boxes[self._index]]
        self.back_button.disabled = self._index == 0
        self.next_button.disabled = self._index == len(self._item_boxes) - 1
        self.position.value = f"Item {self._index + 1} of {len(self._item_boxes)}"

    def use_persona(self, persona_id: str | None = None) -> None:
        """Fill every item with a fictional persona's answers (the first persona by default)."""
        by_id = {p.id: p for p in self.personas}
        if not by_id:
            raise ValueError(f"no fictional personas are written for {self.instrument.id}")
        persona = by_id.get(persona_id or self.personas[0].id)
        if persona is None:
            raise ValueError(f"unknown persona {persona_id!r}; valid: {', '.join(by_id)}")
        self._fill(persona.answers, f"fictional persona {persona.name}")
        self.source_label.value = f"Using: fictional persona {persona.name}. {persona.description}"

    def use_simulated_respondent(self, seed: int | None = None) -> None:
        """Fill every item with a simulated respondent's answers from ``seed`` (default: the seed box)."""
        seed = self.seed_input.value if seed is None else seed
        answers = simulated_answers(self.instrument, seed)  # validates the seed
        self._fill(answers, f"simulated respondent, seed {seed}")

    def set_answers(self, answers: Mapping[int | str, int | None]) -> None:
        """Set answers from code, by item number or id; all are checked before any is applied."""
        current = dict(self.sheet.answers)
        probe = AnswerSheet(self.instrument)
        probe.fill({**current, **answers})
        self._fill(probe.answers, self._own_source)

    def clear(self) -> None:
        """Remove every answer and the last result."""
        self._fill({}, self._own_source)
        self.scores, self.answers, self.source = None, None, ""

    def submit(self) -> None:
        """Submit if every item is answered; otherwise name the unanswered items."""
        if not self.sheet.complete:
            self.status.value = (
                f"<p><strong>Not submitted yet.</strong> {escape(self.sheet.missing_message())}</p>"
            )
            if self.mode == "item_by_item":
                self.go_to(self.sheet.missing[0] - 1)
            return
        frame = self.sheet.to_frame()
        self.source = self._pending_source
        self.scores = self.instrument.score(frame).iloc[0].to_dict()
        self.answers = frame
        self.status.value = (
            f"<p><strong>Submitted.</strong> All {self.instrument.n_items} items are answered. Thank you.</p>"
        )
        self._callbacks(frame)

    def on_submit(self, callback: Callable[[pd.DataFrame], object], remove: bool = False) -> None:
        """Call ``callback(frame)`` after each complete submission (``remove=True`` unregisters it)."""
        self._callbacks.register_callback(callback, remove=remove)

    @property
    def result(self) -> pd.DataFrame | None:
        """The submitted answers (one row, item ids as columns), or ``None`` before a submission."""
        return self.answers
