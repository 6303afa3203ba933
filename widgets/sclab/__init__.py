"""Self-Compassion Lab: an interactive course on self-compassion, built on Jupyter widgets.

Everything the course notebooks use is imported from here by name:

>>> import sclab
>>> sclab.instrument_ids()
['co-practice', 'mt-practice', 'sc-practice', 'scs', 'scs-sf']

The names are loaded when first used (PEP 562), so ``import sclab`` itself loads no pandas,
scipy or SQLAlchemy: a command or a kernel pays only for what it uses.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sclab.measure.instrument import (
        Instrument,
        InstrumentFileError,
        instrument_ids,
        list_instruments,
        load_instrument,
    )
    from sclab.measure.survey_exports import read_responses
    from sclab.populations.card import Card, CardFileError, card_ids, load_card
    from sclab.populations.plan import calibration
    from sclab.populations.samples import load_sample, sample_names
    from sclab.populations.simulate import simulate

#: Where each public name lives (``sclab.simulate`` is the function in ``sclab.populations.simulate``).
_HOMES = {
    "Card": "sclab.populations.card",
    "CardFileError": "sclab.populations.card",
    "Instrument": "sclab.measure.instrument",
    "InstrumentFileError": "sclab.measure.instrument",
    "calibration": "sclab.populations.plan",
    "card_ids": "sclab.populations.card",
    "instrument_ids": "sclab.measure.instrument",
    "list_instruments": "sclab.measure.instrument",
    "load_card": "sclab.populations.card",
    "load_instrument": "sclab.measure.instrument",
    "load_sample": "sclab.populations.samples",
    "read_responses": "sclab.measure.survey_exports",
    "sample_names": "sclab.populations.samples",
    "simulate": "sclab.populations.simulate",
}

__all__ = [
    "Card",
    "CardFileError",
    "Instrument",
    "InstrumentFileError",
    "calibration",
    "card_ids",
    "instrument_ids",
    "list_instruments",
    "load_card",
    "load_instrument",
    "load_sample",
    "read_responses",
    "sample_names",
    "simulate",
]

__version__ = "0.1.0"


def _lazy_attributes(package: str, homes: dict[str, str]):
    """PEP 562 ``__getattr__`` and ``__dir__`` for ``package``: each name in ``homes`` is imported
    from its module on first use and then kept (``sclab.ui`` uses this too)."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(homes))

    return __getattr__, __dir__


__getattr__, __dir__ = _lazy_attributes(__name__, _HOMES)
