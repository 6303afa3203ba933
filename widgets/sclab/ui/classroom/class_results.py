"""``ClassResults``: the instructor's view of a class's anonymous results against a simulated sample.

Nothing is shown below five responses (a message says why). From five up: the distribution of
the class's totals beside a card's simulated sample, the component and half means, the count,
and a CSV of aggregates only.

>>> from sclab.classroom.store import ClassStore
>>> store = ClassStore("sqlite://")
>>> view = ClassResults(store=store, n=300, seed=2)
>>> view.code.value = "PSY101"
>>> view.refresh(); view.summary.suppressed
True
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from sclab.classroom.aggregates import (
    aggregate_csv,
    bin_edges,
    csv_data_uri,
    halves_rows,
    shares,
    subscale_rows,
)
from sclab.classroom.store import ClassStore, ClassSummary, check_class_code
from sclab.measure.instrument import Instrument, load_instrument
from sclab.populations.comparison import ComparisonSample
from sclab.ui._html import table
from sclab.ui.palette import SAMPLE, YOU

__all__ = ["ClassResults"]

_WIDE = {"description_width": "initial"}


class ClassResults(widgets.VBox):
    """Class code, Refresh, a histogram of the class against a simulated sample, tables and export.

    Parameters: ``instrument`` the class took (default ``sc-practice``), ``card`` for the
    simulated comparison sample with ``n`` and ``seed``, ``store`` (default ``ClassStore()``,
    from ``$SCLAB_STORE_URL``), ``code`` to start with.
    """

    def __init__(
        self,
        instrument: str | Instrument = "sc-practice",
        *,
        card: str = "students-scs",
        n: int = 1000,
        seed: int = 1,
        store: ClassStore | None = None,
        code: str = "",
        **kwargs,
    ) -> None:
        self.instrument = load_instrument(instrument) if isinstance(instrument, str) else instrument
        self._store = store
        self.summary: ClassSummary | None = None
        self.comparison = ComparisonSample.simulated(card, n=n, seed=seed)
        lo, hi = self.instrument.total_range()
        self.edges = bin_edges(lo, hi, 16)
        centres = ((self.edges[:-1] + self.edges[1:]) / 2).tolist()
        width = float(np.diff(self.edges)[0]) * 0.45

        self.code = widgets.Text(
            value=code,
            placeholder="e.g. PSY101-A",
            continuous_update=False,  # one update on Enter or leaving the field, before any click
            description="Class code",
            tooltip="The code you gave the class: 3-32 letters, digits, '-' or '_'",
            style=_WIDE,
        )
        self.refresh_button = widgets.Button(
            description="Refresh", button_style="primary", tooltip="Read the class's latest results"
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.code.observe(lambda change: self.refresh() if change["new"].strip() else None, names=["value"])
        self.message = widgets.HTML("<p>Type the class code and press Refresh.</p>")
        self.count = widgets.HTML("")

        sample_values = self.comparison.values("total")
        figure = go.Figure(
            data=[
                go.Bar(
                    name=f"Simulated sample (n = {len(sample_values):,}, seed {seed})",
                    x=[c - width / 2 for c in centres],
                    y=shares(sample_values, self.edges),
                    width=[width] * len(centres),
                    marker={"color": SAMPLE},
                    hovertemplate="%{y:.1f}% of the sample<extra></extra>",
                ),
                go.Bar(
                    name="This class",
                    x=[c + width / 2 for c in centres],
                    y=[0.0] * len(centres),
                    width=[width] * len(centres),
                    marker={"color": YOU, "pattern": {"shape": "/"}},
                    hovertemplate="%{y:.1f}% of the class<extra></extra>",
                ),
            ],
            layout=go.Layout(
                xaxis={"range": [lo - 0.1, hi + 0.1], "title": f"{self.instrument.short_name} total score"},
                yaxis={"title": "% of the group", "rangemode": "tozero"},
                height=360,
                barmode="overlay",
                template="plotly_white",
                margin={"t": 40, "b": 50},
                legend={"orientation": "h", "y": -0.25},
            ),
        )
        self.figure = figure  # drawn first, then wrapped: Voila shows a FigureWidget's first state
        self.comparison_note = widgets.HTML(
            f"<p><small>{escape(self.comparison.compared_with())} The class took the "
            f"{escape(self.instrument.name)}; the simulated students answered the published scale, so "
            "this comparison is an illustration, not a measurement.</small></p>"
        )
        self.tables = widgets.HTML("")
        self.download = widgets.HTML("")
        self._details = widgets.VBox([self.comparison_note, self.tables, self.download])
        self._details.layout.display = "none"
        if code:
            self.refresh()
        self.figure = go.FigureWidget(figure)
        self._details.children = [self.figure, self.comparison_note, self.tables, self.download]
        super().__init__(
            [widgets.HBox([self.code, self.refresh_button]), self.count, self.message, self._details],
            **kwargs,
        )

    @property
    def store(self) -> ClassStore:
        if self._store is None:
            self._store = ClassStore()
        return self._store

    def _hide(self, message: str) -> None:
        self.message.value = message
        self._details.layout.display = "none"
        self.download.value = ""
        with self.figure.batch_update():
            self.figure.data[1].y = [0.0] * (len(self.edges) - 1)

    def refresh(self) -> None:
        """Read the class's summary and redraw (or say why nothing is shown)."""
        code = self.code.value.strip()
        try:
            check_class_code(code)
            summary = self.store.summary(code, instrument=self.instrument.id)
        except ValueError as exc:
            self.summary = None
            self.count.value = ""
            self._hide(f"<p><strong>Nothing to show.</strong> {escape(str(exc))}</p>")
            return
        except Exception as exc:  # the store is unreachable: say so, never a traceback
            self.summary = None
            self._hide(
                "<p><strong>The class results store could not be reached</strong> "
                f"({escape(type(exc).__name__)}).</p>"
            )
            return
        self.summary = summary
        self.count.value = f"<p><strong>Class {escape(code)}:</strong> {summary.n} responses.</p>"
        if summary.suppressed:
            self._hide(
                f"<p role='status'><strong>Not shown yet.</strong> {escape(summary.message)} "
                "Only averages and a distribution are ever shown, never one person's scores.</p>"
            )
            return
        self.message.value = ""
        class_shares = shares(summary.totals, self.edges)
        with self.figure.batch_update():
            self.figure.data[1].y = class_shares
            self.figure.data[1].name = f"This class (n = {summary.n})"
        rows = [
            [f"{a:.2f}-{b:.2f}", f"{s:.1f}%", f"{c:.1f}%"]
            for a, b, s, c in zip(
                self.edges[:-1], self.edges[1:], self.figure.data[0].y, class_shares, strict=True
            )
        ]
        head = ["Score", "Mean", "SD", "n"]
        self.tables.value = (
            table("The two halves and the total (class means)", head, halves_rows(summary))
            + table("The components (class means)", head, subscale_rows(summary, self.instrument))
            + table("The plot in numbers: % of each group per bin", ["Total", "Sample", "Class"], rows)
        )
        name = f"class_{code}_aggregates.csv"
        self.download.value = (
            f"<p><a download='{escape(name, quote=True)}' href='{csv_data_uri(aggregate_csv(summary))}' "
            "title='Download the class aggregates (n, mean and SD per score) as CSV'>"
            f"Download the aggregates as CSV</a> (no individual scores).</p>"
        )
        self._details.layout.display = ""
