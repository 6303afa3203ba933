"""The class widgets: open class codes, send scores, see the class's results, score a survey export.

What the class widgets share: the class-code box, a CSV download link (a ``data:`` URI, so it
works offline with no server round trip), and the class results store opened on first use.

>>> class_code_field("The code you gave the class").placeholder
'e.g. K7QM-3WXP-9D'
>>> csv_download("x.csv", "a,b\\n", label="Download", title="The table as CSV")[:22]
"<p><a download='x.csv'"
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

if TYPE_CHECKING:
    from sclab.classroom.store import ClassStore

__all__ = ["UsesClassStore", "class_code_field", "csv_data_uri", "csv_download"]


class UsesClassStore:
    """Mixin: ``store`` is the store the widget was given, or ``ClassStore()`` opened on first use.

    The store (and SQLAlchemy with it) is loaded only then, so a page that never sends or reads
    results never loads it.
    """

    _store: ClassStore | None = None

    @property
    def store(self) -> ClassStore:
        """The class results store (default: ``ClassStore()``, from ``$SCLAB_STORE_URL``)."""
        if self._store is None:
            from sclab.classroom.store import ClassStore

            self._store = ClassStore()
        return self._store


def class_code_field(tooltip: str, value: str = "") -> widgets.Text:
    """A labelled class-code box that reports a change once, on Enter or on leaving it."""
    return widgets.Text(
        value=value,
        placeholder="e.g. K7QM-3WXP-9D",
        continuous_update=False,  # one update on Enter or leaving the field, before any click
        description="Class code",
        tooltip=f"{tooltip}: 3-32 letters, digits, '-' or '_'",
        style={"description_width": "initial"},
    )


def csv_data_uri(text: str) -> str:
    """A ``data:`` URI holding ``text`` as a UTF-8 CSV file."""
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def csv_download(filename: str, text: str, *, label: str, title: str, note: str = "") -> str:
    """A paragraph with a link that downloads ``text`` as ``filename``; ``note`` follows the link."""
    return (
        f"<p><a download='{escape(filename, quote=True)}' href='{csv_data_uri(text)}' "
        f"title='{escape(title, quote=True)}'>{escape(label)}</a>{' ' + escape(note) if note else ''}</p>"
    )
