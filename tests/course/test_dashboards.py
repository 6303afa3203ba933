"""The dashboard notebooks: all there, committed clean, importing only sclab, and each run top to bottom.

They run in a fresh kernel (nbclient) against a temporary SQLite store ($SCLAB_STORE_URL).
"""

from __future__ import annotations

import nbclient
import nbformat
import pytest

from sclab.resources import shipped

DASHBOARDS = sorted(shipped("dashboards").glob("*.ipynb"))
EXPECTED = {"take_the_scale", "class_results", "lecture_explorer", "score_class_export"}


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


def _care_notes(path) -> list[str]:
    """The CareNote(...) calls a notebook's code cells end with (what each cell shows)."""
    nb = nbformat.read(path, as_version=4)
    lasts = [
        c.source.strip().splitlines()[-1] for c in nb.cells if c.cell_type == "code" and c.source.strip()
    ]
    return [line for line in lasts if line.startswith("CareNote(")]


def test_take_the_scale_shows_the_same_care_note_and_help_as_notebook_02():
    ours = _care_notes(shipped("dashboards") / "take_the_scale.ipynb")
    course = _care_notes(shipped("course") / "02_take_the_scale.ipynb")
    assert course and ours == course  # the full note: not a diagnosis and the configured help resources
    assert all("help=False" not in call for call in ours)
