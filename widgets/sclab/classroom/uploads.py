"""Scoring an uploaded survey export: every row kept, flagged rows listed, a plain message if unusable.

>>> header = ",".join(f"Q{i}" for i in range(1, 13))
>>> r = score_upload((header + "\\n" + ",".join(["3"] * 12) + "\\n").encode(), "scs-sf")
>>> r.n, float(r.scores["total"].iloc[0]), len(r.flagged)
(1, 3.0, 0)

Names and text that come from the file are shown through :func:`shown_text`, which removes the
characters that can make a name read differently on screen from what it is:

>>> shown_text("scores\u202evsc.exe")
'scoresvsc.exe'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sclab.classroom.aggregates import summarise
from sclab.formatting import number

__all__ = ["BIDI_CONTROLS", "MAX_UPLOAD_BYTES", "ScoredUpload", "score_upload", "shown_text"]

#: Uploads larger than this are refused, in the browser before any byte is sent and here again (a
#: class export is a few kilobytes). The one upload limit: the server's websocket limit is set from it.
MAX_UPLOAD_BYTES = 5_000_000

#: Bidirectional controls (embeddings, overrides, isolates and marks): in a file name they can make
#: ``scores\u202evsc.exe`` show on screen as ``scoresexe.csv``.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SHOWN = str.maketrans(
    {**dict.fromkeys(map(ord, BIDI_CONTROLS)), **dict.fromkeys([*range(32), *range(127, 160)], " ")}
)


def shown_text(text: str) -> str:
    """``text`` as it may be shown: bidirectional controls removed, other control characters as spaces."""
    return str(text).translate(_SHOWN)


@dataclass(frozen=True)
class ScoredUpload:
    """A scored survey export: every row kept, flags included, and a class summary."""

    format: str
    table: pd.DataFrame  # every input column, then the scores (prefixed)
    scores: pd.DataFrame  # the scores only, one row per respondent
    flagged: pd.DataFrame  # ``row``, ``line``, ``status``, ``flags`` for rows that are not complete
    summary: pd.DataFrame  # SUMMARY_COLUMNS (score, n, mean, sd, min, max) over scored rows
    notes: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.scores)


def _check_bytes(content: object, filename: str) -> bytes:
    """The upload as bytes, or ValueError saying why it cannot be a CSV export."""
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise ValueError(f"{filename}: the upload must be file bytes; got {type(content).__name__}")
    content = bytes(content)
    if not content.strip():
        raise ValueError(f"{filename} is empty: export the survey responses as CSV and upload that file")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(
            f"{filename} is {number(len(content) / 1e6, 1)} MB; uploads are limited to "
            f"{number(MAX_UPLOAD_BYTES / 1e6, 0)} MB (a class export is usually a few kilobytes)"
        )
    if b"\x00" in content[:4096]:
        raise ValueError(
            f"{filename} is not a text CSV file (it looks binary, e.g. a spreadsheet); save it as CSV"
        )
    return content


def _flagged(scores: pd.DataFrame, lines: list[int]) -> pd.DataFrame:
    """One row for each respondent whose row is not complete: its number, line, status and flags."""
    status = scores["status"].astype(str)
    bad = [i for i, s in enumerate(status) if s != "complete"]
    return pd.DataFrame(
        {
            "row": [i + 1 for i in bad],
            "line": [lines[i] for i in bad],
            "status": [status.iloc[i] for i in bad],
            "flags": [str(scores["flags"].iloc[i]) for i in bad],
        }
    )


def score_upload(content: bytes, instrument: str, *, filename: str = "the file") -> ScoredUpload:
    """Read and score an uploaded export; ValueError with a plain message if it cannot be used."""
    from sclab.measure.survey_exports import read_responses

    filename = shown_text(filename)
    content = _check_bytes(content, filename)
    try:
        responses = read_responses(content, instrument)
        table = responses.scored_table()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{filename} is not readable text ({exc.reason}); save it as CSV (UTF-8)") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:  # the reader's message names the rule
        raise ValueError(f"{filename}: {shown_text(exc)}") from exc
    scores = responses.score()
    return ScoredUpload(
        responses.format,
        table,
        scores,
        _flagged(scores, responses.lines),
        summarise(scores),
        tuple(responses.notes),
    )
