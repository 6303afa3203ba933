"""``ClassSubmit``: opt in to send your scores, anonymously, to your class's results.

Nothing is sent unless the student ticks the consent box, types the class code and presses
Send. Only scores go (subscales, the two halves, the total): no answers, no name.

>>> from sclab.classroom.store import ClassStore
>>> from sclab.ui import Questionnaire
>>> q = Questionnaire("sc-practice", seed=2)
>>> send = ClassSubmit(store=ClassStore("sqlite://")).connect(q)
>>> q.use_simulated_respondent(); q.submit()
>>> send.send()
False
>>> send.consent.value, send.code.value = True, "PSY101"
>>> send.send(), send.store.count("PSY101")
(True, 1)
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from sclab.classroom.aggregates import scores_to_send
from sclab.classroom.store import ClassStore, check_class_code
from sclab.measure.instrument import Instrument, load_instrument

__all__ = ["ClassSubmit"]

_WIDE = {"description_width": "initial"}


class ClassSubmit(widgets.VBox):
    """A consent box, a class-code field and a Send button; one submission per page visit.

    ``store``: a :class:`~sclab.classroom.store.ClassStore` (default: ``ClassStore()``, which reads
    ``$SCLAB_STORE_URL``), opened only when something is sent. Feed it scores with
    :meth:`connect` (a Questionnaire) or :meth:`set_scores`.
    """

    def __init__(
        self, instrument: str | Instrument = "sc-practice", *, store: ClassStore | None = None, **kwargs
    ) -> None:
        self.instrument = load_instrument(instrument) if isinstance(instrument, str) else instrument
        self._store = store
        self.scores: dict[str, float] | None = None
        self.response_id: str | None = None

        intro = widgets.HTML(
            "<h4>Share with your class (optional)</h4>"
            "<p>Your instructor can show the class's results as a whole. If you want to add yours, tick "
            "the box, type the class code your instructor gave you and press <strong>Send</strong>. "
            "Only your scores are sent (the six components, the two halves and the total): not your "
            "answers, not your name. The class view shows nothing until at least five people have "
            "sent, and only averages and a distribution. You can skip this; nothing is sent unless you "
            "press Send.</p>"
        )
        self.consent = widgets.Checkbox(
            value=False,
            description="I agree to send my scores anonymously to my class's results",
            tooltip="Tick to allow sending your scores (not your answers or name) to the class",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.code = widgets.Text(
            value="",
            placeholder="e.g. PSY101-A",
            continuous_update=False,  # one update on Enter or leaving the field, before any click
            description="Class code",
            tooltip="The code your instructor gave you: 3-32 letters, digits, '-' or '_'",
            style=_WIDE,
        )
        self.send_button = widgets.Button(
            description="Send",
            button_style="primary",
            tooltip="Send your scores anonymously to the class code above",
        )
        self.send_button.on_click(lambda _: self.send())
        self.status = widgets.HTML("<p>Nothing has been sent.</p>")
        for ctl in (self.consent, self.code):
            ctl.observe(self._on_change, names=["value"])
        super().__init__(
            [intro, self.consent, widgets.HBox([self.code, self.send_button]), self.status], **kwargs
        )

    @property
    def store(self) -> ClassStore:
        if self._store is None:
            self._store = ClassStore()
        return self._store

    # --- feeding it ---------------------------------------------------------------------
    def connect(self, questionnaire) -> ClassSubmit:
        """Take the scores from each submission of ``questionnaire``; returns self."""

        def update(change):
            if change["new"] is not None:
                self.set_scores(self.instrument.score(change["new"]).iloc[0])

        questionnaire.observe(update, names=["answers"])
        if questionnaire.answers is not None:  # already submitted before connecting
            update({"new": questionnaire.answers})
        return self

    def set_scores(self, scores: pd.Series | dict | None) -> None:
        """The scores that Send would send (``None``: nothing to send yet)."""
        self.scores = None if scores is None else scores_to_send(self.instrument, dict(scores))
        if self.response_id is None:
            self.status.value = "<p>Your scores are ready to send if you wish. Nothing has been sent.</p>"

    def _on_change(self, change) -> None:
        if self.response_id is None:
            self.status.value = "<p>Nothing has been sent.</p>"

    # --- the action ---------------------------------------------------------------------
    def _say(self, head: str, text: str) -> bool:
        self.status.value = f"<p role='status'><strong>{escape(head)}</strong> {escape(text)}</p>"
        return False

    def send(self) -> bool:
        """Send once, if consent is given, the code is valid and there are scores; True if sent."""
        if self.response_id is not None:
            return self._say("Already sent.", "Your scores were sent from this page; it sends only once.")
        if not self.consent.value:
            return self._say("Not sent.", "Tick the box first if you want to send your scores.")
        if self.scores is None:
            return self._say("Not sent.", "Answer every item and press Submit answers first.")
        code = self.code.value.strip()
        try:
            check_class_code(code)
        except ValueError as exc:
            return self._say("Not sent.", str(exc))
        try:
            self.response_id = self.store.submit(code, self.instrument.id, self.scores)
        except ValueError as exc:
            return self._say("Not sent.", str(exc))
        except Exception as exc:  # the store is unreachable or broken: say so, do not show a traceback
            reason = f"the class results store could not be reached ({type(exc).__name__})."
            return self._say("Not sent.", reason)
        self.send_button.disabled = True
        self.consent.disabled = self.code.disabled = True
        self.status.value = (
            f"<p role='status'><strong>Sent. Thank you.</strong> Your scores were added anonymously to "
            f"class {escape(code)}. Your answers and your name were not sent.</p>"
        )
        return True
