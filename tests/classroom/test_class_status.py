"""``class_status``: what the instructor's panel says about a class, and no count below five."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from sclab.classroom.class_status import class_status, clock

T0 = datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc)


@dataclass
class Info:  # the fields of the store's ClassInfo
    code: str = "K7QM-3WXP-9D"
    cap: int | None = 30
    opened_at: datetime = T0
    closes_at: datetime = T0 + timedelta(minutes=90)
    closed: bool = False
    sent: int = 0
    refused: int = 0

    def is_open(self, now=None):  # as the store's: a full class is still open
        now = now or datetime.now(timezone.utc)
        return not self.closed and self.opened_at <= now < self.closes_at


def test_an_open_class_says_until_when_and_how_long():
    s = class_status(Info(sent=12, refused=3), now=T0 + timedelta(minutes=30, seconds=10), tz=timezone.utc)
    assert s.state == "open" and s.headline == "Class K7QM-3WXP-9D is open."
    assert s.window == "It takes sends until 14:30 UTC, 60 minutes from now."
    assert s.counts == "Sent: 12 of 30 allowed. Refused: 3."


@pytest.mark.parametrize(
    ("sent", "cap", "shown"),
    [
        (0, None, "Sent: 0 (no cap)."),
        (1, None, "Sent: fewer than 5 (no cap)."),
        (4, 30, "Sent: fewer than 5 (cap 30)."),
        (2, 2, "Sent: fewer than 5 (cap 2)."),
        (5, None, "Sent: 5 (no cap)."),
        (5, 30, "Sent: 5 of 30 allowed."),
    ],
)
def test_the_count_of_sends_is_not_shown_below_five(sent, cap, shown):
    s = class_status(Info(sent=sent, cap=cap), now=T0, tz=timezone.utc)
    assert s.counts == f"{shown} Refused: 0."


def test_a_closed_an_ended_and_a_full_class_each_say_why():
    now = T0 + timedelta(minutes=10)
    closed = class_status(Info(closed=True), now=now, tz=timezone.utc)
    assert (
        closed.state == "closed"
        and closed.headline.endswith("is closed.")
        and "You closed it" in closed.window
    )
    ended = class_status(Info(), now=T0 + timedelta(minutes=95), tz=timezone.utc)
    assert "Its time window ended at 14:30 UTC" in ended.window
    full = class_status(Info(cap=2, sent=2, refused=1), now=now, tz=timezone.utc)
    assert full.state == "full" and full.headline == "Class K7QM-3WXP-9D is full."
    assert full.window.startswith(
        "It has taken as many sends as its cap allows (its window ends at 14:30 UTC"
    )
    assert full.counts.endswith("Refused: 1.")


def test_times_are_shown_in_the_zone_asked_for_with_the_day_when_not_today():
    paris = timezone(timedelta(hours=1), "CET")
    assert clock(T0, paris, now=T0) == "14:00 CET"
    assert clock(T0 + timedelta(days=1), timezone.utc, now=T0) == "2 Dec 2026, 13:00 UTC"
