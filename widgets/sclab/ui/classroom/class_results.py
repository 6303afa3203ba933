"""``ClassResults``: the instructor's view of a class's anonymous results against a simulated sample.

It shows only what :func:`sclab.classroom.release.release` releases: nothing below five
responses (not even a count), then rounded aggregates of the first 5, 10, 15, ... responses,
the distribution in bins that each hold no one or at least five students, and a CSV of the same.
Looking up codes that name no class is slowed down (:class:`~sclab.classroom.release.LookupLimiter`).

>>> from sclab.classroom.store import ClassStore
>>> store = ClassStore("sqlite://")
>>> view = ClassResults(store=store, n=300, seed=2)
>>> view.code.value = "PSY101"
>>> view.refresh(); view.summary is None or view.summary.suppressed
True
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from sclab.classroom.aggregates import aggregate_csv, bin_edges, halves_rows, shares, subscale_rows
from sclab.classroom.release import FINEST_BINS, LookupLimiter
from sclab.classroom.store import ClassStore, ClassSummary, check_class_code
from sclab.formatting import number
from sclab.measure.instrument import Instrument, load_instrument
from sclab.populations.comparison import ComparisonSample
from sclab.ui._controls import row
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.classroom import UsesClassStore, class_code_field, csv_download
from sclab.ui.palette import SAMPLE, YOU

__all__ = ["ClassResults"]

_TABLE_IDS = itertools.count(1)  #: numbers each figure's table of its numbers (``aria-describedby``)

_HEAD = ["Score", "Mean", "SD", "n"]
#: The rule, in plain words, as the page shows it.
RULE = (
    "<p><small><strong>How this view protects students.</strong> Nothing is shown until five "
    "students have sent, not even how many. After that the view changes only when five more have "
    "arrived, so comparing two readings never isolates one person. Means are rounded to one decimal, "
    "a spread (SD) is shown only from 20 responses, there is never a lowest or highest score, and no "
    "bar holds fewer than five students.</small></p>"
)


class ClassResults(UsesClassStore, widgets.VBox):
    """Class code, Refresh, a histogram of the class against a simulated sample, tables and export.

    Parameters: ``instrument`` the class took (default ``sc-practice``), ``card`` for the
    simulated comparison sample with ``n`` and ``seed``, ``store`` (default ``ClassStore()``,
    from ``$SCLAB_STORE_URL``), ``code`` to start with, ``clock`` (seconds; default
    :func:`time.monotonic`) for the limit on lookups of unknown codes.
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
        clock: Callable[[], float] = time.monotonic,
        **kwargs,
    ) -> None:
        self.instrument = load_instrument(instrument) if isinstance(instrument, str) else instrument
        self._store = store
        self.summary: ClassSummary | None = None
        self.limiter = LookupLimiter(clock=clock)
        self.comparison = ComparisonSample.simulated(card, n=n, seed=seed)
        self.edges = bin_edges(*self.instrument.total_range(), FINEST_BINS)
        self.code = class_code_field("The code you gave the class", code)
        self.refresh_button = widgets.Button(
            description="Refresh", button_style="primary", tooltip="Read the class's latest results"
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.code.observe(lambda change: self.refresh() if change["new"].strip() else None, names=["value"])
        self.message = widgets.HTML("<p>Type the class code and press Refresh.</p>")
        self.count = widgets.HTML("")
        self.rule = widgets.HTML(RULE)
        self.figure = self._draw_sample(
            seed
        )  # drawn first, then wrapped: Voila shows a FigureWidget's first state
        self.comparison_note = widgets.HTML(self._comparison_note())
        self.tables = widgets.HTML("")
        self._numbers_id = f"sclab-class-plot-numbers-{next(_TABLE_IDS)}"  # the figure's description
        self.download = widgets.HTML("")
        self._details = widgets.VBox([self.comparison_note, self.tables, self.download])
        self._details.layout.display = "none"
        if code:
            self.refresh()
        self.figure = wrap(self.figure, described_by=self._numbers_id)
        self._details.children = [self.figure, self.comparison_note, self.tables, self.download]
        super().__init__(
            [
                row(self.code, self.refresh_button),
                self.count,
                self.message,
                self._details,
                self.rule,
            ],
            **kwargs,
        )
        self.add_class("sclab-class-results")

    # --- building -----------------------------------------------------------------------
    def _bars(self, edges: np.ndarray) -> dict[str, list[float]]:
        centres = (edges[:-1] + edges[1:]) / 2
        width = np.diff(edges) * 0.45
        return {
            "left": (centres - width / 2).tolist(),
            "right": (centres + width / 2).tolist(),
            "width": width.tolist(),
        }

    def _draw_sample(self, seed: int) -> go.Figure:
        """The figure: the simulated sample's shares per bin, and an empty bar for the class beside it."""
        lo, hi = self.instrument.total_range()
        bars = self._bars(self.edges)
        sample_values = self.comparison.values("total")
        fig = figure(height=360, legend_y=-0.25)
        fig.add_bar(
            name=f"Simulated sample (n = {len(sample_values):,}, seed {seed})",
            x=bars["left"],
            y=shares(sample_values, self.edges),
            width=bars["width"],
            marker={"color": SAMPLE},
            hovertemplate="%{y:.1f}% of the sample<extra></extra>",
        )
        fig.add_bar(
            name="This class",
            x=bars["right"],
            y=[0.0] * len(bars["width"]),
            width=bars["width"],
            marker={"color": YOU, "pattern": {"shape": "/"}},
            hovertemplate="%{y:.0f}% of the class<extra></extra>",
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
            self.figure.data[1].y = [0.0] * len(self.figure.data[1].y)

    def _refuse(self, message: str) -> None:
        """A lookup of a code that names no class: say so, and stop lookups for a while after a few."""
        self.limiter.failed()
        self.count.value = ""
        wait = self.limiter.blocked_for()
        if wait > 0:
            self._lock(wait)
        else:
            self._hide(f"<p><strong>Nothing to show.</strong> {message}</p>")

    def _lock(self, wait: float, *, schedule: bool = True) -> None:
        self.refresh_button.disabled = True
        self._hide(
            f"<p role='status'><strong>Too many codes that name no class.</strong> Lookups are paused "
            f"for {int(np.ceil(wait))} seconds; check the code you gave the class, then try again.</p>"
        )
        if not schedule:  # already scheduled when the pause began
            return
        try:
            asyncio.get_running_loop().call_later(wait, self._unlock_if_due)
        except RuntimeError:  # no event loop (plain Python): the next refresh re-enables the button
            pass

    def _unlock_if_due(self) -> None:
        if self.limiter.blocked_for() == 0 and self.refresh_button.disabled:
            self.refresh_button.disabled = False
            self.message.value = "<p>You can look up a class code again.</p>"

    def _read(self, code: str) -> ClassSummary | None:
        """The class's summary, or None after saying why there is none.

        A malformed code or one that names no class counts against :attr:`limiter`; any other
        refusal (say, a class that used several instruments) is shown but not counted.
        """
        try:
            check_class_code(code)
        except ValueError as exc:
            self._refuse(escape(str(exc)))
            return None
        try:
            if self.store.class_info(code) is None:
                self._refuse(f"No class has the code {escape(code)}.")
                return None
            summary = self.store.summary(code, instrument=self.instrument.id)
        except ValueError as exc:
            self.count.value = ""
            self._hide(f"<p><strong>Nothing to show.</strong> {escape(str(exc))}</p>")
        except Exception as exc:  # the store is unreachable: say so, never a traceback
            self.count.value = ""
            self._hide(
                "<p><strong>The class results store could not be reached</strong> "
                f"({escape(type(exc).__name__)}).</p>"
            )
        else:
            self.limiter.succeeded()
            return summary
        return None

    def refresh(self) -> None:
        """Read the class's summary and redraw (or say why nothing is shown)."""
        wait = self.limiter.blocked_for()
        if wait > 0:  # enforced here, not only by the button: a page can set any widget value
            self.summary = None
            self._lock(wait, schedule=False)
            return
        self.refresh_button.disabled = False
        code = self.code.value.strip()
        self.summary = summary = self._read(code)
        if summary is None:
            return
        if summary.suppressed:
            self._hide(
                f"<p role='status'><strong>Not shown yet.</strong> {escape(summary.message)} "
                "Only averages and a distribution are ever shown, never one person's scores.</p>"
            )
            self.count.value = (
                f"<p><strong>Class {escape(code)}:</strong> fewer than five responses so far.</p>"
            )
            return
        refused = (
            f" {summary.refused} send{'s were' if summary.refused != 1 else ' was'} refused "
            "(class closed, full or already sent)."
            if summary.refused
            else ""
        )
        self.message.value = ""
        self._show(code, summary)
        self._details.layout.display = ""
        self.count.value = (  # last, so a page showing the count shows everything else already
            f"<p><strong>Class {escape(code)}:</strong> {escape(summary.message)} "
            f"Shown: the first {summary.n} responses.{refused}</p>"
        )

    def _show(self, code: str, summary: ClassSummary) -> None:
        if summary.bins:
            edges = np.array([b.low for b in summary.bins] + [summary.bins[-1].high])
            class_shares = [100 * b.count / summary.n for b in summary.bins]
        else:
            edges, class_shares = self.edges, [0.0] * (len(self.edges) - 1)
        sample_shares = shares(self.comparison.values("total"), edges)
        bars = self._bars(edges)
        with self.figure.batch_update():
            self.figure.data[0].update(x=bars["left"], y=sample_shares, width=bars["width"])
            self.figure.data[1].update(x=bars["right"], y=class_shares, width=bars["width"])
            self.figure.data[1].name = f"This class (first {summary.n})"
        bins = zip(edges[:-1], edges[1:], sample_shares, class_shares, strict=True)
        rows = [[f"{number(a)}-{number(b)}", f"{number(s, 1)}%", f"{number(c, 0)}%"] for a, b, s, c in bins]
        plot = (
            table(
                "The plot in numbers: % of each group per bin",
                ["Total", "Sample", "Class"],
                rows,
                id=self._numbers_id,
            )
            if summary.bins
            else "<p>The distribution is not drawn yet: a bar would hold fewer than five students.</p>"
        )
        self.tables.value = (
            table("The two halves and the total (class means)", _HEAD, halves_rows(summary))
            + table("The components (class means)", _HEAD, subscale_rows(summary, self.instrument))
            + plot
        )
        self.download.value = csv_download(
            f"class_{code}_aggregates.csv",
            aggregate_csv(summary),
            label="Download the aggregates as CSV",
            title="Download the released class aggregates (n, mean and SD per score) as CSV",
            note="(no individual scores, no lowest or highest).",
        )
