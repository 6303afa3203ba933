"""Checks of the numbers a user or a page hands in: whole numbers, seeds, probabilities.

One home for them, so every widget, model and statistic says the same thing about the same mistake,
and every seed box in the course takes the same range.

>>> whole_number(200, "n", 20, 2000, "of simulated people")
200
>>> whole_number(2.5, "n", 20, 2000, "of simulated people")
Traceback (most recent call last):
...
ValueError: n must be a whole number of simulated people from 20 to 2000; got 2.5
>>> seed(-1)
Traceback (most recent call last):
...
ValueError: seed must be a whole number from 0 to 2147483647; got -1
"""

from __future__ import annotations

import numbers

__all__ = ["MAX_SEED", "probability", "seed", "whole_number"]

#: Largest seed the course accepts, everywhere (numpy takes more; this keeps a seed box readable and
#: fits every library a seed is passed on to, pingouin's ``RandomState`` included).
MAX_SEED = 2**31 - 1


def _is_whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def whole_number(value, name: str, lo: int, hi: int | None = None, what: str = "") -> int:
    """``value`` as an int if it is a whole number from ``lo`` (to ``hi``), else a ValueError naming ``name``.

    ``what`` says what is counted (``"of simulated people"``). Booleans and floats are refused,
    even ``3.0``: a page that sends a float has a bug worth seeing.

    >>> whole_number(2, "n", 3)
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number, at least 3; got 2
    """
    if _is_whole(value) and value >= lo and (hi is None or value <= hi):
        return int(value)
    what = f" {what}" if what else ""
    rule = f"from {lo} to {hi}" if hi is not None else None
    if rule is None:
        raise ValueError(f"{name} must be a whole number{what}, at least {lo}; got {value!r}")
    raise ValueError(f"{name} must be a whole number{what} {rule}; got {value!r}")


def seed(value, name: str = "seed") -> int:
    """``value`` as an int if it is a valid seed (0 to :data:`MAX_SEED`), else a ValueError naming it."""
    return whole_number(value, name, 0, MAX_SEED)


def probability(value, name: str) -> float:
    """``value`` as a float strictly between 0 and 1, or a ValueError naming ``name``.

    >>> probability(0.05, "alpha")
    0.05
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise ValueError(f"{name} must be a number between 0 and 1 (exclusive); got {value!r}")
    return float(value)
