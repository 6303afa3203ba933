"""Reading what a widget offers to download: a ``data:`` link in its HTML."""

from __future__ import annotations

import base64
from urllib.parse import unquote

__all__ = ["decode_csv_link"]


def decode_csv_link(html: str) -> str:
    """The CSV text behind the first ``href='data:text/csv;...'`` link in ``html``."""
    head, payload = html.split("href='", 1)[1].split("'", 1)[0].split(",", 1)
    assert head == "data:text/csv;charset=utf-8;base64", head
    return base64.b64decode(unquote(payload)).decode("utf-8")
