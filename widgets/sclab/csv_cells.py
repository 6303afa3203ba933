"""CSV that a spreadsheet cannot run: cells and headers that could start a formula are neutralised.

Every CSV the project writes goes through :func:`to_csv`. Following OWASP's rule on CSV injection,
a text cell or header that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading apostrophe, so a spreadsheet shows it as text instead of evaluating it.

Numbers stay numbers. A number (a numeric column, or a number inside a mixed column) is never
text and is left alone, negative or not. A text cell that is exactly a plain number, such as the
answer ``"-3"`` kept as written in an export's text column, is left alone too: a spreadsheet reads
it as that number and nothing can run from it (no letters, brackets or operators after the sign).
Anything else that begins with one of those characters, ``"-3+A1"`` or ``"-"`` included, is prefixed.

>>> to_csv(pd.DataFrame({"name": ["=HYPERLINK(1)", "ok", "-3"], "x": [-1.5, 2, 0]}))
"name,x\\n'=HYPERLINK(1),-1.5\\nok,2.0\\n-3,0.0\\n"
"""

from __future__ import annotations

import csv
import re

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise", "safe_frame", "to_csv"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A plain decimal number with an optional sign and exponent: read by a spreadsheet as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """``value`` with a leading apostrophe if it is text that a spreadsheet would run.

    >>> neutralise("@SUM(A1:A9)"), neutralise("-2.5"), neutralise(-2.5), neutralise("a=b")
    ("'@SUM(A1:A9)", '-2.5', -2.5, 'a=b')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _safe_labels(labels: pd.Index) -> pd.Index:
    """Header or index labels as text, neutralised (a numeric label such as ``-1`` stays readable)."""
    if isinstance(labels, pd.MultiIndex):
        return pd.MultiIndex.from_tuples(
            [tuple(map(neutralise, t)) for t in labels], names=[neutralise(n) for n in labels.names]
        )
    return pd.Index(
        [c if c is None or isinstance(c, (int, float)) else neutralise(str(c)) for c in labels],
        name=neutralise(labels.name),
    )


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, headers and (text) index labels cannot start a formula."""
    out = frame.copy()
    out.columns = _safe_labels(out.columns)
    for i in range(out.shape[1]):  # by position: neutralised headers may repeat
        column = out.iloc[:, i]
        if not pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_datetime64_any_dtype(column):
            out.isetitem(i, column.astype(object).map(neutralise))
    if not pd.api.types.is_numeric_dtype(out.index):
        out.index = _safe_labels(out.index)
    return out


def _has_carriage_return(frame: pd.DataFrame) -> bool:
    """Whether any header, index label or text cell holds a carriage return."""
    labels = [*frame.columns, frame.index.name, *(frame.index if frame.index.dtype == object else ())]
    if any(isinstance(v, str) and "\r" in v for v in labels):
        return True
    text = frame.select_dtypes(include=["object", "string", "category"])
    return any(isinstance(v, str) and "\r" in v for v in text.to_numpy().ravel())


def to_csv(frame: pd.DataFrame, path_or_buf=None, **kwargs) -> str | None:
    """:meth:`pandas.DataFrame.to_csv` of :func:`safe_frame` (``index=False`` unless given).

    Python's CSV writer leaves a field holding a bare carriage return unquoted when lines end in
    ``\n``, and a spreadsheet may start a new row there, so ``"ok\r=1"`` would put ``=1`` at the start
    of a cell. When some text holds one, every text field is quoted (``csv.QUOTE_NONNUMERIC``).
    """
    kwargs.setdefault("index", False)
    safe = safe_frame(frame)
    ends = kwargs.get("lineterminator") or "\n"
    if "quoting" not in kwargs and "\r" not in ends and _has_carriage_return(safe):
        kwargs["quoting"] = csv.QUOTE_NONNUMERIC
    return safe.to_csv(path_or_buf, **kwargs)
