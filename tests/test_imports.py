"""Light imports: ``import sclab`` loads no statistics or database library, and a student's page
loads no scipy, statsmodels or pingouin, even once the score is placed, and no SQLAlchemy before
the student presses Send (``benchmarks/bench_kernel_memory.py`` prints what each of them costs).

Each check runs in a fresh interpreter or a fresh kernel, since this test process has long since
imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

import nbclient
import nbformat

import sclab
import sclab.ui
from sclab.resources import shipped

HEAVY = ("scipy", "statsmodels", "pingouin", "sqlalchemy")
NOT_BEFORE_SEND = ("scipy", "statsmodels", "pingouin", "sqlalchemy")
_PROBE = "import json, sys; print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))"


def _loaded_after(code: str, names=HEAVY) -> list[str]:
    """The ``names`` a fresh interpreter has loaded after running ``code``."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\n{_PROBE.format(names=tuple(names))}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_sclab_loads_no_statistics_or_database_library():
    assert _loaded_after("import sclab") == []
    assert _loaded_after("import sclab.ui") == []


def test_the_probe_sees_a_heavy_import():
    assert _loaded_after("import sclab; sclab.simulate") == ["scipy"]


def test_every_public_name_is_there_when_asked_for():
    for package in (sclab, sclab.ui):
        assert set(package.__all__) <= set(dir(package))
        for name in package.__all__:
            assert getattr(package, name).__name__ == name, name
    assert callable(sclab.simulate) and sclab.simulate.__module__ == "sclab.populations.simulate"
    from sclab.ui import ClassSubmit, Questionnaire  # noqa: F401  (the course's way of importing)


def test_an_unknown_name_is_an_attribute_error():
    for package in (sclab, sclab.ui):
        try:
            package.no_such_name  # noqa: B018
        except AttributeError as exc:
            assert "no_such_name" in str(exc)
        else:
            raise AssertionError(f"{package.__name__}.no_such_name did not raise")


def _cell(source: str):
    return nbformat.v4.new_code_cell(source)


def test_the_student_page_loads_no_statistics_or_store_before_send(tmp_path, monkeypatch):
    """Run take_the_scale's code cells in a fresh kernel, list what is loaded; submit (the report
    places the score in its comparison sample) and list again; then press Send."""
    monkeypatch.setenv("SCLAB_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    path = shipped("dashboards") / "take_the_scale.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type == "code"]
    assert any("ClassSubmit" in c.source for c in nb.cells)
    probe = _PROBE.format(names=NOT_BEFORE_SEND)
    nb.cells.append(_cell(probe))
    nb.cells.append(
        _cell(
            "questionnaire.use_simulated_respondent(); questionnaire.submit()\n"
            "print(report.report.percentile is not None)\n" + probe
        )
    )
    nb.cells.append(
        _cell(
            "send = next(v for v in Out.values() if type(v).__name__ == 'ClassSubmit')\n"
            "send.consent.value, send.code.value = True, 'PSY101'\n"
            "print(send.send())\n" + probe
        )
    )
    from sclab.classroom.store import ClassStore

    ClassStore().open_class(code="PSY101", cap=30)  # the instructor opened the class (same store file)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    ready = nb.cells[-3].outputs[-1]["text"].strip()
    assert json.loads(ready) == [], f"loaded by the page: {ready}"
    placed, submitted = nb.cells[-2].outputs[-1]["text"].split()
    assert placed == "True" and json.loads(submitted) == [], f"loaded by Submit: {submitted}"
    sent, after = nb.cells[-1].outputs[-1]["text"].split()
    assert sent == "True" and json.loads(after) == ["sqlalchemy"]  # the store opens when sending
