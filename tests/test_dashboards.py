"""Instructor dashboards: the class widgets in the kernel, and each dashboard notebook run top to bottom.

Widgets are built, set and clicked without a browser; the dashboards in course/dashboards/ run in a
fresh kernel (nbclient) against a temporary SQLite store ($SCLAB_STORE_URL).
"""

from __future__ import annotations

import base64
import io
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import nbclient
import nbformat
import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from sclab.classroom.aggregates import score_upload
from sclab.classroom.store import MIN_RESPONSES, ClassStore, _submissions
from sclab.resources import shipped
from sclab.ui import Questionnaire
from sclab.ui.classroom.class_export import ClassExport
from sclab.ui.classroom.class_results import ClassResults
from sclab.ui.classroom.class_submit import ClassSubmit
from support import exports

DASHBOARDS = sorted(shipped("dashboards").glob("*.ipynb"))
EXPECTED = {"take_the_scale", "class_results", "lecture_explorer", "score_class_export"}
EVIL = "<script>alert(1)</script>"


@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")


def _rows(store: ClassStore) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(_submissions))]


def _decode(data_uri_html: str) -> str:
    href = data_uri_html.split("href='", 1)[1].split("'", 1)[0]
    head, payload = href.split(",", 1)
    assert head == "data:text/csv;charset=utf-8;base64"
    return base64.b64decode(unquote(payload)).decode("utf-8")


def _answered(seed: int = 3) -> Questionnaire:
    q = Questionnaire("sc-practice", seed=seed)
    q.use_simulated_respondent()
    q.submit()
    return q


# --- ClassSubmit -------------------------------------------------------------------------------
def test_nothing_is_sent_without_consent_a_code_and_a_submission(store):
    q = Questionnaire("sc-practice", seed=3)
    send = ClassSubmit(store=store).connect(q)
    send.consent.value, send.code.value = True, "PSY101"
    send.send_button.click()  # answers not submitted yet
    assert store.count("PSY101") == 0 and "Submit answers first" in send.status.value
    q.use_simulated_respondent()
    q.submit()
    send.consent.value = False
    send.send_button.click()
    assert store.count("PSY101") == 0 and "Tick the box" in send.status.value
    send.consent.value, send.code.value = True, "no"  # too short for a class code
    send.send_button.click()
    assert store.count("PSY101") == 0 and "Not sent" in send.status.value
    assert _rows(store) == []


def test_only_scores_are_sent_once_and_a_message_confirms(store):
    q = _answered(seed=5)
    send = ClassSubmit(store=store).connect(q)
    send.consent.value, send.code.value = True, "  PSY101-A "
    send.send_button.click()
    (row,) = _rows(store)
    expected = q.instrument.score(q.answers).iloc[0]
    allowed = {s.id for s in q.instrument.subscales} | {"compassionate", "uncompassionate", "total"}
    assert set(row["scores"]) == allowed  # no band, interval, flags or item answers
    assert not set(row["scores"]) & set(q.instrument.item_ids)
    assert row["scores"]["total"] == pytest.approx(float(expected["total"]))
    assert row["class_code"] == "PSY101-A" and row["instrument"] == "sc-practice"
    assert "Sent" in send.status.value and "PSY101-A" in send.status.value
    assert send.send_button.disabled
    send.send_button.disabled = False  # a page can re-enable a button; the kernel still refuses
    assert send.send() is False and store.count("PSY101-A") == 1
    assert "Already sent" in send.status.value


def test_submit_messages_escape_the_typed_code(store):
    send = ClassSubmit(store=store).connect(_answered())
    send.consent.value, send.code.value = True, EVIL
    send.send_button.click()
    assert "<script>" not in send.status.value and "&lt;script&gt;" in send.status.value
    assert _rows(store) == []


def test_an_unreachable_store_gives_a_message_not_a_traceback():
    class Broken:
        def submit(self, *args):
            raise ConnectionError("down")

    send = ClassSubmit(store=Broken()).connect(_answered())
    send.consent.value, send.code.value = True, "PSY101"
    assert send.send() is False and "could not be reached" in send.status.value


# --- ClassResults ------------------------------------------------------------------------------
def _fill(store, code, totals):
    for t in totals:
        store.submit(
            code,
            "sc-practice",
            {
                "total": t,
                "compassionate": t,
                "uncompassionate": 6 - t,
                "self_kindness": t,
                "isolation": 6 - t,
            },
        )


def test_below_five_responses_nothing_is_shown(store):
    _fill(store, "PSY101", [2.0, 3.0, 3.5, 4.0])
    view = ClassResults(store=store, n=200, seed=4)
    view.code.value = "PSY101"
    assert view.summary.n == MIN_RESPONSES - 1 and view.summary.suppressed
    assert "Not shown yet" in view.message.value and f"from {MIN_RESPONSES} responses" in view.message.value
    assert list(view.figure.data[1].y) == [0.0] * 16
    assert view.download.value == "" and view._details.layout.display == "none"
    assert "4 responses" in view.count.value


def test_from_six_responses_the_class_is_drawn_against_the_sample(store):
    totals = [1.9, 2.4, 3.0, 3.1, 3.8, 4.6]
    _fill(store, "PSY101", totals[:4])
    _fill(store, "OTHER", [5.0] * 6)  # another class never shows up here
    view = ClassResults(store=store, n=300, seed=4, code="PSY101")
    assert view.summary.suppressed
    _fill(store, "PSY101", totals[4:])
    view.refresh_button.click()
    assert not view.summary.suppressed and view.summary.n == 6
    counts, _ = np.histogram(totals, bins=np.linspace(1, 5, 17))
    assert list(view.figure.data[1].y) == pytest.approx((100 * counts / 6).tolist())
    sample = view.comparison.values("total")
    ref_counts, _ = np.histogram(sample, bins=np.linspace(1, 5, 17))
    assert list(view.figure.data[0].y) == pytest.approx((100 * ref_counts / len(sample)).tolist())
    assert f"{np.mean(totals):.2f}" in view.tables.value
    assert f"{np.std(totals, ddof=1):.2f}" in view.tables.value
    assert "Compassionate responding" in view.tables.value and "Self kindness" in view.tables.value.replace(
        "Self-kindness", "Self kindness"
    )
    exported = pd.read_csv(io.StringIO(_decode(view.download.value)))
    assert list(exported.columns) == ["class_code", "instrument", "score", "n", "mean", "sd"]
    assert set(exported["class_code"]) == {"PSY101"} and (exported["n"] == 6).all()
    assert exported.set_index("score").loc["total", "mean"] == pytest.approx(np.mean(totals), abs=1e-4)
    for t in totals:  # no individual score in the export
        assert not np.isclose(exported[["mean", "sd"]].to_numpy(), t).all(axis=1).any()


def test_class_results_escape_the_typed_code(store):
    view = ClassResults(store=store, n=200)
    view.code.value = EVIL
    assert "<script>" not in view.message.value and "&lt;script&gt;" in view.message.value


# --- ClassExport -------------------------------------------------------------------------------
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
    scored = pd.read_csv(io.StringIO(_decode(view.download.value)))
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


def test_score_upload_agrees_with_the_reader():
    r = score_upload(exports.plain_csv(exports.answer_matrix()).encode(), "scs")
    assert list(r.summary["score"])[-1] == "total"
    total = r.summary.set_index("score").loc["total"]
    assert total["n"] == r.scores["total"].notna().sum()
    assert total["mean"] == pytest.approx(r.scores["total"].mean())


# --- the dashboard notebooks -------------------------------------------------------------------
def test_the_dashboards_are_all_there():
    assert {p.stem for p in DASHBOARDS} == EXPECTED


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_dashboards_are_committed_clean_and_import_only_sclab(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for cell in nb.cells:
        assert "execution" not in cell.metadata and "collapsed" not in cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            for line in cell.source.splitlines():
                assert not line.lstrip().startswith(("%", "!"))
                if line.startswith(("import ", "from ")):
                    assert line.split()[1].split(".")[0] == "sclab", line
    assert any(c.source.startswith("## References") for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_dashboards_run_top_to_bottom_with_a_temporary_store(path, tmp_path, monkeypatch):
    db = tmp_path / "store.sqlite3"
    monkeypatch.setenv("SCLAB_STORE_URL", f"sqlite:///{db}")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name} cell {cell.id}: {out.get('ename')}"
            assert out.get("name") != "stderr", f"{path.name} cell {cell.id}: {out.get('text')}"
    shown = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "execute_result"]
    assert shown and all("application/vnd.jupyter.widget-view+json" in o.data for o in shown)


# --- sclab serve: a real server on a free port ---------------------------------------------------
def test_serve_options_keep_the_server_local_offline_and_quiet():
    from sclab.classroom.serving import TEMPLATE, template_root, voila_argv, voila_env

    argv = voila_argv(Path("/x"), port=9999, preheat=True)
    assert "--Voila.ip=127.0.0.1" in argv and f"--template={TEMPLATE}" in argv
    assert "--VoilaConfiguration.show_tracebacks=False" in argv and "--preheat_kernel=True" in argv
    assert "--preheat_kernel=True" not in voila_argv(Path("/x"), port=9999, preheat=False)
    # a crowd of first views must not lose its widgets to nbclient's 4 s output wait
    assert "--VoilaExecutor.iopub_timeout=60" in argv and "--VoilaExecutor.startup_timeout=300" in argv
    assert (template_root() / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()
    env = voila_env({"JUPYTER_PATH": "/elsewhere"}, store_url="sqlite:////tmp/x.sqlite3")
    assert env["JUPYTER_PATH"].split(":") == [str(template_root()), "/elsewhere"]
    assert env["SCLAB_STORE_URL"] == "sqlite:////tmp/x.sqlite3"
    with pytest.raises(ValueError, match="port"):
        voila_argv(Path("/x"), port=0)


def test_sclab_serve_serves_every_dashboard_offline_and_refuses_code_from_a_page(tmp_path):
    import re
    import urllib.request

    from support.voila_server import execute_over_websocket, kernel_id, running_server

    with running_server(f"sqlite:///{tmp_path / 'store.sqlite3'}", preheat=False) as server:
        assert sorted(u.rsplit("/", 1)[1] for u in server.urls) == sorted(f"{n}.ipynb" for n in EXPECTED)
        assert all(u.startswith(f"http://127.0.0.1:{server.port}/voila/render/") for u in server.urls)
        pages = {}
        for url in server.urls:
            with urllib.request.urlopen(url, timeout=120) as r:
                assert r.status == 200
                pages[url] = r.read().decode("utf-8")
        for url, html in pages.items():
            assert "application/vnd.jupyter.widget-view+json" in html, url
            # nothing the page loads comes from another host: no src/href to http(s) elsewhere
            outside = re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", html)
            assert [u for u in outside if not u.startswith(f"http://127.0.0.1:{server.port}")] == [], url
            assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
            assert "Traceback" not in html
        # a visitor's execute_request over the page's own kernel connection is dropped
        html = pages[server.url("take_the_scale")]
        marker = tmp_path / "visitor_ran_code"
        seen = execute_over_websocket(server.port, kernel_id(html), f"open({str(marker)!r}, 'w').write('x')")
        assert "kernel_info_reply" in seen  # the connection works ...
        assert "execute_reply" not in seen and "execute_input" not in seen  # ... but code is not run
        time.sleep(1)
        assert not marker.exists()
        # notebooks' source and the contents API stay closed
        for path in ("/api/contents/take_the_scale.ipynb", "/files/take_the_scale.ipynb"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=10)
                raise AssertionError(f"{path} was served")
            except urllib.error.HTTPError as exc:
                assert exc.code in (403, 404)
