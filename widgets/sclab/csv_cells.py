"""CSV that a spreadsheet cannot run: cells and headers that could start a formula are neutralised.

Every CSV the project writes goes through :func:`to_csv`. Following OWASP's rule on CSV injection,
a text cell or header that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading apostrophe, so a spreadsheet shows it as text instead of evaluating it. Numbers stay
numbers (a negative number is not text and is left alone).

>>> to_csv(pd.DataFrame({"name": ["=HYPERLINK(1)", "ok"], "x": [-1.5, 2]}))
"name,x\\n'=HYPERLINK(1),-1.5\\nok,2.0\\n"
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise", "safe_frame", "to_csv"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a leading apostrophe if it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers cannot start a formula."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):
            out[c] = out[c].map(neutralise)
    return out


def to_csv(frame: pd.DataFrame, path_or_buf=None, **kwargs) -> str | None:
    """:meth:`pandas.DataFrame.to_csv` of :func:`safe_frame` (``index=False`` unless given)."""
    kwargs.setdefault("index", False)
    return safe_frame(frame).to_csv(path_or_buf, **kwargs)
