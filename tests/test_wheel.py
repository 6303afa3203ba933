"""A built wheel carries its content: installed into a fresh environment, it finds every kind of
shipped content inside itself and loads every instrument, a card, a sample and a check."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_environment_and_loads_every_instrument(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(dist.glob("sclab-*.whl"))
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    # The package itself comes only from the wheel; its dependencies are borrowed from this
    # environment's site-packages (read-only, after the fresh one) to avoid a download.
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True)
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "zz_borrowed_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    probe = (
        "import json, sclab; from sclab.resources import KINDS, shipped; "
        "from sclab.lessons.knowledge_check import load_check; "
        "print(json.dumps({'file': sclab.__file__, 'kinds': {k: str(shipped(k)) for k in KINDS}, "
        "'card': sclab.load_card('students-scs').id, 'rows': len(sclab.load_sample('students-scs')), "
        "'check': len(load_check('00_welcome').questions), "
        "'dashboards': sorted(p.name for p in shipped('dashboards').glob('*.ipynb')), "
        "'items': {i.id: i.n_items for i in sclab.list_instruments()}}))"
    )
    out = subprocess.run(
        [str(py), "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "SCLAB_WORDING_DIR": str(tmp_path / "none")},
    )
    found = json.loads(out.stdout)
    assert found["file"].startswith(str(env)), "sclab was imported from outside the fresh environment"
    assert all(path.startswith(str(env)) for path in found["kinds"].values()), found["kinds"]
    assert found["card"] == "students-scs" and found["rows"] > 100 and found["check"] >= 3
    assert "take_the_scale.ipynb" in found["dashboards"]
    assert found["items"] == {
        "co-practice": 16,
        "mt-practice": 12,
        "sc-practice": 24,
        "scs": 26,
        "scs-sf": 12,
    }
    cli = subprocess.run(
        [str(env / "bin" / "sclab"), "instruments"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "SCLAB_WORDING_DIR": str(tmp_path / "none")},
    )
    assert "scs-sf" in cli.stdout
