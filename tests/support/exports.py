"""Survey-export files for the reader and CLI tests, all built from one answer matrix.

The same eight SCS respondents are written as a plain CSV, a Qualtrics export and a Google
Forms export, so a test can check that every format gives the same scores. ``expected_scores``
scores the matrix from the published key (Neff 2003) without using the package.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable

import numpy as np

N_ITEMS = 26
N_ROWS = 8
SEED = 20261102

# Neff (2003): subscale -> item numbers; the three negative subscales are reversed (6 - x) for the total.
KEY = {
    "self_kindness": (5, 12, 19, 23, 26),
    "self_judgment": (1, 8, 11, 16, 21),
    "common_humanity": (3, 7, 10, 15),
    "isolation": (4, 13, 18, 25),
    "mindfulness": (9, 14, 17, 22),
    "over_identification": (2, 6, 20, 24),
}
REVERSED = {"self_judgment", "isolation", "over_identification"}

# Rows (0-based) with a problem, and what is wrong with them.
MISSING_ROW, OUT_OF_RANGE_ROW, NOT_A_NUMBER_ROW, TOO_FEW_ROW = 2, 3, 4, 5
FLAGGED_ROWS = {
    MISSING_ROW: "missing",
    OUT_OF_RANGE_ROW: "out of range",
    NOT_A_NUMBER_ROW: "not a number",
    TOO_FEW_ROW: "mindfulness not scored",
}


def answer_matrix() -> list[list[str]]:
    """8 respondents x 26 items as the text a file holds: ``'1'`` .. ``'5'`` plus four bad rows."""
    rng = np.random.default_rng(SEED)
    cells = [[str(v) for v in row] for row in rng.integers(1, 6, size=(N_ROWS, N_ITEMS))]
    cells[MISSING_ROW][7 - 1] = ""  # item 7 left blank
    cells[OUT_OF_RANGE_ROW][12 - 1] = "7"  # item 12 outside 1-5
    cells[NOT_A_NUMBER_ROW][9 - 1] = "often"  # item 9 typed as a word
    for n in (9, 14, 17):  # mindfulness keeps only item 22: 1 of 4, fewer than half
        cells[TOO_FEW_ROW][n - 1] = ""
    return cells


def expected_scores(cells: list[str]) -> dict[str, float | str | None]:
    """Score one row by the published key: subscale means of valid answers (at least half of the
    subscale's items), total = mean of the six keyed subscale means when all six are scored."""
    answers = {n: int(c) for n, c in enumerate(cells, start=1) if c.isdigit() and 1 <= int(c) <= 5}
    out: dict[str, float | str | None] = {}
    keyed_means = []
    for name, items in KEY.items():
        given = [answers[n] for n in items if n in answers]
        if len(given) < math.ceil(len(items) / 2):
            out[name] = math.nan
            continue
        out[name] = sum(given) / len(given)
        keyed_means.append(sum(6 - a if name in REVERSED else a for a in given) / len(given))
    total = sum(keyed_means) / 6 if len(keyed_means) == 6 else math.nan
    out["total"] = total
    if math.isnan(total):
        out["band"] = None
    else:
        out["band"] = "low" if total < 2.5 else "moderate" if total <= 3.5 else "high"
    out["n_answered"] = len(answers)
    return out


def canonical_flags(flags: Iterable[object], item_columns: list[str]) -> list[str]:
    """Flags with the file's own item column names written as ``item N``, so formats compare."""
    names = sorted(item_columns, key=len, reverse=True)  # scs_12 before scs_1
    pattern = re.compile("|".join(re.escape(c) for c in names) + r"(?=[=,;]|$)")
    number = {c: i for i, c in enumerate(item_columns, start=1)}
    return [pattern.sub(lambda m: f"item {number[m.group(0)]}", str(f)) for f in flags]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


# --- plain ---------------------------------------------------------------------------------

PLAIN_ITEMS = [f"scs_{n}" for n in range(1, N_ITEMS + 1)]


def plain_rows(matrix: list[list[str]]) -> list[list[str]]:
    return [["id", *PLAIN_ITEMS]] + [[f"P{i + 1:02d}", *row] for i, row in enumerate(matrix)]


def plain_csv(matrix: list[list[str]], delimiter: str = ",") -> str:
    """``id, scs_1 .. scs_26``, one respondent per line."""
    return _csv(plain_rows(matrix), delimiter)


# --- Qualtrics -----------------------------------------------------------------------------

QUALTRICS_ITEMS = [f"Q1_{n}" for n in range(1, N_ITEMS + 1)]
QUALTRICS_META = [
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "RecipientLastName",
    "LocationLatitude",
    "DistributionChannel",
    "UserLanguage",
]
# Question text as Qualtrics writes it: commas, quotes, and a line break inside the cell.
QUALTRICS_STEM = 'How I typically act towards myself in difficult times, "honestly" -\nstatement {n}'
QUALTRICS_COMMENT = 'Anything else you\'d like to tell us, e.g. about "stress", workload, sleep?'


def qualtrics_rows(matrix: list[list[str]]) -> list[list[str]]:
    header = [*QUALTRICS_META, *QUALTRICS_ITEMS, "Q2"]
    text = [
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Response ID",
        "Recipient Last Name",
        "Location Latitude",
        "Distribution Channel",
        "User Language",
        *(QUALTRICS_STEM.format(n=n) for n in range(1, N_ITEMS + 1)),
        QUALTRICS_COMMENT,
    ]
    ids = [
        '{"ImportId":"startDate","timeZone":"America/Denver"}',
        '{"ImportId":"endDate","timeZone":"America/Denver"}',
        '{"ImportId":"status"}',
        '{"ImportId":"ipAddress"}',
        '{"ImportId":"progress"}',
        '{"ImportId":"duration"}',
        '{"ImportId":"finished"}',
        '{"ImportId":"recordedDate","timeZone":"America/Denver"}',
        '{"ImportId":"_recordId"}',
        '{"ImportId":"recipientLastName"}',
        '{"ImportId":"locationLatitude"}',
        '{"ImportId":"distributionChannel"}',
        '{"ImportId":"userLanguage"}',
        *(f'{{"ImportId":"QID1_{n}"}}' for n in range(1, N_ITEMS + 1)),
        '{"ImportId":"QID2_TEXT"}',
    ]
    rows = [header, text, ids]
    for i, answers in enumerate(matrix):
        rows.append(
            [
                f"2026-11-02 10:{i:02d}:00",
                f"2026-11-02 10:{i + 5:02d}:00",
                "0",
                "",
                "100",
                str(300 + i),
                "1",
                f"2026-11-02 10:{i + 5:02d}:01",
                f"R_{i:03d}abcdefGHIJ",
                "",
                "",
                "anonymous",
                "EN",
                *answers,
                'too much, "really"' if i == 1 else "",
            ]
        )
    return rows


def qualtrics_csv(matrix: list[list[str]]) -> str:
    """A Qualtrics CSV export: the header, a question-text row, an ImportId row, then respondents."""
    return _csv(qualtrics_rows(matrix))


# --- Google Forms --------------------------------------------------------------------------

FORMS_QUESTION = "How often do you behave in the following manner, in difficult times?"
FORMS_GRID_ITEMS = [f"{FORMS_QUESTION} [Item {n}]" for n in range(1, N_ITEMS + 1)]
FORMS_NUMBERED_ITEMS = [f"SC_{n}" for n in range(1, N_ITEMS + 1)]


def as_forms_label(cell: str, row: int) -> str:
    """Google Forms writes the choice as shown: only 1 and 5 carry a label on the SCS."""
    if cell == "1":
        return "Almost never" if row % 2 else "1 - Almost never"
    if cell == "5":
        return "5 - Almost always" if row % 2 else "Almost always"
    return cell


def forms_label_count(matrix: list[list[str]]) -> int:
    """How many answers a Forms export of ``matrix`` gives as labels rather than digits."""
    return sum(cell in ("1", "5") for row in matrix for cell in row)


def forms_rows(matrix: list[list[str]], headers: str = "grid") -> list[list[str]]:
    items = FORMS_GRID_ITEMS if headers == "grid" else FORMS_NUMBERED_ITEMS
    rows = [["Timestamp", "Class code", *items]]
    for i, answers in enumerate(matrix):
        rows.append(
            [
                f"2026/11/02 10:{i:02d}:{17 + i:02d} AM GMT+1",
                "PSY-101",
                *(as_forms_label(c, i) for c in answers),
            ]
        )
    return rows


def forms_csv(matrix: list[list[str]], headers: str = "grid") -> str:
    """A Google Forms CSV: ``Timestamp`` first, answers as the choice labels the form showed."""
    return _csv(forms_rows(matrix, headers))


ITEM_COLUMNS = {
    "plain": PLAIN_ITEMS,
    "qualtrics": QUALTRICS_ITEMS,
    "google-forms": FORMS_GRID_ITEMS,
}
BUILDERS = {"plain": plain_csv, "qualtrics": qualtrics_csv, "google-forms": forms_csv}
