"""Reading the project's YAML files into validated models, with errors that name file, field and rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

__all__ = ["describe_validation_error", "read_mapping", "read_model"]

M = TypeVar("M", bound=BaseModel)


def describe_validation_error(label: str, err: ValidationError, *, extra_hint: str | None = None) -> str:
    """``'<label>: field 'items[4].subscale': <rule>; ...'`` with list positions counted from 1.

    A rule across fields (an error with no location) is expected to name its field itself.
    ``extra_hint`` replaces pydantic's text for an unknown field (for example, the valid names).
    """
    parts = []
    for e in err.errors():
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden" and extra_hint:
            msg = extra_hint
        loc = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in e["loc"]).lstrip(".")
        parts.append(f"field {loc!r}: {msg}" if loc and not msg.startswith("field ") else msg)
    return f"{label}: " + "; ".join(parts)


def read_mapping(
    path: Path, error: type[ValueError], *, label: str | None = None, empty_ok: bool = False
) -> dict[str, Any]:
    """The top-level mapping of a YAML file, or ``error`` saying why there is none."""
    label = label or path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise error(f"{label}: not valid YAML ({exc})") from None
    if data is None and empty_ok:
        return {}
    if not isinstance(data, dict):
        raise error(f"{label}: expected a mapping of fields at the top level")
    return data


def read_model(
    path: str | Path, model: type[M], error: type[ValueError], *, id_matches_name: bool = True
) -> M:
    """Read and validate one file; with ``id_matches_name`` its ``id`` must equal the file name."""
    path = Path(path)
    data = read_mapping(path, error)
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        raise error(describe_validation_error(path.name, exc)) from None
    if id_matches_name and getattr(obj, "id", path.stem) != path.stem:
        raise error(f"{path.name}: field 'id' is {obj.id!r} but must match the file name {path.stem!r}")
    return obj
