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


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_shown_text_removes_every_bidirectional_control_and_blanks_other_controls():
    from sclab.classroom.uploads import BIDI_CONTROLS, shown_text

    assert sorted(BIDI_CONTROLS) == sorted(BIDI)
    assert shown_text("scores" + BIDI + "vsc.exe") == "scoresvsc.exe"
    assert shown_text("a\tb\nc\x1b[31md\x85") == "a b c [31md "
    assert shown_text("Ünïcödé 名前 😀.csv") == "Ünïcödé 名前 😀.csv"  # ordinary text is kept


def test_messages_name_the_file_without_bidirectional_controls():
    with pytest.raises(ValueError) as info:
        score_upload(b"name,age\nAnna,21\n", "scs", filename="x\u202e\u2066.csv")
    assert str(info.value).startswith("x.csv: ") and not set(BIDI) & set(str(info.value))
