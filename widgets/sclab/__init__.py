"""Self-Compassion Lab: an interactive course on self-compassion, built on Jupyter widgets.

Everything the course notebooks use is imported from here by name:

>>> import sclab
>>> sclab.instrument_ids()
['co-practice', 'mt-practice', 'sc-practice', 'scs', 'scs-sf']
"""

from sclab.instruments import (
    Instrument,
    InstrumentFileError,
    instrument_ids,
    list_instruments,
    load_instrument,
)
from sclab.responses import read_responses

__all__ = [
    "Instrument",
    "InstrumentFileError",
    "instrument_ids",
    "list_instruments",
    "load_instrument",
    "read_responses",
]

__version__ = "0.1.0"
