"""A student's score as an explorer takes it: which instruments a view can follow, the refusal
when it cannot, and the checks on a score handed in directly.

>>> total_of({"total": 3.25})
3.25
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

__all__ = ["instruments_measuring", "measure_refusal", "scale_score", "total_of"]


def instruments_measuring(measures: str) -> list[str]:
    """Ids of the shipped instruments a student can take that measure ``measures`` (for messages).

    >>> instruments_measuring("compassion for others")
    ['co-practice']
    """
    from sclab.measure.instrument import list_instruments

    return [i.id for i in list_instruments() if i.measures == measures and i.administrable]


def measure_refusal(instrument, measures: Sequence[str]) -> str | None:
    """Why a view that shows ``measures`` scores cannot use ``instrument`` (None if it can).

    >>> from sclab.measure.instrument import load_instrument
    >>> measure_refusal(load_instrument("co-practice"), ["self-compassion"])
    "it shows self-compassion scores (e.g. 'sc-practice'); 'co-practice' measures compassion for others"
    """
    if instrument.measures in measures:
        return None
    examples = ", ".join(repr(i) for m in measures for i in instruments_measuring(m))
    return (
        f"it shows {' or '.join(measures)} scores (e.g. {examples}); {instrument.id!r} measures "
        f"{instrument.measures}"
    )


def scale_score(value, name: str, lo: float, hi: float) -> float | None:
    """``value`` as a float if it is a finite number from ``lo`` to ``hi`` (or None), else a ValueError.

    >>> scale_score(3, "your score", 1, 5), scale_score(None, "your score", 1, 5)
    (3.0, None)
    >>> scale_score(6, "your score", 1, 5)
    Traceback (most recent call last):
    ...
    ValueError: your score must lie on the 1-5 scale; got 6
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number on the {lo}-{hi} scale, or None; got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie on the {lo}-{hi} scale; got {value!r}")
    return float(value)


def total_of(scores) -> float | None:
    """The total in a questionnaire's ``scores`` (a row of :meth:`Instrument.score`), or None if none.

    >>> total_of({"total": 3.25}), total_of({"total": float("nan")}), total_of(None)
    (3.25, None, None)
    """
    if scores is None:
        return None
    total = float(scores["total"])
    return total if math.isfinite(total) else None
