"""Small HTML builders shared by the widgets; every piece of text is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["disclosure", "headline", "table"]

_CELL = "padding:2px 12px;text-align:left"
#: Around every table: on a screen narrower than the table (a 360 px phone) it scrolls sideways in its own
#: box, and the page does not (the Voila template lets a widget's HTML shrink to its box, and makes a
#: box that scrolls a keyboard stop, named by the table's caption).
_SCROLL = "overflow-x:auto;max-width:100%"


def table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    row_headers: bool = True,
    id: str | None = None,
) -> str:
    """An accessible table: a caption, column headers, and (optionally) the first cell of a row as its header.

    ``id`` names the table, for a chart that it describes (``aria-describedby``). The table sits in a
    box of class ``sclab-table`` that scrolls sideways when the screen is narrower than the table.

    >>> table("Scores", ["who", "score"], [["you", "3.10"]])[:104]
    "<div class='sclab-table' style='overflow-x:auto;max-width:100%'><table style='border-collapse:collapse'>"
    """
    head = "".join(f"<th scope='col' style='{_CELL}'>{escape(str(h))}</th>" for h in header)
    body = []
    for row in rows:
        cells = [escape(str(c)) for c in row]
        first = (
            f"<th scope='row' style='{_CELL}'>{cells[0]}</th>"
            if row_headers
            else f"<td style='{_CELL}'>{cells[0]}</td>"
        )
        body.append("<tr>" + first + "".join(f"<td style='{_CELL}'>{c}</td>" for c in cells[1:]) + "</tr>")
    named = f" id='{escape(id, quote=True)}'" if id else ""
    return (
        f"<div class='sclab-table' style='{_SCROLL}'><table{named} style='border-collapse:collapse'>"
        f"<caption style='text-align:left;caption-side:top'>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def headline(head: str, rest: str) -> str:
    """A paragraph led by ``head`` in bold.

    >>> headline("r = .42", "in this sample")
    '<p><strong>r = .42</strong> in this sample</p>'
    """
    return f"<p><strong>{escape(head)}</strong> {escape(rest)}</p>"


def disclosure(title: str, paragraphs: Sequence[str]) -> str:
    """Paragraphs behind a ``<details>`` whose summary is ``title`` (closed until opened).

    >>> disclosure("How was this worked out?", ["By hand."])
    '<details><summary><strong>How was this worked out?</strong></summary><p>By hand.</p></details>'
    """
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"<details><summary><strong>{escape(title)}</strong></summary>{body}</details>"
