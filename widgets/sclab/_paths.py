"""Where the shipped data files live: inside the wheel, or beside the source tree."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir"]

_HERE = Path(__file__).resolve().parent


def data_dir(kind: str) -> Path:
    """Return the folder of shipped data files of one kind (``instruments``, ``cards``, ``samples``).

    A built wheel carries them in ``sclab/datasets/``; an editable install or a source checkout
    reads them from the repository's top-level ``datasets/``.
    """
    for root in (_HERE / "datasets", _HERE.parent.parent / "datasets"):
        folder = root / kind
        if folder.is_dir():
            return folder
    raise FileNotFoundError(
        f"sclab's {kind!r} data folder is missing: looked in {_HERE / 'datasets'} and "
        f"{_HERE.parent.parent / 'datasets'}. Reinstall sclab (pip install sclab) or run from a full clone."
    )
