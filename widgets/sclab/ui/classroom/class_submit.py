"""``ClassSubmit``: opt in to send your scores, anonymously, to your class's results.

Nothing is sent unless the student ticks the consent box, types the class code and presses
Send. Only scores go (subscales, the two halves, the total): no answers, no name. The class
results store (SQLAlchemy) is opened only when something is sent.

One send per browser and class, as far as an anonymous page can tell: the widget keeps a random
sender token in the browser (:class:`~sclab.ui._browser_memory.BrowserMemory`) and sends it with
the scores, so the store refuses a second send from the same browser; and it remembers, per class
code, the day this browser sent (never the scores), so a reloaded page says so and Send stays off.
Another browser or device can still send again: the class's cap limits the total.

>>> from sclab.classroom.store import ClassStore
>>> from sclab.ui import Questionnaire
>>> store = ClassStore("sqlite://")
>>> code = store.open_class(cap=30).code
>>> q = Questionnaire("sc-practice", seed=2)
>>> send = ClassSubmit(store=store).follow(q)
>>> q.use_simulated_respondent(); q.submit()
>>> send.send()
False
>>> send.consent.value, send.code.value = True, code
>>> send.send(), store.class_info(code).sent
(True, 1)
>>> sorted(send.memory.value["sent"]) == [code]
True
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from sclab.classroom.aggregates import scores_to_send, sharing_terms
from sclab.classroom.codes import normalise_class_code
from sclab.measure.instrument import Instrument, load_instrument
from sclab.ui._browser_memory import BrowserMemory
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui.classroom import UsesClassStore, class_code_field

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sclab.classroom.store import ClassStore

__all__ = ["ClassSubmit"]

_NOTHING_SENT = "<p>Nothing has been sent.</p>"
_READY = "<p>Your scores are ready to send if you wish. Nothing has been sent.</p>"
_NOT_KEPT = (
    "<p><small>This browser keeps nothing for this page (a private window, or storage switched off), "
    "so after a reload it cannot tell you that you sent.</small></p>"
)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_KEPT_CODES = 50  # the most class codes one browser remembers having sent to
_REFUSED = {
    "repeat": "You already sent your scores to class {code} from this browser.",
    "full": "Class {code} is full: it has taken as many sends as your instructor allowed.",
    # the same words for a code never opened and a closed class: a page does not say which codes exist
    "closed": "Class {code} is not taking sends now: check the code, or ask your instructor if it is open.",
    "unknown": "Class {code} is not taking sends now: check the code, or ask your instructor if it is open.",
}


class ClassSubmit(FollowsQuestionnaire, UsesClassStore, widgets.VBox):
    """A consent box, a class-code field and a Send button; one send per browser and class.

    ``store``: a :class:`~sclab.classroom.store.ClassStore` (default: ``ClassStore()``, which reads
    ``$SCLAB_STORE_URL``), opened only when something is sent. Feed it scores with
    :meth:`follow` (a Questionnaire of the same instrument) or :meth:`set_scores`. ``memory``
    (drawn invisibly with the widget) keeps the sender token and the codes sent to in the browser.
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
        self.memory = BrowserMemory("class-submit")
        self.memory_note = widgets.HTML("")
        for ctl in (self.consent, self.code):
            ctl.observe(self._on_change, names=["value"])
        self.memory.observe(self._on_memory, names=["value", "available"])
        row = widgets.HBox([self.code, self.send_button], layout={"flex_flow": "row wrap"})
        children = [
            widgets.HTML(self._intro()),
            self.consent,
            row,
            self.status,
            self.memory_note,
            self.memory,
        ]
        super().__init__(children, **kwargs)

    def _intro(self) -> str:
        return (
            "<h3>Share with your class (optional)</h3>"
            "<p>Your instructor can show the class's results as a whole. If you want to add yours, tick "
            "the box, type the class code your instructor gave you and press <strong>Send</strong>. "
            f"{escape(sharing_terms(self.instrument))} You can skip this; nothing is sent unless you "
            "press Send.</p><p><small>Each browser sends once to a class; another browser or device "
            "could send again, so the class's cap limits how many sends it takes in all.</small></p>"
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
        self._check_code()

    def _on_change(self, change) -> None:
        self._check_code()

    # --- what this browser remembers ------------------------------------------------------
    def _on_memory(self, change) -> None:
        self.memory_note.value = "" if self.memory.available is not False else _NOT_KEPT
        if self.memory.available and not self._kept_sender():
            self.memory.put("sender", secrets.token_urlsafe(18))  # made once, kept by the browser
        self._check_code()

    def _kept_sender(self) -> str | None:
        token = self.memory.get("sender")
        return token if isinstance(token, str) and _TOKEN.match(token) else None

    def _sender(self) -> str:
        """This browser's random sender token (made now if the browser has not given one)."""
        token = self._kept_sender()
        if token is None:
            token = secrets.token_urlsafe(18)
            self.memory.put("sender", token)
        return token

    def _sent_codes(self) -> dict[str, str]:
        """Class code -> the day this browser sent to it, as far as the browser's word can be used."""
        kept = self.memory.get("sent")
        if not isinstance(kept, dict):
            return {}
        good = {k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, str) and len(v) <= 10}
        return dict(list(good.items())[-_KEPT_CODES:])

    def _remember(self, code: str) -> None:
        sent = {k: v for k, v in self._sent_codes().items() if k != code}
        sent[code] = datetime.now(timezone.utc).date().isoformat()  # the day only: no time, no scores
        self.memory.put("sent", dict(list(sent.items())[-_KEPT_CODES:]))

    def _check_code(self) -> None:
        """Say so, and keep Send off, when this browser has sent to the typed code before."""
        if self.response_id is not None:
            return
        code = normalise_class_code(self.code.value)
        sent_before = bool(code) and code in self._sent_codes()
        self.send_button.disabled = sent_before
        if sent_before:
            self._say("Already sent.", _REFUSED["repeat"].format(code=code))
        else:
            self.status.value = _READY if self.scores is not None else _NOTHING_SENT

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
        code = normalise_class_code(self.code.value)
        if code in self._sent_codes():
            self.send_button.disabled = True
            return self._say("Already sent.", _REFUSED["repeat"].format(code=code))
        from sclab.classroom.store import SubmissionRefused, check_class_code

        try:
            check_class_code(code)
        except ValueError as exc:
            return self._say("Not sent.", str(exc))
        try:
            self.response_id = self.store.submit(code, self.instrument.id, self.scores, sender=self._sender())
        except SubmissionRefused as exc:
            return self._refused(code, exc)
        except ValueError as exc:
            return self._say("Not sent.", str(exc))
        except Exception as exc:  # the store is unreachable or broken: say so, do not show a traceback
            reason = f"the class results store could not be reached ({type(exc).__name__})."
            return self._say("Not sent.", reason)
        self._remember(code)
        self.send_button.disabled = True
        self.consent.disabled = self.code.disabled = True
        self.status.value = (
            f"<p role='status'><strong>Sent. Thank you.</strong> Your scores were added anonymously to "
            f"class {escape(code)}. Your answers and your name were not sent; this browser keeps only the "
            "day you sent, not your scores.</p>"
        )
        return True

    def _refused(self, code: str, exc: Exception) -> bool:
        """Say in plain words why the store refused the send (a repeat is remembered here too)."""
        reason = getattr(exc, "reason", "")
        if reason == "repeat":
            self._remember(code)
            self.send_button.disabled = True
            return self._say("Already sent.", _REFUSED["repeat"].format(code=code))
        return self._say("Not sent.", _REFUSED.get(reason, "{message}").format(code=code, message=exc))
