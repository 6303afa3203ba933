"""``ClassExport``: each export format scored, flagged rows kept; a bad file gets a message, no traceback."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pandas as pd
import pytest

from sclab.measure.survey_exports import read_responses
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


# --- exports that cannot run, uploads over the limit, names that cannot mislead ----------------------


def formula_export() -> str:
    """The plain export with one extra column per payload, headed by a payload, and ``=x`` as well."""
    from support.formulas import PAYLOADS

    rows = exports.plain_rows(exports.answer_matrix())
    rows[0] += [*PAYLOADS, "=x"]
    for i, row in enumerate(rows[1:]):
        row += [PAYLOADS[(i + j) % len(PAYLOADS)] for j in range(len(PAYLOADS))] + ["-3"]
    return exports._csv(rows)


def test_the_scored_csv_offers_no_formula_in_cells_or_headers():
    from support.formulas import PAYLOADS, csv_rows, runnable_cells

    text = formula_export()
    assert len(runnable_cells(text)) > len(PAYLOADS)  # the upload itself is full of them
    view = ClassExport("scs")
    assert view.load(text, "=x.csv")
    scored = decode_csv_link(view.download.value)
    assert runnable_cells(scored) == []
    header, *rows = csv_rows(scored)
    start = len(exports.plain_rows(exports.answer_matrix())[0])  # the export's own columns come first
    kept = list(
        read_responses(text.encode(), "scs").table.columns[start:]
    )  # headers as the reader keeps them
    assert header[start : start + len(kept)] == ["'" + h for h in kept] and kept[0] == PAYLOADS[0]
    assert [r[start] for r in rows] == ["'" + PAYLOADS[i % len(PAYLOADS)] for i in range(len(rows))]
    assert {r[start + len(PAYLOADS)] for r in rows} == {"-3"}  # a number as written stays one
    totals = pd.read_csv(io.StringIO(scored))["scs_total"]
    assert totals.dtype.kind == "f" and totals.isna().tolist() == [i == exports.TOO_FEW_ROW for i in range(8)]
    assert "download='=x_scored.csv'" in view.download.value


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidirectional_controls_are_stripped_from_everything_shown():
    view = ClassExport("scs")
    name = "scores\u202evsc.exe" + BIDI + ".csv"
    head, *rows = exports.plain_csv(exports.answer_matrix()).splitlines()
    view.load("\n".join([head, *rows]) + "\n", name)
    widgets_shown = (view.message, view.download, view.scored, view.flagged, view.summary)
    shown = "".join(w.value for w in widgets_shown)
    assert view.result is not None and "scoresvsc.exe.csv" in view.message.value
    assert not set(BIDI) & set(shown)
    view.load(b"name,age\nAnna,21\n", "bad\u202e.csv")  # a refusal names the file too
    assert "bad.csv" in view.message.value and "\u202e" not in view.message.value
    view.upload._on_message(view.upload, {"kind": "refused", "name": "big\u2066.csv", "size": 9_000_000}, [])
    assert "big.csv is 9.0 MB" in view.message.value and "\u2066" not in view.message.value


def test_a_file_over_the_limit_is_refused_with_a_message_and_never_scored():
    from sclab.classroom.uploads import MAX_UPLOAD_BYTES

    view = ClassExport("scs")
    assert (
        view.upload.max_bytes == MAX_UPLOAD_BYTES and view.upload.get_state()["max_bytes"] == MAX_UPLOAD_BYTES
    )
    view.upload._on_message(view.upload, {"kind": "refused", "name": "big.csv", "size": 12_500_000}, [])
    assert "big.csv is 12.5 MB; uploads are limited to 5.0 MB, so it was not sent" in view.message.value
    assert view.result is None and view.download.value == ""
    # a hand-made message that skips the page's check is refused here as well
    too_big = memoryview(b"x" * (MAX_UPLOAD_BYTES + 1))
    view.upload._on_message(view.upload, {"kind": "file", "name": "sneaky.csv", "size": 10}, [too_big])
    assert view.upload.value == () and "sneaky.csv is 5.0 MB" in view.message.value


def test_a_file_sent_by_the_page_is_scored():
    data = exports.plain_csv(exports.answer_matrix()).encode()
    view = ClassExport("scs")
    msg = {"kind": "file", "name": "class.csv", "type": "text/csv", "size": len(data), "last_modified": 0}
    view.upload._on_message(view.upload, msg, [memoryview(data)])
    assert view.result is not None and view.result.n == exports.N_ROWS and "class.csv" in view.message.value


def test_a_large_scored_csv_is_sent_to_the_browser_only_when_asked():
    from sclab.csv_cells import to_csv

    view = ClassExport("scs")
    view.link_at_once_bytes = 1_000  # the class file below makes a scored CSV of a few kilobytes
    view.load(exports.plain_csv(exports.answer_matrix()), "class.csv")
    want = to_csv(view.result.table)
    assert len(want) > view.link_at_once_bytes
    assert "href=" not in view.download.value and len(view.download.value) < 400
    assert "Prepare the scored CSV" in view.download.value and view.prepare.layout.display is None
    view.prepare.click()
    assert decode_csv_link(view.download.value) == want and view.prepare.layout.display == "none"
    view.load(b"", "empty.csv")  # a failed file takes the button away again
    assert view.prepare.layout.display == "none" and view.download.value == ""


@pytest.mark.e2e
def test_in_the_served_page_a_large_file_is_refused_unsent_and_a_scored_csv_has_no_formula(tmp_path, browser):
    """The instructor's page under ``sclab serve``: 12 MB refused before sending, a class file scored."""
    from support.formulas import runnable_cells
    from support.voila_server import running_server

    sent: list[int] = []
    with running_server(f"sqlite:///{tmp_path / 'class.sqlite3'}") as srv:
        ctx = browser.new_context(accept_downloads=True)
        try:
            page = ctx.new_page()
            page.on("websocket", lambda ws: ws.on("framesent", lambda data: sent.append(len(data or ""))))
            page.goto(srv.url("score_class_export"), timeout=120_000)
            page.wait_for_selector("input[type=file]", timeout=120_000)
            before = sum(sent)
            big = {"name": "big\u202e.csv", "mimeType": "text/csv", "buffer": b"x" * 12_000_000}
            page.set_input_files("input[type=file]", files=[big])
            page.wait_for_selector("text=so it was not sent", timeout=30_000)
            assert sum(sent) - before < 2_000  # a refusal of a few hundred bytes, not the file
            assert "big.csv is 12.0 MB" in page.inner_text("[role=alert] >> nth=0")
            page.set_input_files(
                "input[type=file]",
                files=[{"name": "class.csv", "mimeType": "text/csv", "buffer": formula_export().encode()}],
            )
            link = page.wait_for_selector("a[download='class_scored.csv']", timeout=60_000)
            html = link.evaluate("a => a.outerHTML").replace('"', "'")
            assert runnable_cells(decode_csv_link(html)) == []
        finally:
            ctx.close()
