"""What the instructor's class-code panel says about one class: open or closed, until when, how many.

:func:`class_status` turns the store's :class:`~sclab.classroom.store.ClassInfo` into three plain
sentences. The count of sends follows the class views' rule: below ``MIN_RESPONSES`` it says
"fewer than 5", so that watching the count does not tell anyone when one student sent. Refused
sends are counted exactly (a refusal stores no scores).

>>> from datetime import datetime, timedelta, timezone
>>> from types import SimpleNamespace
>>> t0 = datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc)
>>> info = SimpleNamespace(code="K7QM-3WXP-9D", cap=30, opened_at=t0, closes_at=t0 + timedelta(minutes=90),
...                        closed=False, sent=12, refused=2, is_open=lambda now=None: True)
>>> s = class_status(info, now=t0 + timedelta(minutes=5), tz=timezone.utc)
>>> s.headline
'Class K7QM-3WXP-9D is open.'
>>> s.window
'It takes sends until 14:30 UTC, 85 minutes from now.'
>>> s.counts
'Sent: 12 of 30 allowed. Refused: 2.'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

from sclab.classroom.aggregates import MIN_RESPONSES

if TYPE_CHECKING:
    from sclab.classroom.store import ClassInfo

__all__ = ["ClassStatus", "class_status", "clock"]


@dataclass(frozen=True)
class ClassStatus:
    """Three sentences about one class, for the instructor: state, time window, counts.

    ``state``: "open" (taking sends), "full" (open, but it has taken ``cap`` sends) or "closed".
    """

    code: str
    state: str
    headline: str
    window: str
    counts: str


def clock(when: datetime, tz: tzinfo | None = None, *, now: datetime | None = None) -> str:
    """``14:05 UTC``, with the day in front (``1 Dec 2026, 14:05 UTC``) when it is not today."""
    local = when.astimezone(tz)
    today = (now or datetime.now(timezone.utc)).astimezone(tz).date()
    zone = local.tzname() or ""
    text = local.strftime("%H:%M") + (f" {zone}" if zone else "")
    if local.date() != today:
        text = f"{local.day} {local.strftime('%b %Y')}, {text}"
    return text


def _sent(sent: int, cap: int | None) -> str:
    limit = "no cap" if cap is None else f"cap {cap}"
    if 0 < sent < MIN_RESPONSES:
        return f"Sent: fewer than {MIN_RESPONSES} ({limit})."
    return f"Sent: {sent} of {cap} allowed." if cap is not None else f"Sent: {sent} (no cap)."


def _window(info: ClassInfo, now: datetime, tz: tzinfo | None, state: str) -> str:
    end = clock(info.closes_at, tz, now=now)
    minutes = math.ceil((info.closes_at - now).total_seconds() / 60)
    left = f"{end}, {minutes} minute{'s' if minutes != 1 else ''} from now"
    if state == "open":
        return f"It takes sends until {left}."
    if state == "full":
        return (
            f"It has taken as many sends as its cap allows (its window ends at {left}). "
            "Reopen it with a larger cap to take more."
        )
    if info.closed:
        return "You closed it: it takes no more sends. Reopen it to take more."
    return f"Its time window ended at {end}: it takes no more sends. Reopen it to take more."


def class_status(info: ClassInfo, *, now: datetime | None = None, tz: tzinfo | None = None) -> ClassStatus:
    """What to say about ``info`` at ``now`` (default: now), with times shown in ``tz`` (default: local)."""
    now = now or datetime.now(timezone.utc)
    state = "closed"
    if info.is_open(now):
        state = "full" if info.cap is not None and info.sent >= info.cap else "open"
    return ClassStatus(
        code=info.code,
        state=state,
        headline=f"Class {info.code} is {state}.",
        window=_window(info, now, tz, state),
        counts=f"{_sent(int(info.sent), info.cap)} Refused: {int(info.refused)}.",
    )
