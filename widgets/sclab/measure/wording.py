"""Local wording overlay: published item text an instructor holds a licence for, never shipped.

The project ships the scoring keys of ``scs`` and ``scs-sf`` with ``text: null``. An instructor
who may use the published wording writes it to a YAML file outside the repository::

    instrument: scs
    source: "Licensed copy, obtained from the author on 2026-09-01"
    items:
      1: "..."
      2: "..."

and places it at ``$SCLAB_WORDING_DIR/<id>.yaml`` or, by default, in the user configuration
folder (``sclab wording-dir`` prints it; on Linux ``~/.config/sclab/wording/<id>.yaml``).
The file is checked against the key: same instrument, every item number once, no extra numbers,
non-empty text. The instrument then becomes administrable like the practice inventories.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from sclab.errors import InstrumentFileError

if TYPE_CHECKING:
    from sclab.measure.instrument import Instrument

__all__ = ["ENV_VAR", "apply_wording", "find_wording", "wording_dir"]

#: Environment variable naming the folder that holds wording files.
ENV_VAR = "SCLAB_WORDING_DIR"


def wording_dir() -> Path:
    """The folder searched for wording files: ``$SCLAB_WORDING_DIR`` or the user config folder."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("sclab", appauthor=False)) / "wording"


def find_wording(instrument_id: str) -> Path | None:
    """The wording file for an instrument, if an instructor installed one."""
    for suffix in (".yaml", ".yml"):
        path = wording_dir() / f"{instrument_id}{suffix}"
        if path.is_file():
            return path
    return None


def apply_wording(instrument: Instrument, path: str | Path) -> Instrument:
    """Return a copy of ``instrument`` with the item text from ``path``, checked against the key."""

    path = Path(path)
    where = f"wording file {path}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InstrumentFileError(f"{where}: no such file") from None
    except yaml.YAMLError as exc:
        raise InstrumentFileError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise InstrumentFileError(
            f"{where}: expected fields 'instrument', 'source' and 'items' (a mapping of item number to text)"
        )
    if data.get("instrument") != instrument.id:
        raise InstrumentFileError(
            f"{where}: field 'instrument' is {data.get('instrument')!r} "
            f"but this file is used for {instrument.id!r}"
        )
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise InstrumentFileError(f"{where}: field 'source' must say where the licensed wording comes from")
    texts: dict[int, str] = {}
    for raw_number, text in data["items"].items():
        try:
            number = int(raw_number)
        except (TypeError, ValueError):
            raise InstrumentFileError(f"{where}: item key {raw_number!r} is not an item number") from None
        if number in texts:
            raise InstrumentFileError(f"{where}: item {number} appears more than once")
        if not isinstance(text, str) or not text.strip():
            raise InstrumentFileError(f"{where}: item {number} has no text")
        texts[number] = text.strip()
    expected = set(range(1, instrument.n_items + 1))
    extra, absent = sorted(set(texts) - expected), sorted(expected - set(texts))
    if extra or absent:
        detail = "; ".join(
            part
            for part in (
                f"not items of {instrument.id}: {extra}" if extra else "",
                f"missing: {absent}" if absent else "",
            )
            if part
        )
        raise InstrumentFileError(
            f"{where}: {instrument.id} has {instrument.n_items} items numbered 1-{instrument.n_items}; "
            f"the file has {len(texts)} ({detail})"
        )
    items = [it.model_copy(update={"text": texts[it.number]}) for it in instrument.items]
    return instrument.model_copy(update={"items": items, "wording_source": f"{source.strip()} ({path})"})
