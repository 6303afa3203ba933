"""``ClassExport``: upload a survey export, see it scored, and download the scored CSV.

Plain CSV, Qualtrics and Google Forms exports are read. Every row is kept: rows with missing,
out-of-range or unreadable answers are flagged and listed, never dropped. A file that cannot be
used gets a plain message, never a traceback.

A file over the upload limit is refused in the browser before it is sent (see
:class:`~sclab.ui._upload.Upload`). The scored CSV is written by :func:`sclab.csv_cells.to_csv`, so no
cell can run as a spreadsheet formula. Its download link holds the whole file, so above
``ClassExport.link_at_once_bytes`` it is made only when the Prepare button is pressed. Names and
text from the file are shown without bidirectional control characters.

>>> view = ClassExport("scs-sf")
>>> header = ",".join(f"Q{i}" for i in range(1, 13))
>>> view.load(f"{header}\\n" + ",".join(["3"] * 12) + "\\n", "class.csv")
True
>>> view.result.n, float(view.result.scores["total"].iloc[0])
(1, 3.0)
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from sclab.classroom.uploads import MAX_UPLOAD_BYTES, ScoredUpload, score_upload, shown_text
from sclab.csv_cells import to_csv
from sclab.formatting import number
from sclab.measure.instrument import list_instruments
from sclab.ui._controls import row
from sclab.ui._html import table
from sclab.ui._upload import Upload
from sclab.ui.classroom import csv_download

__all__ = ["ClassExport"]

_WIDE = {"description_width": "initial"}
_SHOW_ROWS = 200


def _fmt(v) -> str:
    """A cell of a shown table: numbers to two decimals, a missing number as a blank."""
    if isinstance(v, float):
        return "" if v != v else number(v)
    return shown_text(v)


def _mb(size: int) -> str:
    return f"{number(size / 1e6, 1)} MB"


class ClassExport(widgets.VBox):
    """An instrument choice, a file upload, the scored table, flagged rows, a summary and a download."""

    #: A scored CSV up to this size gets its download link at once; a larger one when asked.
    link_at_once_bytes = 1_000_000

    def __init__(self, instrument: str = "scs", **kwargs) -> None:
        instruments = list_instruments()
        ids = [i.id for i in instruments]
        if instrument not in ids:
            raise ValueError(f"instrument must be one of {', '.join(ids)}; got {instrument!r}")
        self.result: ScoredUpload | None = None
        self.filename = ""
        self.instrument = widgets.Dropdown(
            options=[(f"{i.short_name} ({i.id}, {i.n_items} items)", i.id) for i in instruments],
            value=instrument,
            description="Instrument",
            tooltip="Which instrument the survey used (its items are found by position or name)",
            style=_WIDE,
        )
        self.upload = Upload(
            max_bytes=MAX_UPLOAD_BYTES,
            accept=".csv,text/csv",
            description="Upload CSV",
            tooltip="Choose the survey export (CSV from a plain sheet, Qualtrics or Google Forms)",
        )
        self.upload.observe(self._on_upload, names=["value"])
        self.upload.observe(self._on_refused, names=["refused"])
        self.instrument.observe(self._on_instrument, names=["value"])
        self.message = widgets.HTML(
            "<p>Choose the instrument, then upload the survey export as CSV. The file is scored in "
            "this session only: it is not stored anywhere.</p>"
        )
        self.summary = widgets.HTML("")
        self.flagged = widgets.HTML("")
        self.scored = widgets.HTML("")
        self.download = widgets.HTML("")
        self.prepare = widgets.Button(
            description="Prepare the scored CSV",
            tooltip="Send the scored CSV to this browser as a download link",
            layout=widgets.Layout(display="none", width="auto"),
        )
        self.prepare.on_click(lambda _: self._offer_download())
        self._content: bytes | None = None
        self._csv = ""
        super().__init__(
            [
                row(self.instrument, self.upload),
                self.message,
                self.summary,
                self.flagged,
                self.download,
                self.prepare,
                self.scored,
            ],
            **kwargs,
        )

    # --- input --------------------------------------------------------------------------
    def _on_upload(self, change) -> None:
        value = change["new"]
        try:
            files = list(value) if isinstance(value, (list, tuple)) else []
            if not files:
                return
            item = files[0]
            content, name = item["content"], str(item.get("name", "the file"))
            if isinstance(content, memoryview):
                content = content.tobytes()
        except (TypeError, KeyError, AttributeError):  # a page can send any value: refuse oddities
            self._fail("the upload could not be read; choose the CSV file again")
            return
        self.load(content, name)

    def _on_refused(self, change) -> None:
        refused = change["new"]
        if refused:
            size = refused.get("size")
            self._fail(
                f"{shown_text(refused.get('name', 'the file'))} is {_mb(size) if size else 'too large'}; "
                f"uploads are limited to {_mb(MAX_UPLOAD_BYTES)}, so it was not sent. A class export is "
                "usually a few kilobytes: export only the responses, as CSV."
            )

    def _on_instrument(self, change) -> None:
        if self._content is not None:
            self.load(self._content, self.filename)

    def _fail(self, text: str) -> bool:
        self.result = None
        self.message.value = (
            f"<p role='alert'><strong>This file could not be scored.</strong> {escape(shown_text(text))}</p>"
        )
        for w in (self.summary, self.flagged, self.scored, self.download):
            w.value = ""
        self._csv, self.prepare.layout.display = "", "none"
        return False

    def load(self, content: bytes | str, filename: str = "upload.csv") -> bool:
        """Score ``content`` (the file's bytes or text); True if scored, else a message is shown."""
        if isinstance(content, str):
            content = content.encode("utf-8")
        self._content, self.filename = content, shown_text(filename)
        try:
            result = score_upload(content, self.instrument.value, filename=filename)
        except ValueError as exc:
            return self._fail(str(exc))
        self.result = result
        self._show(result)
        return True

    # --- drawing ------------------------------------------------------------------------
    def _show(self, r: ScoredUpload) -> None:
        complete = r.n - len(r.flagged)
        notes = "".join(f"<li>{escape(shown_text(n))}</li>" for n in r.notes)
        self.message.value = (
            f"<p role='status'><strong>Scored {r.n} rows</strong> from {escape(self.filename)} "
            f"({escape(r.format)} export): {complete} complete, {len(r.flagged)} flagged. Flagged rows are "
            f"kept in the table and the CSV with the reason.</p>" + (f"<ul>{notes}</ul>" if notes else "")
        )
        self.summary.value = table(
            "Class summary (scored rows only)",
            ["Score", "n", "Mean", "SD", "Min", "Max"],
            [
                [row.score, row.n, _fmt(row.mean), _fmt(row.sd), _fmt(row.min), _fmt(row.max)]
                for row in r.summary.itertuples()
            ],
        )
        self.flagged.value = (
            table(
                "Flagged rows (kept, with the reason)",
                ["Row", "Line in file", "Status", "Why"],
                [[row.row, row.line, row.status, shown_text(row.flags)] for row in r.flagged.itertuples()],
            )
            if len(r.flagged)
            else "<p>No rows were flagged: every answer was valid.</p>"
        )
        wanted = ("total", "compassionate", "uncompassionate", "band", "status", "flags")
        cols = [c for c in wanted if c in r.scores]
        shown = r.scores.head(_SHOW_ROWS)
        more = f" (first {_SHOW_ROWS} of {r.n}; the CSV has all)" if r.n > _SHOW_ROWS else ""
        self.scored.value = table(
            f"Scored table{more}",
            ["Row", *cols],
            [[i + 1, *(_fmt(v) for v in row)] for i, row in enumerate(shown[cols].itertuples(index=False))],
        )
        self._csv = to_csv(r.table)
        size = len(self._csv.encode("utf-8"))
        if size <= self.link_at_once_bytes:
            self._offer_download()
            return
        self.download.value = (
            f"<p>The scored CSV is {_mb(size)}. Its download link carries the whole file to this browser, "
            "so it is made only when you ask: press <em>Prepare the scored CSV</em>.</p>"
        )
        self.prepare.layout.display = None

    def _offer_download(self) -> None:
        """Put the scored CSV's download link on the page (and hide the Prepare button)."""
        if not self._csv:
            return
        stem = self.filename.rsplit(".", 1)[0] or "survey"
        name = f"{stem}_scored.csv"
        self.download.value = csv_download(
            name,
            self._csv,
            label="Download the scored CSV",
            title="Download every row and column of the file with the scores added, as CSV",
            note=f"({name}: every row, flags included).",
        )
        self.prepare.layout.display = "none"
