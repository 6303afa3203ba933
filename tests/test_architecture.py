"""The package's shape: the layer rule (import-linter), and parts small enough to read.

The layer rule lives in ``pyproject.toml`` as import-linter contracts; these tests run them, and
show on a copy of the package with one forbidden import added that the contracts do catch it.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "widgets" / "sclab"
LINT = Path(sys.executable).with_name("lint-imports")

#: The limits the project holds itself to (see the README's Development section).
MAX_FUNCTION_LINES = 60  # lines of code in one function, docstring, comments and blank lines aside
MAX_VIEW_MODULE_LINES = 300  # lines of one module in sclab/ui


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root / "widgets"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("measure/scoring.py", "import sclab.ui.questionnaire", "Layers"),
        ("stats/_common.py", "import sclab.measure.scoring", "Layers"),
        ("lessons/answers.py", "import ipywidgets", "Models import no widgets"),
        ("classroom/store.py", "import sclab.populations.simulate", "The classroom uses"),
        ("measure/item_columns.py", "import sclab.measure.survey_exports", "No import cycles"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, contract):
    copy = tmp_path / "repo"
    shutil.copytree(PACKAGE, copy / "widgets" / "sclab", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "widgets" / "sclab" / module
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n{line}  # added by the test\n", encoding="utf-8"
    )
    result = _lint(copy)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts")[-1]
    assert contract in broken, result.stdout


def _code_lines(node: ast.AST, source_lines: list[str]) -> int:
    """Lines of code in a function: its span less blank lines, comment lines and its docstring."""
    body = node.body
    start = node.lineno
    skip: set[int] = set()
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        if isinstance(body[0].value.value, str):
            skip.update(range(body[0].lineno, body[0].end_lineno + 1))
    count = 0
    for i in range(start, node.end_lineno + 1):
        text = source_lines[i - 1].strip()
        if i in skip or not text or text.startswith("#"):
            continue
        count += 1
    return count


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path.relative_to(PACKAGE), node, _code_lines(node, lines)


def test_the_package_has_functions_to_measure():
    assert len(list(_functions())) > 100


def test_no_function_is_longer_than_the_limit():
    long = [
        f"{path}:{node.lineno} {node.name} ({n} lines)"
        for path, node, n in _functions()
        if n > MAX_FUNCTION_LINES
    ]
    assert not long, "functions over the limit: " + "; ".join(long)


def test_view_modules_fit_the_limit():
    views = sorted((PACKAGE / "ui").rglob("*.py"))
    assert views
    long = [
        f"{p.relative_to(PACKAGE)} ({n} lines)"
        for p in views
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_VIEW_MODULE_LINES
    ]
    assert not long, "view modules over the limit: " + "; ".join(long)


def test_the_line_counter_counts_code_only():
    source = 'def f():\n    """Doc\n    string."""\n    # a comment\n\n    x = 1\n    return x\n'
    node = ast.parse(source).body[0]
    assert _code_lines(node, source.splitlines()) == 3  # def, x = 1, return
