"""Self-Compassion Lab: an interactive course on self-compassion, built on Jupyter widgets.

Everything the course notebooks use is imported from here by name:

>>> import sclab
>>> sclab.instrument_ids()
['co-practice', 'mt-practice', 'sc-practice', 'scs', 'scs-sf']
"""

from sclab.cards import Card, CardFileError, card_ids, load_card
from sclab.instruments import (
    Instrument,
    InstrumentFileError,
    instrument_ids,
    list_instruments,
    load_instrument,
)
from sclab.responses import read_responses
from sclab.samples import load_sample, sample_names
from sclab.simulate import calibration, simulate

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
