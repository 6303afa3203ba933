"""What a class may share and how its results are summed up: no widgets, no plots, no database.

The one list of what a student may send and the store may keep (:func:`score_names`: subscales,
halves and total, never a band, an interval, a flag or an item answer), the summary table of an
uploaded export (:data:`SUMMARY_COLUMNS`, :func:`summarise`: the instructor's own file), how a
class's totals sit against a simulated sample, and the class view's tables and CSV, which show
only what :func:`sclab.classroom.release.release` released (rounded means, no minimum or maximum).

>>> from sclab.measure.instrument import load_instrument
>>> inst = load_instrument("sc-practice")
>>> scores_to_send(inst, {"total": 3.25, "self_kindness": 3.0, "band": "moderate", "flags": ""})
{'self_kindness': 3.0, 'total': 3.25}
>>> shares([1.0, 2.0, 2.5, 2.9], [1.0, 2.0, 3.0])
[25.0, 75.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sclab.csv_cells import to_csv
from sclab.formatting import number

if TYPE_CHECKING:
    from sclab.classroom.release import ClassSummary
    from sclab.measure.instrument import Instrument

__all__ = [
    "EXPORT_COLUMNS",
    "MIN_RESPONSES",
    "SD_FROM",
    "SUMMARY_COLUMNS",
    "aggregate_csv",
    "bin_edges",
    "halves_rows",
    "is_score_column",
    "score_names",
    "scores_to_send",
    "sent_description",
    "shares",
    "sharing_terms",
    "subscale_rows",
    "summarise",
]

#: Class views show nothing below this many responses, and move only in steps of this many.
MIN_RESPONSES = 5
#: A class view shows a score's SD only from this many released responses (see sclab.classroom.release).
SD_FROM = 20
#: The summary of an uploaded export's scores (the instructor's own file): one row per score.
SUMMARY_COLUMNS = ("score", "n", "mean", "sd", "min", "max")
#: What a class's aggregate CSV holds: released rounded means and SDs; never a minimum or maximum,
#: as each is one person's score.
EXPORT_COLUMNS = ("class_code", "instrument", "score", "n", "mean", "sd")
#: Score columns that are about one person's answering, not scores: never sent, stored or summarised.
_NOT_SCORES = frozenset({"total_ci_low", "total_ci_high", "band", "n_answered", "status", "flags"})
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_HALVES = {
    "compassionate": "Compassionate responding",
    "uncompassionate": "Uncompassionate responding (higher = more)",
    "total": "Total",
}


def score_names(instrument: Instrument) -> list[str]:
    """The scores a student may send and the store keeps: subscales, halves (if any) and total."""
    from sclab.measure.scoring import score_columns

    return [c for c in score_columns(instrument) if c not in _NOT_SCORES]


def sent_description(instrument: Instrument) -> str:
    """In words, what :func:`scores_to_send` sends for ``instrument``.

    >>> from sclab.measure.instrument import load_instrument
    >>> sent_description(load_instrument("sc-practice"))
    'the six components, the two halves and the total'
    """
    names = score_names(instrument)
    parts = []
    k = len(instrument.subscales)
    if k:
        count = _WORDS[k] if k < len(_WORDS) else str(k)
        parts.append(f"the {count} component{'s' if k != 1 else ''}")
    if "compassionate" in names:
        parts.append("the two halves")
    return ", ".join(parts) + (" and the total" if parts else "the total")


def sharing_terms(instrument: Instrument) -> str:
    """What a student agrees to by sending: which scores go, and what the class view shows.

    >>> from sclab.measure.instrument import load_instrument
    >>> sharing_terms(load_instrument("scs-sf")).split(": ")[0]
    'Only your scores are sent (the six components, the two halves and the total)'
    """
    return (
        f"Only your scores are sent ({sent_description(instrument)}): not your answers, not your name. "
        f"The class view shows nothing until at least {_WORDS[MIN_RESPONSES]} people have sent, and "
        "only averages and a distribution."
    )


def scores_to_send(instrument: Instrument, scores: Mapping[str, object]) -> dict[str, float]:
    """The scores a student may send to a class: :func:`score_names`, as finite numbers.

    Everything else (the band, the interval, flags, any item answer) is left out. Raises
    ValueError when the total is missing or not a number, since nothing useful could be sent.
    """
    out: dict[str, float] = {}
    for name in score_names(instrument):
        try:
            value = float(scores[name])  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(value):
            out[name] = value
    if "total" not in out:
        raise ValueError("scores must include a numeric total; submit the questionnaire completely first")
    return out


def is_score_column(column: pd.Series) -> bool:
    """True for a numeric column that is a score (not a band, interval, flag, status or count)."""
    return column.name not in _NOT_SCORES and pd.api.types.is_numeric_dtype(column)


def summarise(scores: pd.DataFrame) -> pd.DataFrame:
    """:data:`SUMMARY_COLUMNS` for each numeric score column of ``scores`` (n counts non-missing).

    Columns that are not scores (band, interval, flags, status, answer counts) are left out.

    >>> summarise(pd.DataFrame({"total": [2.0, 4.0], "band": ["low", "high"]})).to_dict("records")
    [{'score': 'total', 'n': 2, 'mean': 3.0, 'sd': 1.4142135623730951, 'min': 2.0, 'max': 4.0}]
    """
    numeric = [c for c in scores.columns if is_score_column(scores[c])]
    table = scores[numeric].agg(["count", "mean", "std", "min", "max"]).T.reset_index()
    table.columns = list(SUMMARY_COLUMNS)
    table["n"] = table["n"].astype(int)
    return table


def bin_edges(lo: float, hi: float, bins: int = 16) -> np.ndarray:
    """Equal-width bin edges covering ``lo``..``hi`` (the instrument's score range)."""
    if not hi > lo or bins < 1:
        raise ValueError(f"bin range must have hi > lo and bins >= 1; got {lo}, {hi}, {bins}")
    return np.linspace(lo, hi, bins + 1)


def shares(values: Sequence[float], edges: Sequence[float]) -> list[float]:
    """Percent of ``values`` in each bin (right edge included in the last bin)."""
    values = np.asarray(values, dtype=float)
    counts, _ = np.histogram(values, bins=np.asarray(edges, dtype=float))
    return (100 * counts / max(len(values), 1)).tolist()


def _row(label: str, stats: pd.DataFrame, score: str, withheld: Mapping[str, int]) -> list[str]:
    if score in withheld:
        return [label, f"shown from {withheld[score]} responses", "", ""]
    r = stats.loc[score]
    sd = number(r["sd"], 1) if not math.isnan(r["sd"]) else f"from {SD_FROM}"
    return [label, number(r["mean"], 1), sd, str(int(r["n"]))]


def _rows(summary: ClassSummary, labels: Mapping[str, str]) -> list[list[str]]:
    if summary.suppressed:
        return []
    stats = summary.stats.set_index("score")
    shown = set(stats.index) | set(summary.withheld)
    return [_row(label, stats, k, summary.withheld) for k, label in labels.items() if k in shown]


def subscale_rows(summary: ClassSummary, instrument: Instrument) -> list[list[str]]:
    """Rows ``[component, class mean, SD, n]`` for each subscale, in the instrument's order.

    Means and SDs to one decimal, as released; an SD not yet released reads ``from 20``, and a
    component not yet released says from how many responses it is shown.
    """
    labels = {
        s.id: getattr(s, "label", None) or s.id.replace("_", " ").capitalize() for s in instrument.subscales
    }
    return _rows(summary, labels)


def halves_rows(summary: ClassSummary) -> list[list[str]]:
    """Rows for the compassionate and uncompassionate halves and the total (those present)."""
    return _rows(summary, _HALVES)


def aggregate_csv(summary: ClassSummary) -> str:
    """The released aggregates (:data:`EXPORT_COLUMNS`) as CSV through :func:`sclab.csv_cells.to_csv`.

    The same rule as the view: means and SDs to one decimal, an SD only from :data:`SD_FROM`
    responses (blank before), no minimum or maximum, only released scores; empty while suppressed.
    """
    if summary.suppressed:
        return ""
    return to_csv(summary.to_frame()[list(EXPORT_COLUMNS)], float_format="%.1f")
