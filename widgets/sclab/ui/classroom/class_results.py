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

from sclab.classroom.aggregates import aggregate_csv, bin_edges, halves_rows, shares, subscale_rows
from sclab.classroom.store import ClassStore, ClassSummary, check_class_code
from sclab.formatting import number
from sclab.measure.instrument import Instrument, load_instrument
from sclab.populations.comparison import ComparisonSample
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.classroom import UsesClassStore, class_code_field, csv_download
from sclab.ui.palette import SAMPLE, YOU

__all__ = ["ClassResults"]

_HEAD = ["Score", "Mean", "SD", "n"]


class ClassResults(UsesClassStore, widgets.VBox):
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
        self.edges = bin_edges(*self.instrument.total_range(), 16)
        self.code = class_code_field("The code you gave the class", code)
        self.refresh_button = widgets.Button(
            description="Refresh", button_style="primary", tooltip="Read the class's latest results"
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.code.observe(lambda change: self.refresh() if change["new"].strip() else None, names=["value"])
        self.message = widgets.HTML("<p>Type the class code and press Refresh.</p>")
        self.count = widgets.HTML("")
        self.figure = self._draw_sample(
            seed
        )  # drawn first, then wrapped: Voila shows a FigureWidget's first state
        self.comparison_note = widgets.HTML(self._comparison_note())
        self.tables = widgets.HTML("")
        self.download = widgets.HTML("")
        self._details = widgets.VBox([self.comparison_note, self.tables, self.download])
        self._details.layout.display = "none"
        if code:
            self.refresh()
        self.figure = wrap(self.figure)
        self._details.children = [self.figure, self.comparison_note, self.tables, self.download]
        super().__init__(
            [widgets.HBox([self.code, self.refresh_button]), self.count, self.message, self._details],
            **kwargs,
        )

    # --- building -----------------------------------------------------------------------
    def _draw_sample(self, seed: int) -> go.Figure:
        """The figure: the simulated sample's shares per bin, and an empty bar for the class beside it."""
        lo, hi = self.instrument.total_range()
        centres = ((self.edges[:-1] + self.edges[1:]) / 2).tolist()
        width = float(np.diff(self.edges)[0]) * 0.45
        sample_values = self.comparison.values("total")
        fig = figure(height=360, legend_y=-0.25)
        fig.add_bar(
            name=f"Simulated sample (n = {len(sample_values):,}, seed {seed})",
            x=[c - width / 2 for c in centres],
            y=shares(sample_values, self.edges),
            width=[width] * len(centres),
            marker={"color": SAMPLE},
            hovertemplate="%{y:.1f}% of the sample<extra></extra>",
        )
        fig.add_bar(
            name="This class",
            x=[c + width / 2 for c in centres],
            y=[0.0] * len(centres),
            width=[width] * len(centres),
            marker={"color": YOU, "pattern": {"shape": "/"}},
            hovertemplate="%{y:.1f}% of the class<extra></extra>",
        )
        fig.update_layout(
            xaxis={"range": [lo - 0.1, hi + 0.1], "title": f"{self.instrument.short_name} total score"},
            yaxis={"title": "% of the group", "rangemode": "tozero"},
            barmode="overlay",
            margin={"b": 50},
        )
        return fig

    def _comparison_note(self) -> str:
        return (
            f"<p><small>{escape(self.comparison.compared_with())} The class took the "
            f"{escape(self.instrument.name)}; the simulated students answered the published scale, so "
            "this comparison is an illustration, not a measurement.</small></p>"
        )

    # --- reading and drawing -------------------------------------------------------------
    def _hide(self, message: str) -> None:
        self.message.value = message
        self._details.layout.display = "none"
        self.download.value = ""
        with self.figure.batch_update():
            self.figure.data[1].y = [0.0] * (len(self.edges) - 1)

    def _read(self, code: str) -> ClassSummary | None:
        """The class's summary, or None after saying why there is none."""
        try:
            check_class_code(code)
            return self.store.summary(code, instrument=self.instrument.id)
        except ValueError as exc:
            self.count.value = ""
            self._hide(f"<p><strong>Nothing to show.</strong> {escape(str(exc))}</p>")
        except Exception as exc:  # the store is unreachable: say so, never a traceback
            self._hide(
                "<p><strong>The class results store could not be reached</strong> "
                f"({escape(type(exc).__name__)}).</p>"
            )
        return None

    def refresh(self) -> None:
        """Read the class's summary and redraw (or say why nothing is shown)."""
        code = self.code.value.strip()
        self.summary = summary = self._read(code)
        if summary is None:
            return
        self.count.value = f"<p><strong>Class {escape(code)}:</strong> {summary.n} responses.</p>"
        if summary.suppressed:
            self._hide(
                f"<p role='status'><strong>Not shown yet.</strong> {escape(summary.message)} "
                "Only averages and a distribution are ever shown, never one person's scores.</p>"
            )
            return
        self.message.value = ""
        self._show(code, summary)
        self._details.layout.display = ""

    def _show(self, code: str, summary: ClassSummary) -> None:
        class_shares = shares(summary.totals, self.edges)
        with self.figure.batch_update():
            self.figure.data[1].y = class_shares
            self.figure.data[1].name = f"This class (n = {summary.n})"
        bins = zip(self.edges[:-1], self.edges[1:], self.figure.data[0].y, class_shares, strict=True)
        rows = [[f"{number(a)}-{number(b)}", f"{number(s, 1)}%", f"{number(c, 1)}%"] for a, b, s, c in bins]
        self.tables.value = (
            table("The two halves and the total (class means)", _HEAD, halves_rows(summary))
            + table("The components (class means)", _HEAD, subscale_rows(summary, self.instrument))
            + table("The plot in numbers: % of each group per bin", ["Total", "Sample", "Class"], rows)
        )
        self.download.value = csv_download(
            f"class_{code}_aggregates.csv",
            aggregate_csv(summary),
            label="Download the aggregates as CSV",
            title="Download the class aggregates (n, mean and SD per score) as CSV",
            note="(no individual scores).",
        )
