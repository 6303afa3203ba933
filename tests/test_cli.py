"""The ``sclab`` command: listing instruments and scoring survey exports.

Exit 0 when it scored (flagged rows included) with a summary on stderr; exit 2 with exactly one
line on stderr when the input is unusable. Most tests call ``main`` in-process; two run the
module in a subprocess as a user would.
"""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys

import pytest

from sclab.cli import main
from support.exports import (
    FLAGGED_ROWS,
    ITEM_COLUMNS,
    KEY,
    MISSING_ROW,
    N_ITEMS,
    N_ROWS,
    NOT_A_NUMBER_ROW,
    OUT_OF_RANGE_ROW,
    TOO_FEW_ROW,
    _csv,
    answer_matrix,
    canonical_flags,
    expected_scores,
    forms_csv,
    plain_csv,
    plain_rows,
    qualtrics_csv,
    qualtrics_rows,
)

MATRIX = answer_matrix()
FILES = {"plain": plain_csv(MATRIX), "qualtrics": qualtrics_csv(MATRIX), "google-forms": forms_csv(MATRIX)}
IDS = ["co-practice", "mt-practice", "sc-practice", "scs", "scs-sf"]  # the five shipped instruments
SCORE_NAMES = [f"scs_{c}" for c in [*KEY, "total", "band", "n_answered", "status", "flags"]]


def write(tmp_path, text: str, name: str = "export.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def score(tmp_path, capsys, text: str, *extra: str):
    """Run ``sclab score`` on ``text``; return the exit status, the scored rows and stderr."""
    src, out = write(tmp_path, text), tmp_path / "scored.csv"
    code = main(["score", str(src), "--instrument", "scs", "--out", str(out), *extra])
    err = capsys.readouterr().err
    return code, (read_csv(out.read_text(encoding="utf-8")) if out.exists() else None), err


def first_respondent_line(fmt: str) -> int:
    if fmt == "qualtrics":  # header, question text (one line per break + 1), import ids
        rows = qualtrics_rows(MATRIX)
        return 1 + sum(1 + sum(c.count("\n") for c in r) for r in rows[:3])
    return 2


# --- sclab instruments -----------------------------------------------------------------------


def test_instruments_lists_all_five(capsys):
    assert main(["instruments"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line[:1].strip()]
    assert set(IDS) <= set(listed)
    assert "scs" in out and "26 items" in out and "12 items" in out


# --- sclab score: output -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FILES))
def test_score_writes_every_row_in_order_with_scores_after_the_file_columns(fmt, tmp_path, capsys):
    code, (columns, rows), err = score(tmp_path, capsys, FILES[fmt])
    assert code == 0
    file_header = next(csv.reader(io.StringIO(FILES[fmt])))
    assert columns[: len(file_header)] == file_header
    assert set(SCORE_NAMES) <= set(columns[len(file_header) :])
    assert len(rows) == N_ROWS
    first_col = file_header[0]
    in_file = list(csv.DictReader(io.StringIO(FILES[fmt], newline="")))
    if fmt == "qualtrics":
        in_file = in_file[2:]  # question text and import ids are not respondents
    assert [r[first_col] for r in rows] == [r[first_col] for r in in_file]
    for i, (row, cells) in enumerate(zip(rows, MATRIX, strict=True)):
        want = expected_scores(cells)
        got = float(row["scs_total"]) if row["scs_total"] else math.nan
        assert got == pytest.approx(want["total"], nan_ok=True), i
        assert row["scs_band"] == (want["band"] or ""), i
        assert bool(row["scs_flags"]) == (i in FLAGGED_ROWS), i
    assert f"wrote {tmp_path / 'scored.csv'} ({N_ROWS} rows" in err


def test_score_keeps_answers_as_written_and_explains_flags_in_the_file(tmp_path, capsys):
    _, (_, rows), _ = score(tmp_path, capsys, FILES["google-forms"])
    item = ITEM_COLUMNS["google-forms"]
    assert rows[NOT_A_NUMBER_ROW][item[8]] == "often"
    assert rows[MISSING_ROW]["scs_flags"] == f"missing: {item[6]}"
    assert rows[OUT_OF_RANGE_ROW]["scs_flags"] == f"out of range 1-5: {item[11]}=7"
    assert rows[NOT_A_NUMBER_ROW]["scs_flags"] == f"not a number: {item[8]}='often'"
    assert rows[TOO_FEW_ROW]["scs_status"] == "unscored" and rows[TOO_FEW_ROW]["scs_total"] == ""
    assert "mindfulness not scored" in rows[TOO_FEW_ROW]["scs_flags"]


def test_score_gives_identical_scores_for_plain_qualtrics_and_google_forms(tmp_path, capsys):
    results = {}
    for fmt, text in FILES.items():
        folder = tmp_path / fmt
        folder.mkdir()
        code, (_, rows), _ = score(folder, capsys, text)
        assert code == 0
        # flags name the file's own columns: compare them with each written as 'item N'
        flags = canonical_flags([r["scs_flags"] for r in rows], ITEM_COLUMNS[fmt])
        results[fmt] = [
            {**{c: r[c] for c in SCORE_NAMES}, "scs_flags": f} for r, f in zip(rows, flags, strict=True)
        ]
    assert results["qualtrics"] == results["plain"]
    assert results["google-forms"] == results["plain"]
    assert sum(bool(r["scs_flags"]) for r in results["plain"]) == len(FLAGGED_ROWS)


@pytest.mark.parametrize("fmt", list(FILES))
def test_summary_names_each_flagged_row_its_line_and_reason(fmt, tmp_path, capsys):
    code, _, err = score(tmp_path, capsys, FILES[fmt])
    assert code == 0
    first = first_respondent_line(fmt)
    items = ITEM_COLUMNS[fmt]
    assert f"{N_ROWS} rows read from" in err and f"({fmt} export;" in err
    assert "4 scored, every answer valid" in err
    assert "3 scored with flags" in err
    assert "1 not scored" in err
    lines = err.splitlines()

    def line_for(row: int) -> str:
        hits = [x for x in lines if f"row {row + 1} (line {first + row}):" in x]
        assert len(hits) == 1, (row, err)
        return hits[0]

    assert f"missing: {items[6]}" in line_for(MISSING_ROW)
    assert f"out of range 1-5: {items[11]}=7" in line_for(OUT_OF_RANGE_ROW)
    assert f"not a number: {items[8]}='often'" in line_for(NOT_A_NUMBER_ROW)
    assert "total not scored" in line_for(TOO_FEW_ROW)
    for row in set(range(N_ROWS)) - set(FLAGGED_ROWS):
        assert f"row {row + 1} (" not in err


def test_summary_repeats_the_reader_notes(tmp_path, capsys):
    _, _, err = score(tmp_path, capsys, FILES["qualtrics"])
    assert "note: 2 Qualtrics header row(s)" in err
    _, _, err = score(tmp_path, capsys, plain_csv(MATRIX, ";"))
    assert "note: delimiter ';'" in err


def test_without_out_the_scored_csv_goes_to_stdout(tmp_path, capsys):
    src = write(tmp_path, FILES["plain"])
    assert main(["score", str(src), "-i", "scs"]) == 0
    captured = capsys.readouterr()
    columns, rows = read_csv(captured.out)
    assert columns[:2] == ["id", "scs_1"] and "scs_total" in columns
    assert [r["id"] for r in rows] == [f"P{i:02d}" for i in range(1, N_ROWS + 1)]
    assert "rows read from" in captured.err and "wrote" not in captured.err
    assert "rows read from" not in captured.out


def test_items_pattern_chooses_between_two_numbered_sets(tmp_path, capsys):
    # A second 26-row grid (Q3_1 .. Q3_26) makes detection ambiguous; --items settles it.
    rows = qualtrics_rows(MATRIX)
    rows[0] += [f"Q3_{n}" for n in range(1, N_ITEMS + 1)]
    rows[1] += [f"Other grid - {n}" for n in range(1, N_ITEMS + 1)]
    rows[2] += [f'{{"ImportId":"QID3_{n}"}}' for n in range(1, N_ITEMS + 1)]
    for row in rows[3:]:
        row += ["3"] * N_ITEMS
    text = _csv(rows)
    code, _, err = score(tmp_path, capsys, text)
    assert code == 2 and "Q1_{n}" in err and "Q3_{n}" in err
    code, (_, scored), err = score(tmp_path, capsys, text, "--items", "Q1_{n}")
    assert code == 0, err
    totals = [float(r["scs_total"]) if r["scs_total"] else math.nan for r in scored]
    assert totals == pytest.approx([expected_scores(c)["total"] for c in MATRIX], nan_ok=True)
    assert "items Q1_1 .. Q1_26" in err


def test_format_override_scores_qualtrics_header_rows_as_flagged_rows(tmp_path, capsys):
    code, (_, rows), err = score(tmp_path, capsys, FILES["qualtrics"], "--format", "plain")
    assert code == 0
    assert "(plain export;" in err and "Qualtrics header" not in err
    assert len(rows) == N_ROWS + 2
    assert rows[0]["scs_status"] == rows[1]["scs_status"] == "unscored"
    assert rows[1]["scs_flags"].startswith('not a number: Q1_1=\'{"ImportId":"QID1_1"}\'')


# --- sclab score: unusable input -------------------------------------------------------------


def _ragged() -> str:
    rows = plain_rows(MATRIX)
    rows[3] = rows[3][:20]
    return _csv(rows)


def _duplicated_item() -> str:
    rows = plain_rows(MATRIX)
    rows[0].append("scs_5")
    for row in rows[1:]:
        row.append("2")
    return _csv(rows)


def _undetectable() -> str:
    rows = plain_rows(MATRIX)
    rows[0] = ["id", *(f"item{chr(65 + i % 26)}" for i in range(N_ITEMS))]
    return _csv(rows)


def _ambiguous() -> str:
    rows = plain_rows(MATRIX)
    rows[0] += [f"Q{n}" for n in range(1, N_ITEMS + 1)]
    for row in rows[1:]:
        row += row[1:]
    return _csv(rows)


UNUSABLE = {
    # case: (file text, or None for no file; extra arguments; what the one line must say)
    "missing file": (None, [], "no such file"),
    "unknown instrument": (FILES["plain"], ["--instrument", "scs-long"], "valid ids: " + ", ".join(IDS)),
    "undetectable items": (_undetectable(), [], "no set of columns numbered 1-26"),
    "ambiguous items": (_ambiguous(), [], "more than one set of columns"),
    "pattern misses": (FILES["plain"], ["--items", "Q{n}"], "26 of 26 scs item columns not found"),
    "ragged file": (_ragged(), [], "line 4 has 20 fields but the header has 27"),
    "empty file": ("", [], "the file is empty"),
    "header only": (_csv(plain_rows(MATRIX)[:1]), [], "the file has a header but no answer rows"),
    "duplicated item column": (_duplicated_item(), [], "column 'scs_5' appears more than once"),
    "qualtrics without responses": (_csv(qualtrics_rows(MATRIX)[:3]), [], "header rows but no responses"),
}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_unusable_input_exits_2_with_one_line(case, tmp_path, capsys):
    text, extra, reason = UNUSABLE[case]
    src = tmp_path / "export.csv"
    if text is not None:
        src.write_text(text, encoding="utf-8", newline="")
    out = tmp_path / "scored.csv"
    argv = ["score", str(src), "--instrument", "scs", "--out", str(out), *extra]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("sclab score: ") and str(src) in lines[0]
    assert reason in lines[0]
    assert not out.exists()


def test_a_folder_given_as_the_file_exits_2_with_one_line(tmp_path, capsys):
    code = main(["score", str(tmp_path), "--instrument", "scs"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1 and str(tmp_path) in err


def test_an_unbalanced_quote_in_a_large_file_exits_2_with_one_line(tmp_path, capsys):
    text = _csv(plain_rows(MATRIX * 700)).replace("\r\nP03,", '\r\n"P03,', 1)
    code = main(["score", str(write(tmp_path, text)), "--instrument", "scs"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1 and "line 4" in err


# --- as a user runs it ---------------------------------------------------------------------


def _run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sclab.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_command_scores_a_google_forms_export_in_a_subprocess(tmp_path):
    src, out = write(tmp_path, FILES["google-forms"], "forms.csv"), tmp_path / "out.csv"
    done = _run("score", str(src), "--instrument", "scs", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"row {TOO_FEW_ROW + 1} (line {TOO_FEW_ROW + 2}):" in done.stderr
    _, rows = read_csv(out.read_text(encoding="utf-8"))
    assert len(rows) == N_ROWS
    assert float(rows[0]["scs_total"]) == pytest.approx(expected_scores(MATRIX[0])["total"])


def test_command_refuses_an_unknown_instrument_in_a_subprocess(tmp_path):
    src = write(tmp_path, FILES["plain"])
    done = _run("score", str(src), "--instrument", "nope", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    assert "unknown instrument 'nope'" in done.stderr


def test_instruments_reports_a_broken_wording_file_in_one_line(_private_wording_dir, capsys):
    (_private_wording_dir / "scs.yaml").write_text("instrument: scs\nsource: x\nitems: {1: only one}\n")
    assert main(["instruments"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "scs has 26 items" in err[0] and "missing" in err[0]


# --- lab and serve: what they need, said in one line ---------------------------------------------
@pytest.mark.parametrize(
    "command, kind, words",
    [
        ("lab", "course", "the course notebooks come with the source"),
        ("serve", "dashboards", "the dashboards come with the source (course/dashboards)"),
    ],
)
def test_lab_and_serve_say_where_their_notebooks_are_when_the_install_has_none(
    command, kind, words, monkeypatch, capsys
):
    import sclab.resources

    real = sclab.resources.shipped

    def without(name):
        if name == kind:
            raise FileNotFoundError(name)
        return real(name)

    monkeypatch.setattr(sclab.resources, "shipped", without)
    assert main([command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"sclab {command}: {words}")


@pytest.mark.parametrize(
    "command, module, program", [("lab", "jupyterlab", "JupyterLab"), ("serve", "voila", "Voila")]
)
def test_lab_and_serve_name_the_missing_program_and_the_extra(command, module, program, monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a)
    )
    assert main([command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"sclab {command}: {program} is not installed; install the course extra: pip install -e '.[course]'"
    ]


def test_serve_refuses_a_port_out_of_range_before_starting(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert capsys.readouterr().err.strip() == "sclab serve: --port must be 1-65535; got 70000"


def _capture_serve(monkeypatch) -> dict:
    import sclab.classroom.serving

    seen: dict = {}
    monkeypatch.setattr(sclab.classroom.serving, "serve", lambda folder, **kw: seen.update(kw) or 0)
    monkeypatch.delenv("SCLAB_INSTRUCTOR_KEY", raising=False)
    return seen


def test_serve_takes_the_instructor_key_from_key_or_the_environment(monkeypatch):
    seen = _capture_serve(monkeypatch)
    assert main(["serve", "--key", "a-key-of-twenty-two-chars"]) == 0
    assert seen["key"] == "a-key-of-twenty-two-chars"
    monkeypatch.setenv("SCLAB_INSTRUCTOR_KEY", "key-from-the-environment")
    assert main(["serve"]) == 0 and seen["key"] == "key-from-the-environment"
    monkeypatch.delenv("SCLAB_INSTRUCTOR_KEY")
    assert main(["serve", "--ip", "0.0.0.0"]) == 0
    assert seen["key"] is None and seen["ip"] == "0.0.0.0"  # None: serve makes a new key for this run


def test_serve_refuses_a_short_key_before_starting(monkeypatch, capsys):
    seen = _capture_serve(monkeypatch)
    assert main(["serve", "--key", "letmein"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("sclab serve: --key: the instructor key must be at least 22 characters")
    assert "letmein" not in err and seen == {}


# --- no formula in what sclab writes --------------------------------------------------------------


def formula_export() -> str:
    """The plain export with one extra column per payload (headed by a payload) and one headed ``=x``."""
    from support.formulas import PAYLOADS

    rows = plain_rows(MATRIX)
    rows[0] += [*PAYLOADS, "=x"]
    for i, row in enumerate(rows[1:]):
        row += [PAYLOADS[(i + j) % len(PAYLOADS)] for j in range(len(PAYLOADS))] + ["-3"]
    return _csv(rows)


def test_score_out_and_stdout_carry_no_formula_in_cells_or_headers(tmp_path, capsys):
    from support.formulas import PAYLOADS, runnable_cells

    text = formula_export()
    assert len(runnable_cells(text)) > len(PAYLOADS)
    code, (columns, rows), _ = score(tmp_path, capsys, text)
    written = (tmp_path / "scored.csv").read_bytes().decode("utf-8")  # carriage returns kept
    assert code == 0 and runnable_cells(written) == []
    assert "'=x" in columns and "'+cmd|' /C calc'!A0" in columns
    assert [r["'=x"] for r in rows] == ["-3"] * N_ROWS  # a number as written stays a number
    assert rows[0]["'" + PAYLOADS[0]] == "'" + PAYLOADS[0]
    assert float(rows[0]["scs_total"]) == pytest.approx(expected_scores(MATRIX[0])["total"])
    assert main(["score", str(write(tmp_path, text)), "-i", "scs"]) == 0
    assert capsys.readouterr().out == written


def test_simulate_writes_no_formula_and_keeps_numbers(tmp_path, capsys, monkeypatch):
    """Shipped cards have no such labels; a card's group labels are text all the same."""
    import pandas as pd

    import sclab.populations.simulate as sim
    from support.formulas import runnable_cells

    def fake(card, n, seed, variant=None):
        return pd.DataFrame({"group": ["=HYPERLINK(1)", "@SUM(1)"], "-score": [-1.25, 2.5]})

    monkeypatch.setattr(sim, "simulate", fake)
    out = tmp_path / "sample.csv"
    assert main(["simulate", "students-scs", "--n", "2", "--seed", "1", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert runnable_cells(text) == []
    assert text == "group,'-score\n'=HYPERLINK(1),-1.250000\n'@SUM(1),2.500000\n"
