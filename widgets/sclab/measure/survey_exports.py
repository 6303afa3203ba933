"""Reading survey exports (plain CSV, Qualtrics, Google Forms) into item answers.

>>> import io
>>> text = "Timestamp,Name?," + ",".join(f"SC_{i}" for i in range(1, 13)) + "\\n"
>>> text += "2026/11/02 10:00:00,x," + ",".join(["1 - Almost never"] * 12) + "\\n"
>>> r = read_responses(io.StringIO(text), "scs-sf")
>>> r.format, r.item_columns[0], float(r.score()["total"].iloc[0])
('google-forms', 'SC_1', 3.0)
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import pandas as pd

from sclab.measure.instrument import Instrument, load_instrument
from sclab.measure.item_columns import detect_pattern, resolve_columns

__all__ = ["Format", "Responses", "read_responses"]

Format = Literal["plain", "qualtrics", "google-forms"]

# First header of a Google Forms export, in the interface languages we have seen.
_FORMS_TIMESTAMP = {
    "timestamp",
    "marca temporal",
    "horodateur",
    "zeitstempel",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "tijdstempel",
}
_NUMBER_LABEL = re.compile(r"^\s*(\d+)\s*(?:[-=.:)]|\()?\s*(.*?)\s*\)?\s*$")


@dataclass
class Responses:
    """A survey export read for one instrument.

    ``table`` holds every respondent row with every column as text; ``answers`` the item columns
    (same names as in the file) with anchor labels turned into numbers; anything that could not
    be read stays as written, so scoring flags it rather than losing it.
    """

    instrument: Instrument
    table: pd.DataFrame
    answers: pd.DataFrame
    item_columns: list[str]
    format: Format
    lines: list[int]
    notes: list[str] = field(default_factory=list)

    def score(self, **kwargs) -> pd.DataFrame:
        """Score the answers with the instrument (keyword arguments go to ``Instrument.score``)."""
        mapping = {it.number: col for it, col in zip(self.instrument.items, self.item_columns, strict=True)}
        return self.instrument.score(self.answers, items=mapping, **kwargs)

    def scored_table(self) -> pd.DataFrame:
        """Every input row and column, in order, followed by the scores prefixed with the instrument key."""
        scores = self.score(prefix=f"{self.instrument.key}_")
        clash = [c for c in scores.columns if c in self.table.columns]
        if clash:
            raise ValueError(
                f"the file already has columns named {clash}; rename them so the scores can be added"
            )
        return pd.concat([self.table, scores], axis=1)

    def row_name(self, position: int) -> str:
        """``'row 3 (line 6)'``: a respondent's position among the rows and its line in the file."""
        return f"row {position + 1} (line {self.lines[position]})"


def _read_text(source: str | Path | bytes | IO) -> tuple[str, list[str]]:
    notes = []
    if isinstance(source, (str, Path)):
        raw = Path(source).read_bytes()
    elif isinstance(source, (bytes, bytearray, memoryview)):  # an upload's content
        raw = bytes(source)
    else:
        raw = source.read()
    if isinstance(raw, str):
        return raw.lstrip("\ufeff"), notes
    try:
        return raw.decode("utf-8-sig"), notes
    except UnicodeDecodeError:
        notes.append("the file is not UTF-8; it was read as Windows-1252 (Excel's default)")
        return raw.decode("cp1252", errors="replace"), notes


def _rows(text: str) -> tuple[list[str], list[list[str]], list[int], str]:
    if not text.strip():
        raise ValueError("the file is empty")
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows, lines = [], []
    start = 1
    try:
        for row in reader:
            if header is None:
                header = [h.strip() for h in row]
            elif any(cell.strip() for cell in row):
                if len(row) != len(header):
                    raise ValueError(
                        f"line {start} has {len(row)} fields but the header has {len(header)}; "
                        "the file is not a rectangular table (check the delimiter and quoting)"
                    )
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ValueError(
            f'line {start}: {exc}; look for an unclosed quote (") on or after that line'
        ) from None
    if not rows:
        raise ValueError("the file has a header but no answer rows")
    return header, rows, lines, delimiter


def _detect_format(header: list[str], rows: list[list[str]]) -> Format:
    if "ResponseId" in header or "ResponseID" in header or {"StartDate", "EndDate"} <= set(header):
        return "qualtrics"
    if any(cell.startswith('{"ImportId"') for cell in rows[0]):
        return "qualtrics"
    if header and header[0].strip().lower() in _FORMS_TIMESTAMP:
        return "google-forms"
    return "plain"


def _qualtrics_header_rows(header: list[str], rows: list[list[str]]) -> int:
    """How many leading rows are Qualtrics' question-text and import-id rows."""
    start = header.index("StartDate") if "StartDate" in header else None
    n = 0
    for row in rows[:2]:
        meta = any(cell.startswith('{"ImportId"') for cell in row)
        text_row = start is not None and not re.match(r"^\d", row[start].strip())
        if meta or text_row:
            n += 1
        else:
            break
    return n


def _dedupe(header: list[str]) -> tuple[list[str], list[str]]:
    counts = Counter(header)
    seen: Counter[str] = Counter()
    names, renamed = [], []
    for h in header:
        seen[h] += 1
        if counts[h] > 1 and seen[h] > 1:
            new = f"{h} ({seen[h]})"
            renamed.append(f"{h!r} -> {new!r}")
            names.append(new)
        else:
            names.append(h)
    return names, renamed


def _norm(s: str) -> str:
    return " ".join(s.replace("\u2013", "-").replace("\u2014", "-").lower().split())


def _label_map(instrument: Instrument, values: pd.Series) -> dict[str, float]:
    """Map each distinct answer that can be read unambiguously to its number."""
    resp = instrument.response
    by_label = {_norm(lbl): v for v, lbl in resp.anchors.items()}
    out: dict[str, float] = {}
    for raw in values.dropna().unique():
        s = str(raw).strip()
        if not s:
            continue
        n = _norm(s)
        m = _NUMBER_LABEL.match(s.replace("\u2013", "-").replace("\u2014", "-"))
        if n in by_label:
            out[raw] = float(by_label[n])
        elif m and (not m.group(2) or by_label.get(_norm(m.group(2))) == int(m.group(1))):
            out[raw] = float(m.group(1))
    return out


def _match_by_text(instrument: Instrument, columns: list[str]) -> dict[int, str] | None:
    """Google Forms grid columns ``Question [item text]`` or plain item-text headers."""
    if not instrument.administrable:
        return None
    wanted = {_norm(it.text): it.number for it in instrument.items}
    found: dict[int, str] = {}
    for col in columns:
        m = re.search(r"\[(.*)\]\s*$", col)
        key = _norm(m.group(1) if m else col)
        if key in wanted and wanted[key] not in found:
            found[wanted[key]] = col
    return found if len(found) == instrument.n_items else None


def read_responses(
    source: str | Path | bytes | IO,
    instrument: str | Instrument,
    *,
    items: str | Mapping[int, str] | None = None,
    format: Format | Literal["auto"] = "auto",
) -> Responses:
    """Read a survey export for one instrument.

    Parameters
    ----------
    source : a path, the bytes of an upload, or an open file.
    instrument : an instrument id or :class:`~sclab.measure.instrument.Instrument`.
    items : where the items are: a pattern with ``{n}`` (``"Q1_{n}"``), a mapping
        ``{number: column}``, or ``None`` to detect them (a numbered set of columns covering
        exactly the instrument's items, or, when the wording is known, headers holding it).
    format : ``plain``, ``qualtrics``, ``google-forms``, or ``auto`` to recognise it.

    Handles a UTF-8 byte-order mark, comma, semicolon or tab delimiters, Qualtrics' extra header
    rows and answers written as anchor labels (``Almost never``, ``1 - Almost never``).
    Raises ``ValueError`` with the reason when the file cannot be used.
    """
    inst = load_instrument(instrument) if isinstance(instrument, str) else instrument
    text, notes = _read_text(source)
    header, rows, lines, delimiter = _rows(text)
    if delimiter != ",":
        notes.append(f"delimiter {delimiter!r}")
    fmt: Format = _detect_format(header, rows) if format == "auto" else format
    if fmt == "qualtrics":
        rows, lines = _respondents_only(header, rows, lines, notes)
    names, renamed = _dedupe(header)
    table = pd.DataFrame(rows, columns=names, dtype="string")
    item_columns = _item_columns(inst, names, items, notes)
    repeated = Counter(header)
    dup_items = [c for c in item_columns if repeated[c] > 1]
    if dup_items:
        raise ValueError(
            f"column {dup_items[0]!r} appears more than once in the header; an item must have one "
            "column. Remove or rename the extra copies."
        )
    if renamed:
        notes.append("repeated column names renamed: " + ", ".join(renamed))
    answers = _numbered_answers(inst, table, item_columns, notes)
    return Responses(inst, table, answers, item_columns, fmt, lines, notes)


def _respondents_only(
    header: list[str], rows: list[list[str]], lines: list[int], notes: list[str]
) -> tuple[list[list[str]], list[int]]:
    """The rows and line numbers of a Qualtrics export without its question-text and import-id rows."""
    skip = _qualtrics_header_rows(header, rows)
    if skip:
        notes.append(f"{skip} Qualtrics header row(s) (question text, import ids) are not respondents")
        rows, lines = rows[skip:], lines[skip:]
    if not rows:
        raise ValueError("the Qualtrics export has header rows but no responses")
    return rows, lines


def _item_columns(
    inst: Instrument, names: list[str], items: str | Mapping[int, str] | None, notes: list[str]
) -> list[str]:
    """The column of each item: as ``items`` says, else a detected numbered set, else by wording."""
    if items is not None:
        return resolve_columns(inst, names, items)
    try:
        return resolve_columns(inst, names, detect_pattern(inst, names))
    except ValueError:
        by_text = _match_by_text(inst, names)
        if by_text is None:
            raise
        notes.append("item columns matched by their wording")
        return [by_text[it.number] for it in inst.items]


def _numbered_answers(
    inst: Instrument, table: pd.DataFrame, item_columns: list[str], notes: list[str]
) -> pd.DataFrame:
    """The item columns with anchor labels read as numbers; anything else stays as written."""
    answers = pd.DataFrame(index=table.index)
    converted = 0
    for col in item_columns:
        values = table[col]
        mapping = _label_map(inst, values)
        labels = [k for k in mapping if not re.fullmatch(r"\s*\d+(\.0*)?\s*", str(k))]
        converted += int(values.isin(labels).sum())
        answers[col] = values.map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v).astype(
            object
        )
    if converted:
        notes.append(f"{converted} answers given as anchor labels were read as numbers")
    return answers
