"""pyproject.toml and environment.yml name the same packages with the same tested ranges."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", spec)  # extras such as [binary] dropped
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_split(s) for s in project["dependencies"])
    for extra in ("course", "test"):
        wanted.update(_split(s) for s in project["optional-dependencies"][extra])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_split(s) for s in env["dependencies"] if isinstance(s, str) and s != "pip")
    conda.pop("python")
    pip_part = next(s for s in env["dependencies"] if isinstance(s, dict))["pip"]
    assert "-e ." in pip_part
    # a package that conda-forge lacks comes from PyPI in the pip part, with the same range
    from_pypi = dict(_split(s) for s in pip_part if not s.startswith("-"))
    assert not set(conda) & set(from_pypi), "a package is named twice"
    assert wanted == conda | from_pypi


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert f"python{project['requires-python']}" in env["dependencies"]
