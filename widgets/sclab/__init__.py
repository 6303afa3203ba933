"""Self-Compassion Lab: an interactive course on self-compassion, built on Jupyter widgets.

Everything the course notebooks use is imported from here by name:

>>> import sclab
>>> sclab.instrument_ids()
['co-practice', 'mt-practice', 'sc-practice', 'scs', 'scs-sf']
"""

from sclab.measure.instrument import (
    Instrument,
    InstrumentFileError,
    instrument_ids,
    list_instruments,
    load_instrument,
)
from sclab.measure.survey_exports import read_responses
from sclab.populations.card import Card, CardFileError, card_ids, load_card
from sclab.populations.samples import load_sample, sample_names
from sclab.populations.simulate import calibration, simulate

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
