"""Class-level computations for the instructor dashboards: no widgets, no plots.

What a student may send (scores only), how a class's totals sit against a simulated sample,
aggregate tables and CSV, and scoring an uploaded survey export with a clear message when the
file cannot be used.

>>> from sclab.measure.instrument import load_instrument
>>> inst = load_instrument("sc-practice")
>>> scores_to_send(inst, {"total": 3.25, "self_kindness": 3.0, "band": "moderate", "flags": ""})
{'self_kindness': 3.0, 'total': 3.25}
>>> shares([1.0, 2.0, 2.5, 2.9], [1.0, 2.0, 3.0])
[25.0, 75.0]
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sclab.classroom.store import ClassSummary
from sclab.measure.instrument import Instrument

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ScoredUpload",
    "aggregate_csv",
    "bin_edges",
    "csv_data_uri",
    "halves_rows",
    "score_upload",
    "scores_to_send",
    "shares",
    "subscale_rows",
]

#: Uploads larger than this are refused (a class export is a few kilobytes).
MAX_UPLOAD_BYTES = 5_000_000
_NOT_SENT = {"total_ci_low", "total_ci_high", "band", "n_answered", "status", "flags"}


def scores_to_send(instrument: Instrument, scores: Mapping[str, object]) -> dict[str, float]:
    """The scores a student may send to a class: subscales, halves and total, as finite numbers.

    Everything else (the band, the interval, flags, any item answer) is left out. Raises
    ValueError when the total is missing or not a number, since nothing useful could be sent.
    """
    from sclab.measure.scoring import score_columns

    allowed = [c for c in score_columns(instrument) if c not in _NOT_SENT]
    out: dict[str, float] = {}
    for name in allowed:
        if name not in scores:
            continue
        try:
            value = float(scores[name])  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            out[name] = value
    if "total" not in out:
        raise ValueError("scores must include a numeric total; submit the questionnaire completely first")
    return out


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


def _labels(instrument: Instrument) -> dict[str, str]:
    subscales = instrument.subscales
    return {s.id: getattr(s, "label", None) or s.id.replace("_", " ").capitalize() for s in subscales}


def subscale_rows(summary: ClassSummary, instrument: Instrument) -> list[list[str]]:
    """Rows ``[component, class mean, SD, n]`` for each subscale, in the instrument's order."""
    if summary.suppressed:
        return []
    stats = summary.stats.set_index("score")
    rows = []
    for sid, label in _labels(instrument).items():
        if sid in stats.index:
            r = stats.loc[sid]
            rows.append([label, f"{r['mean']:.2f}", f"{r['sd']:.2f}", str(int(r["n"]))])
    return rows


def halves_rows(summary: ClassSummary) -> list[list[str]]:
    """Rows for the compassionate and uncompassionate halves and the total (those present)."""
    if summary.suppressed:
        return []
    stats = summary.stats.set_index("score")
    names = {
        "compassionate": "Compassionate responding",
        "uncompassionate": "Uncompassionate responding (higher = more)",
        "total": "Total",
    }
    return [
        [label, f"{stats.loc[k, 'mean']:.2f}", f"{stats.loc[k, 'sd']:.2f}", str(int(stats.loc[k, "n"]))]
        for k, label in names.items()
        if k in stats.index
    ]


def aggregate_csv(summary: ClassSummary) -> str:
    """Aggregates only (one row per score: n, mean, SD) as CSV; empty while suppressed.

    The minimum and maximum are left out: each is one person's score.
    """
    if summary.suppressed:
        return ""
    frame = summary.to_frame()[["class_code", "instrument", "score", "n", "mean", "sd"]]
    return frame.to_csv(index=False, float_format="%.4f")


def csv_data_uri(text: str) -> str:
    """A ``data:`` URI for a CSV download link (works offline, no server round trip)."""
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


@dataclass(frozen=True)
class ScoredUpload:
    """A scored survey export: every row kept, flags included, and a class summary."""

    format: str
    table: pd.DataFrame  # every input column, then the scores (prefixed)
    scores: pd.DataFrame  # the scores only, one row per respondent
    flagged: pd.DataFrame  # ``row``, ``line``, ``status``, ``flags`` for rows that are not complete
    summary: pd.DataFrame  # score, n, mean, sd, min, max over scored rows
    notes: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.scores)


def score_upload(content: bytes, instrument: str, *, filename: str = "the file") -> ScoredUpload:
    """Read and score an uploaded export; ValueError with a plain message if it cannot be used."""
    from sclab.measure.survey_exports import read_responses

    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise ValueError(f"{filename}: the upload must be file bytes; got {type(content).__name__}")
    content = bytes(content)
    if not content.strip():
        raise ValueError(f"{filename} is empty: export the survey responses as CSV and upload that file")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(
            f"{filename} is {len(content) / 1e6:.1f} MB; uploads are limited to "
            f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB (a class export is usually a few kilobytes)"
        )
    if b"\x00" in content[:4096]:
        raise ValueError(
            f"{filename} is not a text CSV file (it looks binary, e.g. a spreadsheet); save it as CSV"
        )
    try:
        responses = read_responses(content, instrument)
        table = responses.scored_table()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{filename} is not readable text ({exc.reason}); save it as CSV (UTF-8)") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:  # the reader's message names the rule
        raise ValueError(f"{filename}: {exc}") from exc
    scores = responses.score()
    status = scores["status"].astype(str)
    bad = [i for i, s in enumerate(status) if s != "complete"]
    flagged = pd.DataFrame(
        {
            "row": [i + 1 for i in bad],
            "line": [responses.lines[i] for i in bad],
            "status": [status.iloc[i] for i in bad],
            "flags": [str(scores["flags"].iloc[i]) for i in bad],
        }
    )
    numeric = [c for c in scores.columns if c not in _NOT_SENT and pd.api.types.is_numeric_dtype(scores[c])]
    summary = scores[numeric].agg(["count", "mean", "std", "min", "max"]).T.reset_index()
    summary.columns = ["score", "n", "mean", "sd", "min", "max"]
    summary["n"] = summary["n"].astype(int)
    return ScoredUpload(responses.format, table, scores, flagged, summary, tuple(responses.notes))
