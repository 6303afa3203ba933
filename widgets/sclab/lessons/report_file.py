"""The report a student keeps: one self-contained HTML document, and the print rules of the page.

The document has its style inline (no script, font, image or style sheet from anywhere else), so it
opens offline in any browser and prints on whole pages; the sections in it are the same markup the
report shows on screen (``sclab.ui.score_report`` passes them in). Nothing here is written to disk:
the page hands the text to the student's browser, which saves it.

>>> html = report_document("Your report", "<p>3.10</p>", saved_on="1 December 2026")
>>> html.startswith("<!DOCTYPE html>") and "<p>3.10</p>" in html and "<script" not in html
True
>>> file_name("Your self-compassion practice report", "2026-12-01")
'self-compassion-practice-report-2026-12-01.html'
"""

from __future__ import annotations

import re
from html import escape

__all__ = ["PRINT_CSS", "REPORT_CLASS", "file_name", "page_style", "report_document"]

#: The class of the report's outermost box on the page; the print rules are scoped to it.
REPORT_CLASS = "sclab-score-report"
#: What is hidden on paper: controls (buttons, the group choice, the save button).
_CONTROLS = (
    f".{REPORT_CLASS} button, .{REPORT_CLASS} .widget-toggle-buttons, "
    f".{REPORT_CLASS} .sclab-no-print, .{REPORT_CLASS} .widget-label"
)
#: Printing: controls hidden, nothing cut on the right, no break inside a row, a bar or a list item.
#: The page's own scroll boxes are opened up too, so the whole page prints and not one screenful.
PRINT_CSS = (
    "@media print {"
    f"{_CONTROLS} {{display:none !important}}"
    f".{REPORT_CLASS}, .{REPORT_CLASS} .widget-box, .{REPORT_CLASS} .widget-html, "
    f".{REPORT_CLASS} .widget-html-content {{width:auto !important;max-width:100% !important;"
    "overflow:visible !important;height:auto !important}"
    f".{REPORT_CLASS} table {{width:100%}}"
    f".{REPORT_CLASS} tr, .{REPORT_CLASS} li, .{REPORT_CLASS} .sclab-profile-chart > div "
    "{break-inside:avoid}"
    f".{REPORT_CLASS} h1, .{REPORT_CLASS} h2, .{REPORT_CLASS} h4 {{break-after:avoid}}"
    "html, body {height:auto !important;overflow:visible !important}"
    # Voila's page is a Lumino shell whose panels are absolutely placed, one screen high (inline
    # styles, size containment): on paper they flow, so the page prints all of it, not one screenful
    # (only on a Voila page, the one with #rendered_cells; JupyterLab prints notebooks its own way)
    "body:has(#rendered_cells) :is(#main, #jp-main-content-panel, #rendered_cells, #rendered_cells > div) "
    "{position:static !important;height:auto !important;overflow:visible !important;"
    "width:auto !important;min-height:0 !important;contain:none !important;display:block !important}"
    "}"
)
#: On any screen: long words and addresses wrap, and a narrow screen gets a tighter table.
_NARROW_CSS = (
    f".{REPORT_CLASS} {{overflow-wrap:anywhere}}"
    f".{REPORT_CLASS} table {{max-width:100%}}"
    f".{REPORT_CLASS} th, .{REPORT_CLASS} td {{overflow-wrap:normal}}"  # numbers stay whole
    f".{REPORT_CLASS} td:nth-child(2) {{overflow-wrap:anywhere;hyphens:auto}}"
    "@media (max-width:480px) {"
    f".{REPORT_CLASS} table {{font-size:.85em}}"
    f".{REPORT_CLASS} th, .{REPORT_CLASS} td {{padding:2px 4px !important}}"
    "}"
)
_SCREEN_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;"
    "color:#1a1a1a;background:#fff;margin:0;padding:1em}"
    f".{REPORT_CLASS}{{max-width:46em;margin:0 auto}}"
    "h1{font-size:1.5em;margin:0 0 .2em}"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border-bottom:1px solid #ccc}"
    "details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}"
    "a{color:#0b4f8a}"
    "@page{size:A4;margin:15mm}"
)


def page_style() -> str:
    """The ``<style>`` element that brings the narrow-screen and print rules to a page showing the report."""
    return f"<style>{_NARROW_CSS}{PRINT_CSS}</style>"


def _links_as_text(markup: str) -> str:
    """Links to other sites become their text (the care note shows each address beside its name)."""
    return re.sub(r"<a\s[^>]*>(.*?)</a>", r"\1", markup, flags=re.S)


def report_document(title: str, body: str, *, saved_on: str) -> str:
    """One HTML document: ``title``, the date it was saved, and ``body`` (markup, already escaped).

    Links in ``body`` are turned into their text, so the file points nowhere outside itself.
    """
    body = _links_as_text(body)
    return (
        "<!DOCTYPE html>"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_SCREEN_CSS}{_NARROW_CSS}{PRINT_CSS}</style></head>"
        f'<body><main class="{REPORT_CLASS}"><h1>{escape(title)}</h1>'
        f"<p><small>Saved on {escape(saved_on)}. Your browser saved this file on your device; the "
        "course keeps no copy of it.</small></p>"
        f"{body}</main></body></html>"
    )


def file_name(title: str, day: str) -> str:
    """A file name from the title and the day (``YYYY-MM-DD``): lower case, words joined by ``-``."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower().removeprefix("your ")).strip("-")
    return f"{words}-{day}.html"
