"""What a class view may release from a class's responses (the rule against picking anyone out).

:func:`release` turns a class's scores, in the order they arrived, into the one summary a class
view, its CSV and the store's API may show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sclab.classroom.aggregates import MIN_RESPONSES, summarise

__all__ = ["ClassSummary", "release"]


@dataclass(frozen=True)
class ClassSummary:
    """What a class view may show: aggregates, and only from ``MIN_RESPONSES`` responses up."""

    class_code: str
    instrument: str | None
    n: int
    suppressed: bool
    message: str
    stats: pd.DataFrame = field(default_factory=pd.DataFrame)  # SUMMARY_COLUMNS: score, n, mean, sd, min, max
    totals: tuple[float, ...] = ()  # the class's totals, for a distribution plot (n >= MIN only)

    def to_frame(self) -> pd.DataFrame:
        """Aggregates only, for export: one row per score (empty while suppressed)."""
        out = self.stats.copy()
        out.insert(0, "class_code", self.class_code)
        out.insert(1, "instrument", self.instrument)
        return out


def release(class_code: str, instrument: str | None, scores: pd.DataFrame) -> ClassSummary:
    """The summary a class view may show of ``scores`` (one row per response, in arrival order)."""
    n = len(scores)
    if n == 0:
        return ClassSummary(class_code, instrument, 0, True, "No responses yet.")
    if n < MIN_RESPONSES:
        return ClassSummary(
            class_code,
            instrument,
            n,
            True,
            f"{n} response{'s' if n != 1 else ''} so far. Results appear from {MIN_RESPONSES} responses, "
            "so that no one's answers can be picked out.",
        )
    stats = summarise(scores)
    return ClassSummary(
        class_code,
        instrument,
        n,
        False,
        f"{n} responses.",
        stats,
        tuple(sorted(float(t) for t in scores["total"].dropna())),
    )
