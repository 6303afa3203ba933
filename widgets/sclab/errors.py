"""The errors sclab raises for a broken file: each is a ``ValueError`` whose message names the file,
the field and the rule. They live here, below every layer, so any layer can raise or catch them.

>>> issubclass(InstrumentFileError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["CardFileError", "ConfigError", "InstrumentFileError"]


class InstrumentFileError(ValueError):
    """An instrument or wording file broke a rule; the message names the file, field and rule."""


class CardFileError(ValueError):
    """A card file broke a rule; the message names the file, the field and the rule."""


class ConfigError(ValueError):
    """A configuration file broke a rule; the message names the file, the field and the rule."""
