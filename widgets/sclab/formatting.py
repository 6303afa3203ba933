"""How numbers are shown: one APA style for the whole course.

Statistics are computed unrounded; rounding happens only where a number is shown, through these.
Values that cannot pass 1 in size (r, p, proportions, alpha) are shown without a leading zero
(``.37``); others keep it (``0.52``). The minus sign is the ASCII hyphen, so copied text pastes
into any tool.

>>> p_value(0.0449)
'p = .045'
>>> p_value(0.0004)
'p < .001'
>>> with_ci("r", 0.372, 0.31, 0.43)
'r = .37, 95% CI [.31, .43]'
>>> with_ci("g", 0.52, 0.31, 0.731, bounded=False)
'g = 0.52, 95% CI [0.31, 0.73]'
"""

from __future__ import annotations

import math

__all__ = ["ci", "number", "p_value", "percent", "r_value", "with_ci"]


def number(value: float, digits: int = 2, *, bounded: bool = False) -> str:
    """``value`` to ``digits`` decimals; ``bounded`` drops the leading zero (for r, p, alpha).

    >>> number(-0.456, bounded=True), number(1.5), number(float("nan"))
    ('-.46', '1.50', 'n/a')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0.00"
    if bounded:
        text = text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text
    return text


def r_value(r: float, digits: int = 2) -> str:
    """A correlation (or another statistic bounded by 1) without its leading zero: ``.37``, ``-.05``."""
    return number(r, digits, bounded=True)


def p_value(p: float) -> str:
    """APA p: ``p = .045``, ``p < .001``, ``p > .999``; three decimals, no leading zero.

    >>> p_value(1.0), p_value(0.05)
    ('p > .999', 'p = .050')
    """
    if p is None or math.isnan(p):
        return "p = n/a"
    if p < 0.001:
        return "p < .001"
    if p > 0.999:
        return "p > .999"
    return f"p = {number(p, 3, bounded=True)}"


def ci(low: float, high: float, digits: int = 2, *, bounded: bool = True, level: float = 0.95) -> str:
    """A confidence interval: ``95% CI [.31, .43]``."""
    low_text, high_text = number(low, digits, bounded=bounded), number(high, digits, bounded=bounded)
    return f"{round(level * 100):d}% CI [{low_text}, {high_text}]"


def with_ci(
    symbol: str, value: float, low: float, high: float, digits: int = 2, *, bounded: bool = True
) -> str:
    """A statistic with its interval: ``r = .37, 95% CI [.31, .43]``; ``bounded=False`` for d, g, b."""
    return f"{symbol} = {number(value, digits, bounded=bounded)}, {ci(low, high, digits, bounded=bounded)}"


def percent(share: float, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage: ``54%``.

    >>> percent(0.538)
    '54%'
    """
    return f"{share * 100:.{digits}f}%"
