"""Course notebooks: committed clean, import only sclab, and run top to bottom in a fresh kernel."""

from __future__ import annotations

import ast
import sys

import jupyter_client.manager
import nbclient
import nbformat
import pytest

from sclab.resources import shipped

COURSE = shipped("course")
NOTEBOOKS = sorted(COURSE.glob("*.ipynb"))


def test_the_course_has_notebooks():
    assert NOTEBOOKS, f"no notebooks found in {COURSE}"
    assert NOTEBOOKS[0].name == "00_welcome.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_counts_or_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert "widgets" not in nb.metadata, "widget state is saved in the notebook: clear it"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} has outputs"
        assert "execution" not in cell.metadata and "collapsed" not in cell.metadata
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_import_only_sclab(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            assert not line.lstrip().startswith(("%", "!")), f"cell {cell.id}: no magics or shell: {line}"
        assert "sys.path" not in cell.source
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert all(n.split(".")[0] == "sclab" for n in names), f"cell {cell.id} imports {names}"


def test_the_kernel_runs_this_interpreter():
    km = jupyter_client.manager.KernelManager(kernel_name="python3")
    assert km.format_kernel_cmd()[0] == sys.executable


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_in_a_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    )
    client.execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name} cell {cell.id}: {out.get('ename')}"
            assert out.get("name") != "stderr", (
                f"{path.name} cell {cell.id} wrote to stderr: {out.get('text')}"
            )
    kinds = ("execute_result", "display_data")
    shown = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type in kinds]
    widgets_shown = [o for o in shown if "application/vnd.jupyter.widget-view+json" in o.data]
    assert widgets_shown, f"{path.name} shows no widget"  # every notebook has at least its check
    results = [o for o in shown if o.output_type == "execute_result"]
    assert all("application/vnd.jupyter.widget-view+json" in o.data for o in results), (
        f"{path.name}: a cell's last line shows something other than a widget"
    )
