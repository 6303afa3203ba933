"""``ClassSubmit``: opt in to send your scores, anonymously, to your class's results.

Nothing is sent unless the student ticks the consent box, types the class code and presses
Send. Only scores go (subscales, the two halves, the total): no answers, no name. The class
results store (SQLAlchemy) is opened only when something is sent.

>>> from sclab.classroom.store import ClassStore
>>> from sclab.ui import Questionnaire
>>> q = Questionnaire("sc-practice", seed=2)
>>> send = ClassSubmit(store=ClassStore("sqlite://")).follow(q)
>>> q.use_simulated_respondent(); q.submit()
>>> send.send()
False
>>> send.consent.value, send.code.value = True, "PSY101"
>>> send.send(), send.store.count("PSY101")
(True, 1)
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from sclab.classroom.aggregates import scores_to_send, sharing_terms
from sclab.measure.instrument import Instrument, load_instrument
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui.classroom import UsesClassStore, class_code_field

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sclab.classroom.store import ClassStore

__all__ = ["ClassSubmit"]

_NOTHING_SENT = "<p>Nothing has been sent.</p>"


class ClassSubmit(FollowsQuestionnaire, UsesClassStore, widgets.VBox):
    """A consent box, a class-code field and a Send button; one submission per page visit.

    ``store``: a :class:`~sclab.classroom.store.ClassStore` (default: ``ClassStore()``, which reads
    ``$SCLAB_STORE_URL``), opened only when something is sent. Feed it scores with
    :meth:`follow` (a Questionnaire of the same instrument) or :meth:`set_scores`.
    """

    def __init__(
        self, instrument: str | Instrument = "sc-practice", *, store: ClassStore | None = None, **kwargs
    ) -> None:
        self.instrument = load_instrument(instrument) if isinstance(instrument, str) else instrument
        self._store = store
        self.scores: dict[str, float] | None = None
        self.response_id: str | None = None
        self.consent = widgets.Checkbox(
            False,
            description="I agree to send my scores anonymously to my class's results",
            tooltip="Tick to allow sending your scores (not your answers or name) to the class",
            indent=False,
            layout={"width": "auto"},
        )
        self.code = class_code_field("The code your instructor gave you")
        self.send_button = widgets.Button(
            description="Send",
            button_style="primary",
            tooltip="Send your scores anonymously to the class code above",
        )
        self.send_button.on_click(lambda _: self.send())
        self.status = widgets.HTML(_NOTHING_SENT)
        for ctl in (self.consent, self.code):
            ctl.observe(self._on_change, names=["value"])
        row = widgets.HBox([self.code, self.send_button])
        super().__init__([widgets.HTML(self._intro()), self.consent, row, self.status], **kwargs)

    def _intro(self) -> str:
        return (
            "<h4>Share with your class (optional)</h4>"
            "<p>Your instructor can show the class's results as a whole. If you want to add yours, tick "
            "the box, type the class code your instructor gave you and press <strong>Send</strong>. "
            f"{escape(sharing_terms(self.instrument))} You can skip this; nothing is sent unless you "
            "press Send.</p>"
        )

    # --- feeding it ---------------------------------------------------------------------
    def refusal(self, instrument: Instrument) -> str | None:
        """It sends the scores of the instrument it was built for, and no other."""
        if instrument.id != self.instrument.id:
            return (
                f"it sends {self.instrument.id!r} scores; build ClassSubmit({instrument.id!r}) "
                "to send this questionnaire's scores"
            )
        return None

    def show_scores(self, instrument: Instrument, scores: Mapping[str, object] | None) -> None:
        """Hold the followed questionnaire's latest scores for Send (None once it is cleared)."""
        self.set_scores(scores)

    def set_scores(self, scores: Mapping[str, object] | None) -> None:
        """The scores that Send would send (``None``: nothing to send yet)."""
        self.scores = None if scores is None else scores_to_send(self.instrument, dict(scores))
        if self.response_id is None:
            ready = self.scores is not None
            self.status.value = (
                "<p>Your scores are ready to send if you wish. Nothing has been sent.</p>"
                if ready
                else _NOTHING_SENT
            )

    def _on_change(self, change) -> None:
        if self.response_id is None:
            self.status.value = _NOTHING_SENT

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
        from sclab.classroom.store import check_class_code

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
