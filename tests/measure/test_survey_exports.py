"""Reading survey exports: formats, item columns, encodings, and every bad input with its message.

The fixtures are built in code (``support.exports``, here ``ex``) from one answer matrix, so the
same answers can be written as a plain CSV, a Qualtrics export and a Google Forms export; expected
scores come from the published key, not from the package.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sclab
from sclab.measure.survey_exports import read_responses
from support import exports as ex

MATRIX = ex.answer_matrix()


def _forms(headers: str, items: list[str]) -> tuple:
    """A Google Forms export with grid (``Question [Item n]``) or numbered (``SC_n``) item headers."""
    return ex.forms_csv(MATRIX, headers), "google-forms", items, ex.forms_rows(MATRIX, headers)


# name -> (text of the file, format it should be recognised as, its item columns, its rows)
EXPORTS = {
    "plain": (ex.plain_csv(MATRIX), "plain", ex.PLAIN_ITEMS, ex.plain_rows(MATRIX)),
    "qualtrics": (ex.qualtrics_csv(MATRIX), "qualtrics", ex.QUALTRICS_ITEMS, ex.qualtrics_rows(MATRIX)),
    "forms-grid": _forms("grid", ex.FORMS_GRID_ITEMS),
    "forms-numbered": _forms("numbered", ex.FORMS_NUMBERED_ITEMS),
}


def read(source, **kwargs):
    return read_responses(source, "scs", **kwargs)


def physical_lines(row: list[str]) -> int:
    """How many lines of the file a CSV record takes (quoted cells may hold line breaks)."""
    return 1 + sum(cell.count("\n") for cell in row)


# --- formats and item columns --------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPORTS))
def test_recognises_the_format_and_finds_the_item_columns(name):
    text, fmt, items, _ = EXPORTS[name]
    r = read(io.StringIO(text))
    assert r.format == fmt
    assert r.item_columns == items
    assert len(r.table) == len(r.answers) == ex.N_ROWS


@pytest.mark.parametrize("name", list(EXPORTS))
def test_lines_point_at_each_respondent_in_the_file(name):
    text, fmt, _, rows = EXPORTS[name]
    r = read(io.StringIO(text))
    skipped = 3 if fmt == "qualtrics" else 1  # header, question text, import ids
    first = 1 + sum(physical_lines(row) for row in rows[:skipped])
    assert r.lines == list(range(first, first + ex.N_ROWS))
    assert r.row_name(2) == f"row 3 (line {first + 2})"


def test_qualtrics_question_text_with_line_breaks_moves_the_line_numbers():
    # Qualtrics writes the question text row with the breaks the author typed; respondents
    # start after all of those physical lines, and the messages must point there.
    r = read(io.StringIO(EXPORTS["qualtrics"][0]))
    assert r.lines[0] == 1 + 1 + ex.N_ITEMS + 1 + 1  # header, text row (1 + 26 breaks), import ids


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_respondent_is_kept_in_order_with_every_column(name):
    text, fmt, _, rows = EXPORTS[name]
    r = read(io.StringIO(text))
    respondents = rows[3:] if fmt == "qualtrics" else rows[1:]
    assert list(r.table.columns) == rows[0]
    assert r.table.astype(object).fillna("").values.tolist() == respondents


@pytest.mark.parametrize("name", list(EXPORTS))
def test_scores_follow_the_published_key(name):
    r = read(io.StringIO(EXPORTS[name][0]))
    scores = r.score()
    for i, cells in enumerate(MATRIX):
        want = ex.expected_scores(cells)
        got = scores.iloc[i]
        for col in [*ex.KEY, "total"]:
            assert got[col] == pytest.approx(want[col], nan_ok=True), (i, col)
        assert (None if pd.isna(got["band"]) else got["band"]) == want["band"], i
        assert got["n_answered"] == want["n_answered"], i


def test_the_fixture_exercises_labels_and_every_band_it_claims():
    # Guard the fixture itself: without 1s and 5s the label conversion would test nothing.
    assert ex.forms_label_count(MATRIX) > 10
    assert any(c == "1" for row in MATRIX for c in row) and any(c == "5" for row in MATRIX for c in row)
    assert math.isnan(ex.expected_scores(MATRIX[ex.TOO_FEW_ROW])["total"])


def test_scores_are_identical_for_plain_qualtrics_and_google_forms():
    frames = {}
    for name, (text, _, items, _) in EXPORTS.items():
        s = read(io.StringIO(text)).score()
        s["flags"] = ex.canonical_flags(s["flags"], items)
        frames[name] = s
    for name in ["qualtrics", "forms-grid", "forms-numbered"]:
        pd.testing.assert_frame_equal(frames[name], frames["plain"], check_exact=True, obj=name)


def test_flags_explain_each_bad_row_and_leave_good_rows_clean():
    scores = read(io.StringIO(EXPORTS["plain"][0])).score()
    flags, status = scores["flags"].astype(str), scores["status"].astype(str)
    assert flags[ex.MISSING_ROW] == "missing: scs_7"
    assert flags[ex.OUT_OF_RANGE_ROW] == "out of range 1-5: scs_12=7"
    assert flags[ex.NOT_A_NUMBER_ROW] == "not a number: scs_9='often'"
    assert flags[ex.TOO_FEW_ROW].startswith("missing: scs_9, scs_14, scs_17")
    assert "mindfulness not scored: 1 valid answer, needs 2" in flags[ex.TOO_FEW_ROW]
    assert status[ex.TOO_FEW_ROW] == "unscored"
    for i in range(ex.N_ROWS):
        if i in ex.FLAGGED_ROWS:
            assert flags[i] and status[i] in ("partial", "unscored"), i
        else:
            assert flags[i] == "" and status[i] == "complete", i


def test_scored_table_keeps_the_file_then_adds_prefixed_scores():
    text, _, _, rows = EXPORTS["qualtrics"]
    r = read(io.StringIO(text))
    out = r.scored_table()
    n_file = len(rows[0])
    assert list(out.columns[:n_file]) == rows[0]
    assert {"scs_total", "scs_flags", "scs_status", "scs_self_kindness", "scs_band"} <= set(
        out.columns[n_file:]
    )
    assert out["ResponseId"].tolist() == [row[8] for row in rows[3:]]
    assert out["Q1_9"].tolist()[ex.NOT_A_NUMBER_ROW] == "often"  # the answer is kept as written


def test_scoring_does_not_change_the_raw_table_or_answers():
    r = read(io.StringIO(EXPORTS["forms-grid"][0]))
    table, answers = r.table.copy(deep=True), r.answers.copy(deep=True)
    r.score()
    r.scored_table()
    pd.testing.assert_frame_equal(r.table, table)
    pd.testing.assert_frame_equal(r.answers, answers)
    assert (
        r.table[ex.FORMS_GRID_ITEMS[0]].iloc[0] == ex.forms_rows(MATRIX)[1][2]
    )  # still the label as written


# --- notes ---------------------------------------------------------------------------------


def test_qualtrics_header_rows_are_skipped_and_said_so():
    r = read(io.StringIO(EXPORTS["qualtrics"][0]))
    assert any("2 Qualtrics header row" in n for n in r.notes)
    assert not any(v.startswith('{"ImportId"') for v in r.table.iloc[0].dropna())


def test_google_forms_labels_are_converted_and_counted():
    r = read(io.StringIO(EXPORTS["forms-grid"][0]))
    assert f"{ex.forms_label_count(MATRIX)} answers given as anchor labels were read as numbers" in r.notes


def test_plain_numbers_need_no_notes():
    assert read(io.StringIO(EXPORTS["plain"][0])).notes == []


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_other_delimiters_are_recognised_and_noted(delimiter):
    r = read(io.StringIO(ex.plain_csv(MATRIX, delimiter)))
    assert r.item_columns == ex.PLAIN_ITEMS
    assert f"delimiter {delimiter!r}" in r.notes
    plain = read(io.StringIO(EXPORTS["plain"][0])).score()
    pd.testing.assert_frame_equal(r.score(), plain)


# --- sources and encodings -----------------------------------------------------------------


def _source(kind: str, data: bytes, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    return {
        "path": lambda: path,
        "str path": lambda: str(path),
        "bytes": lambda: data,
        "bytearray": lambda: bytearray(data),
        # ipywidgets 8 FileUpload gives each file's content as a memoryview
        "memoryview (FileUpload)": lambda: memoryview(data),
        "binary file": lambda: path.open("rb"),
        "text file": lambda: path.open(encoding="utf-8", newline=""),
        "BytesIO": lambda: io.BytesIO(data),
    }[kind]()


@pytest.mark.parametrize(
    "kind",
    [
        "path",
        "str path",
        "bytes",
        "bytearray",
        "memoryview (FileUpload)",
        "binary file",
        "text file",
        "BytesIO",
    ],
)
def test_reads_paths_bytes_and_open_files(kind, tmp_path):
    data = EXPORTS["qualtrics"][0].encode("utf-8")
    source = _source(kind, data, tmp_path)
    try:
        r = read(source)
    finally:
        if hasattr(source, "close"):
            source.close()
    assert r.format == "qualtrics" and r.item_columns == ex.QUALTRICS_ITEMS
    expected = read(io.StringIO(EXPORTS["qualtrics"][0])).score()
    pd.testing.assert_frame_equal(r.score(), expected)


@pytest.mark.parametrize("name", ["plain", "forms-grid", "qualtrics"])
@pytest.mark.parametrize("kind", ["bytes", "text file"])
def test_utf8_byte_order_mark_is_dropped(name, kind, tmp_path):
    text, fmt, items, rows = EXPORTS[name]
    source = _source(kind, ("\ufeff" + text).encode("utf-8"), tmp_path)
    try:
        r = read(source)
    finally:
        if hasattr(source, "close"):
            source.close()
    assert r.table.columns[0] == rows[0][0]  # 'id' / 'Timestamp' / 'StartDate', not '\ufeffid'
    assert r.format == fmt and r.item_columns == items


def test_excel_semicolon_windows_1252_file(tmp_path):
    rows = ex.plain_rows(MATRIX)
    rows[0][0] = "Prénom"
    rows[1][0], rows[2][0] = "Zoë", "Ana\u2019s group"  # é, ë and a curly apostrophe, all in cp1252
    path = tmp_path / "excel.csv"
    path.write_bytes(ex._csv(rows, ";").encode("cp1252"))
    r = read(path)
    assert list(r.table.columns[:2]) == ["Prénom", "scs_1"]
    assert r.table["Prénom"].tolist()[:2] == ["Zoë", "Ana\u2019s group"]
    assert any("Windows-1252" in n for n in r.notes)
    assert "delimiter ';'" in r.notes
    assert r.score()["total"].iloc[0] == pytest.approx(ex.expected_scores(MATRIX[0])["total"])


# --- item columns given by the user ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("plain", "scs_{n}"), ("qualtrics", "Q1_{n}"), ("forms-numbered", "SC_{n}")],
)
def test_item_pattern_given_by_the_user(name, pattern):
    text, _, items, _ = EXPORTS[name]
    r = read(io.StringIO(text), items=pattern)
    assert r.item_columns == items == [pattern.replace("{n}", str(n)) for n in range(1, ex.N_ITEMS + 1)]


def test_item_mapping_given_by_the_user():
    mapping = {n: f"scs_{n}" for n in range(1, ex.N_ITEMS + 1)}
    r = read(io.StringIO(EXPORTS["plain"][0]), items=mapping)
    assert r.item_columns == ex.PLAIN_ITEMS


def test_plain_q_numbered_columns_are_detected():
    rows = ex.plain_rows(MATRIX)
    rows[0] = ["id", *(f"Q{n}" for n in range(1, ex.N_ITEMS + 1))]
    r = read(io.StringIO(ex._csv(rows)))
    assert r.item_columns == [f"Q{n}" for n in range(1, ex.N_ITEMS + 1)]


def _two_numbered_sets() -> str:
    rows = ex.plain_rows(MATRIX)
    rows[0] += [f"Q{n}" for n in range(1, ex.N_ITEMS + 1)]
    for row in rows[1:]:
        row += row[1 : ex.N_ITEMS + 1]
    return ex._csv(rows)


def test_two_full_numbered_sets_are_ambiguous():
    with pytest.raises(ValueError, match="more than one set of columns") as err:
        read(io.StringIO(_two_numbered_sets()))
    msg = str(err.value)
    assert "scs_{n}" in msg and "Q{n}" in msg and "--items" in msg


def test_ambiguity_is_resolved_by_a_pattern():
    r = read(io.StringIO(_two_numbered_sets()), items="Q{n}")
    assert r.item_columns == [f"Q{n}" for n in range(1, ex.N_ITEMS + 1)]


def test_no_full_numbered_set_names_the_nearest_group():
    rows = ex.plain_rows(MATRIX)
    rows[0] = ["id", *(f"Q{n}" for n in range(1, 21)), *(f"extra{n}" for n in range(1, 7))]
    with pytest.raises(ValueError, match="no set of columns numbered 1-26") as err:
        read(io.StringIO(ex._csv(rows)))
    msg = str(err.value)
    assert "nearest: Q{n} (20 columns, 20 of items 1-26)" in msg
    assert "--items" in msg


def test_a_pattern_that_misses_columns_names_them():
    drop = (13, 26)  # scs_13 and scs_26 (column 0 is the id)
    rows = [[c for j, c in enumerate(row) if j not in drop] for row in ex.plain_rows(MATRIX)]
    with pytest.raises(ValueError, match="2 of 26 scs item columns not found") as err:
        read(io.StringIO(ex._csv(rows)), items="scs_{n}")
    assert "scs_13 (item 13), scs_26 (item 26)" in str(err.value)


def test_a_pattern_that_matches_nothing_shortens_the_list():
    with pytest.raises(ValueError, match="26 of 26 scs item columns not found") as err:
        read(io.StringIO(EXPORTS["plain"][0]), items="item{n}")
    assert "item1 (item 1)" in str(err.value) and "and 20 more" in str(err.value)


def test_a_pattern_without_n_is_explained():
    with pytest.raises(ValueError, match=r"must contain '\{n\}' exactly once"):
        read(io.StringIO(EXPORTS["plain"][0]), items="scs_")


def test_item_columns_found_by_wording_when_the_instrument_has_it():
    inst = sclab.load_instrument("sc-practice")
    rng = np.random.default_rng(7)
    values = rng.integers(1, 6, size=(3, inst.n_items))
    header = ["Timestamp", *(f"How often, in a hard week? [{it.text}]" for it in inst.items)]
    rows = [header] + [["2026/11/02 10:00:00", *(inst.response.label(int(v)) for v in row)] for row in values]
    r = read_responses(io.StringIO(ex._csv(rows)), "sc-practice")
    assert r.item_columns == header[1:]
    assert "item columns matched by their wording" in r.notes
    plain = pd.DataFrame(values, columns=inst.item_ids)
    np.testing.assert_allclose(r.score()["total"], inst.score(plain)["total"])


# --- duplicated columns --------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        None,  # plain scs_{n} headers
        "How often do you act this way? [Item {n}]",
        "Don't overthink it: how often do you act this way? [Item {n}]",  # an apostrophe in the name
    ],
)
def test_a_duplicated_item_column_is_refused_and_named(question):
    rows = ex.plain_rows(MATRIX)
    if question is not None:
        rows[0] = ["id", *(question.replace("{n}", str(n)) for n in range(1, ex.N_ITEMS + 1))]
    rows[0].append(rows[0][5])  # item 5 again, with other answers
    for row in rows[1:]:
        row.append("1")
    with pytest.raises(ValueError, match="appears more than once") as err:
        read(io.StringIO(ex._csv(rows)))
    assert rows[0][5] in str(err.value)


def test_a_duplicated_other_column_is_renamed_with_a_note():
    rows = ex.plain_rows(MATRIX)
    rows[0] += ["comment", "comment"]
    for i, row in enumerate(rows[1:]):
        row += [f"first {i}", f"second {i}"]
    r = read(io.StringIO(ex._csv(rows)))
    assert list(r.table.columns[-2:]) == ["comment", "comment (2)"]
    assert r.table["comment (2)"].tolist() == [f"second {i}" for i in range(ex.N_ROWS)]
    assert "repeated column names renamed: 'comment' -> 'comment (2)'" in r.notes
    assert r.item_columns == ex.PLAIN_ITEMS


# --- unusable files ------------------------------------------------------------------------


def test_a_ragged_row_names_its_line():
    rows = ex.plain_rows(MATRIX)
    rows[4] = rows[4][:-1]  # respondent 4, on line 5, lost its last answer
    with pytest.raises(ValueError, match="line 5 has 26 fields but the header has 27"):
        read(io.StringIO(ex._csv(rows)))


def test_a_ragged_row_after_multi_line_cells_names_its_physical_line():
    rows = ex.qualtrics_rows(MATRIX)
    rows[5] = rows[5][:-2]
    line = 1 + sum(physical_lines(r) for r in rows[:5])
    with pytest.raises(ValueError, match=f"line {line} has {len(rows[0]) - 2} fields"):
        read(io.StringIO(ex._csv(rows)))


@pytest.mark.parametrize(
    "data", [b"", b"\n\n", b"\xef\xbb\xbf", b" \r\n"], ids=["empty", "blank", "bom", "space"]
)
def test_an_empty_file_is_refused(data):
    with pytest.raises(ValueError, match="the file is empty"):
        read(data)


HEADER = ex._csv(ex.plain_rows(MATRIX)[:1])


@pytest.mark.parametrize(
    "text",
    [HEADER, HEADER.rstrip(), HEADER + "\r\n\r\n", HEADER + "," * ex.N_ITEMS + "\r\n"],
    ids=["header", "no final newline", "blank lines", "empty cells"],
)
def test_a_header_without_answers_is_refused(text):
    with pytest.raises(ValueError, match="the file has a header but no answer rows"):
        read(io.StringIO(text))


def test_a_qualtrics_export_with_no_responses_is_refused():
    with pytest.raises(ValueError, match="the Qualtrics export has header rows but no responses"):
        read(io.StringIO(ex._csv(ex.qualtrics_rows(MATRIX)[:3])))


def test_an_unbalanced_quote_in_a_large_file_is_a_value_error():
    # A stray quote makes the csv module swallow the rest of the file into one cell; past
    # 128 KiB it raises csv.Error, which is not a ValueError and escapes the CLI's handler.
    rows = ex.plain_rows(MATRIX * 700)
    text = ex._csv(rows)
    text = text.replace("\r\nP03,", '\r\n"P03,', 1)
    with pytest.raises(ValueError, match="line 4"):
        read(io.StringIO(text))


def test_scores_clashing_with_file_columns_are_refused():
    rows = ex.plain_rows(MATRIX)
    rows[0].append("scs_total")
    for row in rows[1:]:
        row.append("99")
    r = read(io.StringIO(ex._csv(rows)))
    with pytest.raises(ValueError, match=r"already has columns named \['scs_total'\]"):
        r.scored_table()


# --- anchor labels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("Almost never", 1),
        ("almost NEVER", 1),
        ("1 - Almost never", 1),
        ("1 = Almost never", 1),
        ("1. Almost never", 1),
        ("1 (Almost never)", 1),
        ("1 \u2013 Almost never", 1),  # en dash, as Word or Sheets autocorrect writes it
        ("Almost always", 5),
        ("5 - Almost always", 5),
        ("3", 3),
        (" 4 ", 4),
    ],
)
def test_answers_given_as_labels_are_read_as_numbers(answer, value):
    rows = ex.forms_rows([["3"] * ex.N_ITEMS], "numbered")
    rows[1][2 + 2] = answer  # item 3
    r = read(io.StringIO(ex._csv(rows)))
    assert float(r.answers["SC_3"].iloc[0]) == value
    assert r.score()["flags"].iloc[0] == ""


@pytest.mark.parametrize("answer", ["2 - Almost never", "4 - Almost always", "5 - Almost never", "Sometimes"])
def test_a_label_that_contradicts_its_number_is_not_guessed(answer):
    rows = ex.forms_rows([["3"] * ex.N_ITEMS], "numbered")
    rows[1][2 + 2] = answer
    r = read(io.StringIO(ex._csv(rows)))
    assert r.answers["SC_3"].iloc[0] == answer
    assert not any("anchor labels" in n for n in r.notes)
    scores = r.score()
    assert scores["flags"].iloc[0] == f"not a number: SC_3={answer!r}"
    assert scores["status"].iloc[0] == "partial"


# --- format override and a property --------------------------------------------------------


def test_format_override_keeps_qualtrics_header_rows_as_rows():
    r = read(io.StringIO(EXPORTS["qualtrics"][0]), format="plain")
    assert r.format == "plain"
    assert len(r.table) == ex.N_ROWS + 2
    assert r.lines[:2] == [2, 2 + ex.N_ITEMS + 1]
    flags = r.score()["flags"].astype(str)
    assert flags[0].startswith("not a number: Q1_1=") and '{"ImportId":"QID1_1"}' in flags[1]


def test_format_override_is_reported_as_given():
    r = read(io.StringIO(EXPORTS["plain"][0]), format="google-forms")
    assert r.format == "google-forms"
    assert r.item_columns == ex.PLAIN_ITEMS


@settings(max_examples=15, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 4), st.just(ex.N_ITEMS)), elements=st.integers(1, 5)))
def test_any_answers_score_the_same_as_plain_qualtrics_and_forms(values):
    matrix = [[str(v) for v in row] for row in values]
    plain = read(io.StringIO(ex.plain_csv(matrix))).score()
    for text in (ex.qualtrics_csv(matrix), ex.forms_csv(matrix, "grid"), ex.forms_csv(matrix, "numbered")):
        pd.testing.assert_frame_equal(read(io.StringIO(text)).score(), plain)
    assert (plain["status"] == "complete").all()
    expected = [ex.expected_scores(row)["total"] for row in matrix]
    np.testing.assert_allclose(plain["total"], expected, rtol=0, atol=1e-12)
