"""``ClassExport``: each export format scored, flagged rows kept; a bad file gets a message, no traceback."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pandas as pd
import pytest

from sclab.ui.classroom.class_export import ClassExport
from support import exports
from support.downloads import decode_csv_link

EVIL = "<script>alert(1)</script>"



@pytest.mark.parametrize("fmt", ["plain", "qualtrics", "forms"])
def test_each_export_format_is_scored_with_flagged_rows_kept(fmt):
    build = {"plain": exports.plain_csv, "qualtrics": exports.qualtrics_csv, "forms": exports.forms_csv}[fmt]
    text = build(exports.answer_matrix())
    view = ClassExport("scs")
    data = text.encode("utf-8")
    view.upload.value = (
        {
            "name": f"{fmt}.csv",
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.now(timezone.utc),
        },
    )
    r = view.result
    assert r is not None and r.n == exports.N_ROWS
    cells = exports.answer_matrix()
    for i in range(exports.N_ROWS):
        want = exports.expected_scores(cells[i])["total"]
        got = r.scores["total"].iloc[i]
        assert pd.isna(got) if want is None or pd.isna(want) else got == pytest.approx(want)
    assert sorted(r.flagged["row"]) == sorted(i + 1 for i in exports.FLAGGED_ROWS)
    assert "flagged" in view.message.value and "Flagged rows" in view.flagged.value
    scored = pd.read_csv(io.StringIO(decode_csv_link(view.download.value)))
    assert len(scored) == exports.N_ROWS and "scs_total" in scored.columns
    assert f"{r.scores['total'].mean():.2f}" in view.summary.value


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "is empty"),
        (b"\x00\x01PK\x03\x04binary", "not a text CSV"),
        (b"\xff\xfe\xfa broken", "could not be scored"),
        (b"name,age\nAnna,21\n", "could not be scored"),
        (b"Q1,Q2\n1,2\n", "could not be scored"),
    ],
)
def test_malformed_uploads_give_a_message_never_a_traceback(content, words):
    view = ClassExport("scs")
    assert view.load(content, "bad.csv") is False
    assert words in view.message.value and view.result is None
    assert view.download.value == "" and "Traceback" not in view.message.value


def test_odd_upload_values_from_a_page_are_refused():
    view = ClassExport("scs")
    view._on_upload({"new": ({"name": "x.csv"},)})  # no content
    assert "could not be read" in view.message.value


def test_file_names_and_columns_are_escaped_in_the_page():
    view = ClassExport("scs")
    head, *rows = exports.plain_csv(exports.answer_matrix()).splitlines()
    text = "\n".join([f"{head},{EVIL}", *(f"{r},x" for r in rows)]) + "\n"
    view.load(text, f"{EVIL}.csv")
    shown = view.message.value + view.download.value + view.scored.value + view.flagged.value
    assert view.result is not None and "<script>" not in shown and "&lt;script&gt;" in shown


def test_changing_the_instrument_rescores_the_same_file():
    view = ClassExport("scs")
    view.load(exports.plain_csv(exports.answer_matrix()), "class.csv")
    assert view.result is not None and view.result.n == exports.N_ROWS
    view.instrument.value = "scs-sf"  # the 26-item export has no set of 12 numbered items
    assert view.result is None and "could not be scored" in view.message.value
    assert "class.csv" in view.message.value and view.download.value == ""
    view.instrument.value = "scs"  # back: the same file is scored again, without a new upload
    assert view.result is not None and view.result.n == exports.N_ROWS
