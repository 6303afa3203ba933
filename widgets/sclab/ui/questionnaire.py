"""``Questionnaire``: take an administrable instrument in a notebook or a Voila page.

It only builds and wires controls: the bookkeeping and the words are in :mod:`sclab.lessons.answers`.

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
from sclab.lessons.answers import (
    CHANGED_AFTER_SUBMIT,
    NOT_ANSWERED,
    OWN_ANSWERS,
    STAND_INS,
    AnswerSheet,
    answer_text,
    changed_source,
    instructions,
    not_administrable,
    persona_source,
    simulated_answers,
    simulated_source,
    submitted_text,
)
from sclab.lessons.personas import find_persona, load_personas
from sclab.measure.instrument import Instrument, load_instrument
from sclab.ui._controls import seed_box
from sclab.ui._item_choice import AnswerWords, ItemChoice

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Questionnaire"]

Mode = Literal["one_page", "item_by_item"]
_MODES, _CONTROLS = ("one_page", "item_by_item"), ("buttons", "radio")
#: A row of controls that wraps on a narrow screen instead of squeezing or cutting them.
_ROW = {"flex_flow": "row wrap", "align_items": "center", "max_width": "100%"}


def _button(description: str, tooltip: str, action: Callable[[], object], **kwargs) -> widgets.Button:
    """A text button that keeps its whole label (no squeezing) and is a 44 px touch target."""
    kwargs.setdefault("layout", widgets.Layout(width="auto", min_height="44px", height="auto"))
    button = widgets.Button(description=description, tooltip=tooltip, **kwargs)
    button.on_click(lambda _: action())
    return button


class Questionnaire(widgets.VBox):
    """Administer an instrument: one page or item by item, with a progress bar and Submit.

    Parameters: ``instrument`` (an id such as ``"sc-practice"`` or a loaded instrument that is
    administrable), ``mode`` (``"one_page"`` or ``"item_by_item"``; default from the course
    settings), ``control`` (``"buttons"`` or ``"radio"``), ``seed`` (the first seed offered for a
    simulated respondent).

    After a complete submission, ``answers`` holds a one-row DataFrame with the item ids as
    columns, ``scores`` the scores computed once with this instrument, ``source`` says whose
    answers they are, and every callback registered with :meth:`on_submit` is called with the
    frame. Views follow ``scores`` (see :mod:`sclab.ui._follower`).
    """

    answers = traitlets.Instance(pd.DataFrame, allow_none=True, default_value=None)
    #: One row of :meth:`Instrument.score` as a dict (subscales, halves, total, band, interval), or None.
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
            raise ValueError(not_administrable(inst))
        cfg = load_config()
        mode = mode or cfg.questionnaire_mode
        for name, value, valid in (("mode", mode, _MODES), ("control", control, _CONTROLS)):
            if value not in valid:
                raise ValueError(f"{name} must be {' or '.join(map(repr, valid))}; got {value!r}")
        self.instrument, self.mode = inst, mode
        self.sheet = AnswerSheet(inst)
        self.personas = load_personas(inst.id)
        self._callbacks = widgets.CallbackDispatcher()
        self._filling = False  # True while we set controls ourselves
        self._pending_source = OWN_ANSWERS
        self._build_items(control)
        self._build_navigation()
        self._build_actions()
        self._build_stand_ins(seed)
        super().__init__(self._parts(cfg.privacy_note), **kwargs)

    # --- building ----------------------------------------------------------------------
    def _build_items(self, control: str) -> None:
        """One :class:`ItemChoice` per item (one widget model each, all sharing one layout)."""
        scale = self.instrument.response
        options = [(scale.option_label(v), v) for v in scale.values]
        same = {"options": options, "answer_text": NOT_ANSWERED, "layout_kind": control}
        same["layout"] = widgets.Layout(width="100%")  # one layout model for all items
        self.controls: dict[int, ItemChoice] = {}
        for it in self.instrument.items:
            ctl = ItemChoice(number=it.number, text=it.text or "", **same)
            ctl.observe(self._on_answer(it.number), names=["value"])
            ctl.observe(self._on_refused, names=["refused"])
            ctl.on_onward(lambda n=it.number: self._move_on(n))
            self.controls[it.number] = ctl
        self.answer_labels = {n: AnswerWords(c) for n, c in self.controls.items()}

    def _build_navigation(self) -> None:
        """Item-by-item mode: Back, Next and where you are."""
        self._index = 0
        self.back_button = _button("Back", "Show the previous item", lambda: self.go_to(self._index - 1))
        self.next_button = _button("Next", "Show the next item", lambda: self.go_to(self._index + 1))
        self.position = widgets.Label("")
        self._item_area = widgets.VBox()
        self.go_to(0)

    def _build_actions(self) -> None:
        n, tip = self.instrument.n_items, "How many items you have answered"
        self.progress = widgets.IntProgress(value=0, min=0, max=n, description="Progress", tooltip=tip)
        self.progress_label = widgets.Label(self.sheet.progress_text())
        self.status = widgets.HTML("")
        tip = "Check that every item is answered and submit"
        self.submit_button = _button("Submit answers", tip, self.submit, button_style="primary")
        self.clear_button = _button("Clear all answers", "Start again with no answers", self.clear)

    def _build_stand_ins(self, seed: int) -> None:
        """Stand-ins for a student's own answers: a fictional persona or a simulated respondent."""
        self.persona_picker = widgets.Dropdown(
            options=[(p.name, p.id) for p in self.personas],
            value=self.personas[0].id if self.personas else None,
            description="Persona",
            tooltip="Choose a fictional persona whose answers to use",
            layout=widgets.Layout(width="28em", max_width="100%"),
        )
        self.persona_button = _button(
            "Use a fictional persona",
            "Fill every item with the chosen fictional persona's answers",
            lambda: self.use_persona(self.persona_picker.value),
        )
        self.seed_input = seed_box(
            seed,
            tooltip="The seed of the simulated respondent: the same seed gives the same answers",
            width="14em",
        )
        self.simulate_button = _button(
            "Use a simulated respondent",
            "Fill every item with random but coherent answers from the seed",
            lambda: self.use_simulated_respondent(self.seed_input.value),
        )
        self.source_label = widgets.Label("")

    def _parts(self, privacy_note: str) -> list[widgets.Widget]:
        inst = self.instrument
        stand_ins: list[widgets.Widget] = [widgets.HTML(f"<p>{escape(STAND_INS)}</p>")]
        if self.personas:
            stand_ins.append(widgets.HBox([self.persona_picker, self.persona_button], layout=_ROW))
        stand_ins += [widgets.HBox([self.seed_input, self.simulate_button], layout=_ROW), self.source_label]
        parts: list[widgets.Widget] = [
            widgets.HTML(f"<h2>{escape(inst.name)} ({escape(inst.short_name)})</h2>"),
            widgets.HTML(f"<p><strong>Privacy:</strong> {escape(privacy_note)}</p>"),
            widgets.HTML(f"<p>{escape(instructions(inst))}</p>"),
            widgets.VBox(stand_ins),
        ]
        if self.mode == "one_page":
            parts += list(self.controls.values())
        else:
            row = [self.back_button, self.next_button, self.position]
            parts += [self._item_area, widgets.HBox(row, layout=_ROW)]
        return [
            *parts,
            widgets.HBox([self.progress, self.progress_label], layout=_ROW),
            widgets.HBox([self.submit_button, self.clear_button], layout=_ROW),
            self.status,
        ]

    # --- wiring ------------------------------------------------------------------------
    def _on_answer(self, number: int) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            try:
                self.sheet.set(number, change["new"])
            except ValueError as exc:  # a value no control of ours offers: refuse it
                self._set_control(number, self.sheet.answers[number])
                self.status.value = f"<p><strong>Not accepted:</strong> {escape(str(exc))}</p>"
                return
            self.controls[number].answer_text = answer_text(self.instrument, self.sheet.answers[number])
            if not self._filling:
                source = changed_source(self._pending_source)
                if source != self._pending_source:
                    self._pending_source = source
                    self.source_label.value = f"Using: {source}"
                if self.answers is not None:
                    self.status.value = f"<p>{escape(CHANGED_AFTER_SUBMIT)}</p>"
            self._refresh_progress()

        return handler

    def _on_refused(self, change: dict) -> None:
        """A page sent a value that is no answer: its control refused it; say so."""
        if change["new"]:
            self.status.value = f"<p><strong>Not accepted:</strong> {escape(change['new'])}</p>"

    def _move_on(self, number: int) -> None:
        """Item by item: a number key answered the item on show, so show the next one, with focus."""
        if self.mode == "item_by_item" and self._index == number - 1 < len(self.controls) - 1:
            self.controls[number].autofocus = False
            self.controls[number + 1].autofocus = True
            self.go_to(number)

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
        self.source_label.value, self.status.value = (f"Using: {source}" if source != OWN_ANSWERS else ""), ""
        self._refresh_progress()

    # --- actions (also callable from code) -----------------------------------------------
    def go_to(self, index: int) -> None:
        """Item-by-item mode: show item ``index`` (0-based), clamped to the first and last."""
        if self.mode != "item_by_item":
            return
        n = len(self.controls)
        self._index = max(0, min(int(index), n - 1))
        self._item_area.children = [self.controls[self._index + 1]]
        self.back_button.disabled = self._index == 0
        self.next_button.disabled = self._index == n - 1
        self.position.value = f"Item {self._index + 1} of {n}"

    def use_persona(self, persona_id: str | None = None) -> None:
        """Fill every item with a fictional persona's answers (the first persona by default)."""
        persona = find_persona(self.personas, persona_id, self.instrument.id)
        self._fill(persona.answers, persona_source(persona.name))
        self.source_label.value = f"Using: {persona_source(persona.name)}. {persona.description}"

    def use_simulated_respondent(self, seed: int | None = None) -> None:
        """Fill every item with a simulated respondent's answers from ``seed`` (default: the seed box)."""
        seed = self.seed_input.value if seed is None else seed
        answers = simulated_answers(self.instrument, seed)  # validates the seed
        self._fill(answers, simulated_source(seed))

    def set_answers(self, answers: Mapping[int | str, int | None], *, source: str | None = None) -> None:
        """Set answers by item number or id, all checked first; ``source``: whose (default: your own)."""
        self.sheet.fill({**self.sheet.answers, **answers})  # checks all first: a bad one changes nothing
        self._fill(dict(self.sheet.answers), source or OWN_ANSWERS)

    def clear(self) -> None:
        """Remove every answer and the last result."""
        self._fill({}, OWN_ANSWERS)
        self.scores, self.answers, self.source = None, None, ""

    def submit(self) -> None:
        """Submit if every item is answered; otherwise name the unanswered items."""
        if not self.sheet.complete:
            missing = escape(self.sheet.missing_message())
            self.status.value = f"<p><strong>Not submitted yet.</strong> {missing}</p>"
            if self.mode == "item_by_item":
                self.go_to(self.sheet.missing[0] - 1)
            return
        frame = self.sheet.to_frame()
        self.source = self._pending_source
        self.scores = self.instrument.score(frame).iloc[0].to_dict()
        self.answers = frame
        self.status.value = f"<p><strong>Submitted.</strong> {escape(submitted_text(self.instrument))}</p>"
        self._callbacks(frame)

    def on_submit(self, callback: Callable[[pd.DataFrame], object], remove: bool = False) -> None:
        """Call ``callback(frame)`` after each complete submission (``remove=True`` unregisters it)."""
        self._callbacks.register_callback(callback, remove=remove)
