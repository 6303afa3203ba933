"""sclab.ui keeps rfc3987-syntax out of course kernels and leaves one that has jsonschema already alone."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_figure_widget_after_sclab_ui_does_not_load_the_iri_grammar():
    out = _run(
        "import sys, sclab.ui, plotly.graph_objects as go, jsonschema\n"
        "go.FigureWidget(go.Figure())\n"
        "jsonschema.validate({'a': 1}, {'type': 'object', 'properties': {'a': {'type': 'integer'}}})\n"
        "print(sys.modules.get('rfc3987_syntax', 'absent'))"
    )
    assert out == "None"


def test_a_kernel_that_already_imported_jsonschema_is_left_alone():
    out = _run(
        "import sys, importlib.util, jsonschema\n"
        "installed = importlib.util.find_spec('rfc3987_syntax') is not None\n"
        "import sclab.ui\n"
        "print(installed == (sys.modules.get('rfc3987_syntax') is not None))"
    )
    assert out == "True"
