"""Benchmark: resident memory of a kernel that has run one dashboard's code cells.

Each run starts a fresh kernel (nbclient, as ``tests/test_imports.py`` does), runs the dashboard's
code cells against a temporary SQLite store, and reads the kernel process's resident set size
(psutil) after the last cell. On the student page it also reads it after a (simulated) student
submits, which places the score in the comparison sample, and after Send, which opens the class
store. A ``baseline`` row is a kernel that only imported ipywidgets: what any widget page pays
before the course adds anything. Prints figures; asserts nothing. Run:

    python benchmarks/bench_kernel_memory.py [--repeat N] [--modules]
    python benchmarks/bench_kernel_memory.py --quick      # take_the_scale once (well under a minute)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

import nbclient
import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
DASHBOARDS = ROOT / "course" / "dashboards"
#: The last cell: the kernel's process id and the top-level packages it has loaded.
_REPORT = (
    "import json as _j, os as _o, sys as _s\n"
    "print(_j.dumps([_o.getpid(), sorted({m.split('.')[0] for m in _s.modules})]))"
)
BASELINE = "import ipywidgets"
#: The student page's later moments: (label, code) run after its cells, RSS read after each.
STUDENT = "take_the_scale"
LATER = (
    ("submitted", "questionnaire.use_simulated_respondent(); questionnaire.submit()"),
    (
        "sent",
        "_send = next(v for v in Out.values() if type(v).__name__ == 'ClassSubmit')\n"
        "_send.consent.value, _send.code.value = True, 'BENCH1'\n"
        "assert _send.send()",
    ),
)


def _cells(name: str) -> list[str]:
    if name == "baseline":
        return [BASELINE]
    nb = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _run(client, nb, sources: list[str]) -> None:
    for source in sources:
        nb.cells.append(nbformat.v4.new_code_cell(source))
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)


def kernel_rss(name: str) -> tuple[dict[str, float], list[str]]:
    """RSS in MB of a fresh kernel after ``name``'s code cells (``"ready"``, and for the student page
    after each of :data:`LATER`), and the top-level modules it had loaded by the end."""
    nb = nbformat.v4.new_notebook()
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(DASHBOARDS)}}
    )
    sizes: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCLAB_STORE_URL"] = f"sqlite:///{Path(tmp) / 'store.sqlite3'}"
        if name == STUDENT:
            from sclab.classroom.store import ClassStore  # the instructor opens the class first

            ClassStore().open_class(code="BENCH1", cap=30)
        with client.setup_kernel():
            _run(client, nb, [*_cells(name), _REPORT])
            pid, modules = json.loads(nb.cells[-1].outputs[-1]["text"])
            process = psutil.Process(pid)
            sizes["ready"] = process.memory_info().rss / 2**20
            for label, source in LATER if name == STUDENT else ():
                _run(client, nb, [source])
                sizes[label] = process.memory_info().rss / 2**20
            _run(client, nb, [_REPORT])
            modules = json.loads(nb.cells[-1].outputs[-1]["text"])[1]
    return sizes, modules


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="kernels per dashboard (default 3)")
    parser.add_argument("--quick", action="store_true", help="take_the_scale only, one kernel")
    parser.add_argument("--modules", action="store_true", help="also list the top-level modules loaded")
    args = parser.parse_args()
    names = (
        ["take_the_scale"]
        if args.quick
        else ["baseline", *sorted(p.stem for p in DASHBOARDS.glob("*.ipynb"))]
    )
    repeat = 1 if args.quick else args.repeat
    print(f"{'kernel':<34} {'median RSS (MB)':>16}   runs")
    for name in names:
        runs = [kernel_rss(name) for _ in range(repeat)]
        for moment in runs[0][0]:
            sizes = [run[moment] for run, _ in runs]
            label = name if moment == "ready" else f"{name}, {moment}"
            shown = ", ".join(f"{s:.0f}" for s in sizes)
            print(f"{label:<34} {statistics.median(sizes):>16.1f}   {shown}")
        if args.modules:
            print("    " + " ".join(runs[-1][1]))


if __name__ == "__main__":
    main()
