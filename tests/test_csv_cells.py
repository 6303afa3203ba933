"""``sclab.csv_cells``: no cell or header of a written CSV can start a spreadsheet formula."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sclab.csv_cells import FORMULA_STARTS, neutralise, safe_frame, to_csv
from support.formulas import PAYLOADS, runnable_cells
from support.formulas import csv_rows as rows_of


def test_the_payloads_cover_every_formula_start():
    assert sorted({p[0] for p in PAYLOADS}) == sorted(FORMULA_STARTS)


def test_formula_cells_and_headers_come_out_as_text():
    frame = pd.DataFrame({p: [p, "plain"] for p in PAYLOADS})
    header, *rows = rows_of(to_csv(frame))
    assert header == ["'" + p for p in PAYLOADS]
    assert rows[0] == ["'" + p for p in PAYLOADS] and rows[1] == ["plain"] * len(PAYLOADS)
    assert not any(cell.startswith(FORMULA_STARTS) for row in (header, *rows) for cell in row)
    assert runnable_cells(frame.to_csv(index=False))  # what pandas alone would write


def test_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "negative": [-1.5, -2.0, np.nan],
            "count": [-3, 0, 4],
            "answer_as_written": ["-3", "+2", "4.5e-1"],  # text cells that are plain numbers
            "mixed": [-1, "-1+A1", None],
        }
    )
    text = to_csv(frame)
    assert [row[2] for row in rows_of(text)[1:]] == ["-3", "+2", "4.5e-1"]
    back = pd.read_csv(io.StringIO(text))
    assert back["negative"].tolist()[:2] == [-1.5, -2.0] and pd.isna(back["negative"].iloc[2])
    assert back["count"].dtype.kind == "i" and back["count"].tolist() == [-3, 0, 4]
    assert back["answer_as_written"].tolist() == [-3.0, 2.0, 0.45]  # read back as the numbers they are
    assert back["mixed"].iloc[0] == "-1" and back["mixed"].iloc[1] == "'-1+A1"


@pytest.mark.parametrize("cell", ["-", "+", "-3 ", "-3,5", "--3", "-3e", "-0x1F", "-inf", "=1"])
def test_anything_but_a_plain_number_after_a_sign_is_prefixed(cell):
    assert neutralise(cell) == "'" + cell


def test_a_carriage_return_inside_a_cell_cannot_start_a_new_row():
    """Unquoted, ``ok\r=1`` would be read as a row break and a new cell ``=1``."""
    frame = pd.DataFrame({"note": ["ok\r=1+1", "fine"], "head\r@x": [-1.5, 2.0]})
    text = to_csv(frame)
    assert rows_of(text) == [["note", "head\r@x"], ["ok\r=1+1", "-1.5"], ["fine", "2.0"]]
    assert "\r" not in text.replace('"ok\r=1+1"', "").replace('"head\r@x"', "")
    assert pd.read_csv(io.StringIO(text, newline=""))["head\r@x"].tolist() == [-1.5, 2.0]
    assert to_csv(frame.assign(note=["a", "b"]).drop(columns="head\r@x")) == "note\na\nb\n"


def test_the_frame_is_not_changed_and_neutralising_twice_changes_nothing_more():
    frame = pd.DataFrame({"=a": ["=1", "x"], "b": [1, 2]})
    before = frame.copy()
    once = safe_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(safe_frame(once), once)


def test_headers_that_become_equal_and_a_text_index_are_handled():
    frame = pd.DataFrame([["=1", "=2"]], columns=["=x", "'=x"], index=pd.Index(["@row"], name="@id"))
    rows = rows_of(to_csv(frame, index=True))
    assert rows == [["'@id", "'=x", "'=x"], ["'@row", "'=1", "'=2"]]


def test_categorical_and_datetime_columns_are_written():
    frame = pd.DataFrame(
        {"group": pd.Categorical(["=ctl", "trt"]), "when": pd.to_datetime(["2026-01-01", "2026-01-02"])}
    )
    assert rows_of(to_csv(frame))[1:] == [["'=ctl", "2026-01-01"], ["trt", "2026-01-02"]]


def test_two_header_rows_are_neutralised_level_by_level():
    frame = pd.DataFrame([[1, "=2"]], columns=pd.MultiIndex.from_tuples([("=a", "b"), ("c", "@d")]))
    assert rows_of(to_csv(frame))[:2] == [["'=a", "c"], ["b", "'@d"]]
