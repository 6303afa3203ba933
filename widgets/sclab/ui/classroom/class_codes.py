"""``ClassCodes``: the instructor opens a class, shows its code, watches the counts and closes it.

A class code is made by sclab (too many to guess) and takes sends for a time window, up to a
cap (the class size). The panel shows the code large enough to project, when it closes, and how
many sends it took and refused (Refresh); Close now and Reopen end or restart its window. It
shows nothing about any one response.

>>> from sclab.classroom.store import ClassStore
>>> codes = ClassCodes(store=ClassStore("sqlite://"), class_size=25)
>>> codes.cap.value, codes.minutes.value
(25, 90)
>>> codes.open_class()
True
>>> codes.info.is_open(), codes.close_button.disabled, codes.reopen_button.disabled
(True, False, True)
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from sclab.classroom.class_status import class_status
from sclab.ui.classroom import UsesClassStore, class_code_field

if TYPE_CHECKING:
    from sclab.classroom.store import ClassInfo, ClassStore

__all__ = ["ClassCodes"]

_INTRO = (
    "<h3>Class codes</h3><p>Open a class to get a code for your students to type when they send "
    "their scores. It takes sends for the minutes you choose and up to the cap you set (your class "
    "size). A browser that has sent once is told so, but a student could send again from another "
    "browser or device: the cap limits how many sends the class takes in all.</p>"
)
_WRAP = {"flex_flow": "row wrap", "align_items": "center", "grid_gap": "4px 12px"}
_LABEL = {"description_width": "initial"}
_FAILED = object()


class ClassCodes(UsesClassStore, widgets.VBox):
    """Open a class (cap, minutes), show its code, Refresh its counts, Close now and Reopen.

    ``class_size``: the default cap; ``minutes``: the default window; ``store``: a
    :class:`~sclab.classroom.store.ClassStore` (default ``ClassStore()``, from ``$SCLAB_STORE_URL``).
    ``info`` is the store's latest :class:`~sclab.classroom.store.ClassInfo` for ``code.value``.
    """

    def __init__(
        self, *, class_size: int = 30, minutes: int = 90, store: ClassStore | None = None, **kwargs
    ) -> None:
        self._store = store
        self.info: ClassInfo | None = None
        self._state = ""
        self.cap = widgets.BoundedIntText(
            class_size, min=1, max=5000, description="Cap (most sends)", style=_LABEL,
            tooltip="The most sends the class takes in all: your class size", layout={"width": "13em"},
        )  # fmt: skip
        self.minutes = widgets.BoundedIntText(
            minutes, min=1, max=24 * 60, description="Open for (minutes)", style=_LABEL,
            tooltip="How long the class takes sends, from when you open it", layout={"width": "14em"},
        )  # fmt: skip
        self.open_button = self._button(
            "Open a class", "Make a new class code and start taking sends", "primary"
        )
        self.shown_code = widgets.HTML("")
        self.code = class_code_field("A class code you opened; type one to see it again")
        self.refresh_button = self._button("Refresh", "Read how many sends the class has taken and refused")
        self.close_button = self._button("Close now", "Stop taking sends for this class now", "warning")
        self.reopen_button = self._button("Reopen", "Take sends again, for the minutes and cap above")
        self.status = widgets.HTML("<p role='status'>No class open from this page yet.</p>")
        self.open_button.on_click(lambda _: self.open_class())
        self.refresh_button.on_click(lambda _: self.refresh())
        self.close_button.on_click(lambda _: self.close_class())
        self.reopen_button.on_click(lambda _: self.reopen_class())
        self.code.observe(lambda _: self.refresh(), names=["value"])
        self._enable()
        super().__init__(
            [
                widgets.HTML(_INTRO),
                widgets.HBox([self.cap, self.minutes, self.open_button], layout=_WRAP),
                self.shown_code,
                widgets.HBox(
                    [self.code, self.refresh_button, self.close_button, self.reopen_button], layout=_WRAP
                ),
                self.status,
            ],
            **kwargs,
        )

    @staticmethod
    def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
        return widgets.Button(
            description=label, tooltip=tooltip, button_style=style, layout={"width": "auto"}
        )

    # --- the actions ----------------------------------------------------------------------
    def open_class(self) -> bool:
        """Open a new class with the cap and minutes above; True if the store made one."""
        info = self._ask(lambda: self.store.open_class(cap=self.cap.value, minutes=self.minutes.value))
        if info is None:
            return False
        self._show(info)
        self.code.value = info.code  # its observer reads it back: one place that shows a class
        return True

    def refresh(self) -> None:
        """Read the class in the code box again (or say why there is nothing to show)."""
        code = self.code.value.strip()
        if not code:
            self.info = None
            self.shown_code.value = ""
            self._say("No class chosen.", "Open a class, or type a code you opened before.")
            return
        from sclab.classroom.store import check_class_code

        info = self._ask(lambda: self.store.class_info(check_class_code(code)), failed=_FAILED)
        if info is _FAILED:
            return
        if info is None:
            self.info = None
            self.shown_code.value = ""
            self._say("Unknown code.", f"No class has the code {code}: check it, or open a class.")
            return
        self._show(info)

    def close_class(self) -> None:
        """Stop the class taking sends now."""
        if self.info is not None:
            code = self.info.code
            info = self._ask(lambda: self.store.close_class(code))
            if info is not None:
                self._show(info)

    def reopen_class(self) -> None:
        """Take sends again for this code, for the minutes and cap above."""
        if self.info is not None:
            code, cap, minutes = self.info.code, self.cap.value, self.minutes.value
            info = self._ask(lambda: self.store.open_class(cap=cap, minutes=minutes, code=code))
            if info is not None:
                self._show(info)

    # --- showing --------------------------------------------------------------------------
    def _ask(self, call, failed=None):
        """``call()``, or ``failed`` after saying in one plain line why the store did not do it."""
        try:
            return call()
        except ValueError as exc:
            self._say("Not done.", str(exc))
        except Exception as exc:  # the store is unreachable: say so, never a traceback
            self._say("Not done.", f"the class results store could not be reached ({type(exc).__name__}).")
        return failed

    def _say(self, head: str, text: str) -> None:
        self.status.value = f"<p role='status'><strong>{escape(head)}</strong> {escape(text)}</p>"
        self._enable()

    def _show(self, info: ClassInfo) -> None:
        self.info = info
        self._state = (status := class_status(info)).state
        if info.cap is not None:
            self.cap.value = info.cap  # Reopen keeps the class's cap unless it is changed here
        self.shown_code.value = (
            "<p style='margin:0.3em 0'>Class code for your students "
            "<small>(click it to select it, then copy)</small>:</p>"
            "<p class='sclab-class-code' style='font:bold 2.6em/1.2 monospace;letter-spacing:0.06em;"
            f"user-select:all;overflow-wrap:anywhere;margin:0'>{escape(info.code)}</p>"
        )
        self.status.value = (
            f"<p role='status' aria-live='polite'><strong>{escape(status.headline)}</strong> "
            f"{escape(status.window)}<br>{escape(status.counts)}</p>"
        )
        self._enable()

    def _enable(self) -> None:
        state = None if self.info is None else self._state
        self.refresh_button.disabled = not self.code.value.strip()
        self.close_button.disabled = state not in ("open", "full")
        self.reopen_button.disabled = state not in ("full", "closed")
