"""Scoring an uploaded survey export: agrees with the reader, keeps every row, refuses bad files plainly."""

from __future__ import annotations

import pytest

from sclab.classroom.aggregates import SUMMARY_COLUMNS
from sclab.classroom.uploads import MAX_UPLOAD_BYTES, score_upload
from sclab.measure.survey_exports import read_responses
from support import exports


def test_score_upload_agrees_with_the_reader():
    r = score_upload(exports.plain_csv(exports.answer_matrix()).encode(), "scs")
    assert list(r.summary["score"])[-1] == "total"
    total = r.summary.set_index("score").loc["total"]
    assert total["n"] == r.scores["total"].notna().sum()
    assert total["mean"] == pytest.approx(r.scores["total"].mean())


def test_every_row_is_kept_and_the_flagged_ones_are_listed_with_their_line():
    text = exports.qualtrics_csv(exports.answer_matrix())
    r = score_upload(text.encode(), "scs", filename="q.csv")
    reader = read_responses(text.encode(), "scs")
    assert r.format == "qualtrics" and r.n == len(r.table) == exports.N_ROWS
    assert tuple(r.summary.columns) == SUMMARY_COLUMNS
    assert sorted(r.flagged["row"]) == sorted(i + 1 for i in exports.FLAGGED_ROWS)
    assert list(r.flagged["line"]) == [reader.lines[i - 1] for i in r.flagged["row"]]
    assert set(r.flagged["status"]) <= {"partial", "unscored"} and all(r.flagged["flags"])


@pytest.mark.parametrize(
    "content, match",
    [
        ("not bytes", "must be file bytes"),
        (b"  \n", "is empty"),
        (b"a" * (MAX_UPLOAD_BYTES + 1), "uploads are limited to 5 MB"),
        (b"PK\x03\x04\x00\x00", "not a text CSV file"),
        (b"\xfa\xfb\xfc", "no answer rows"),
        (b"name,age\nAnna,21\n", r"^x\.csv: "),
    ],
)
def test_unusable_files_are_refused_with_a_message_naming_the_file(content, match):
    with pytest.raises(ValueError, match=match) as info:
        score_upload(content, "scs", filename="x.csv")
    assert "x.csv" in str(info.value)
