"""``CompareToSample``: a simulated sample's distribution with a you-are-here marker.

>>> view = CompareToSample("students-scs", n=500, seed=3, you=3.4)
>>> view.comparison.n, view.seed.value
(500, 3)
>>> view.new_sample_button.click(); view.seed.value, view.comparison.seed
(4, 4)
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from sclab.populations.comparison import ComparisonSample, percentile
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._html import table
from sclab.ui._traces import you_line
from sclab.ui.palette import SAMPLE
from sclab.ui.score_report import group_options

__all__ = ["CompareToSample"]

_ECDF_POINTS = 400


class CompareToSample(widgets.VBox):
    """Histogram or ECDF of a card's simulated sample, with your score marked.

    Controls: the group (everyone / women / men), the view (histogram / ECDF), the sample size
    and seed, and "New sample" (the next seed: another sample from the same population).
    ``you`` is a score on the sample's metric; :meth:`connect` takes it from a Questionnaire.
    """

    def __init__(
        self,
        card: str = "students-scs",
        *,
        score: str = "total",
        n: int = 1000,
        seed: int = 1,
        you: float | None = None,
        **kwargs,
    ) -> None:
        self.card, self.score = card, score
        self.you: float | None = you
        self.comparison = ComparisonSample.simulated(card, n=n, seed=seed)
        self.comparison.values(score)  # an unknown score fails here, naming the valid ones

        options = group_options(self.comparison)
        self.group = widgets.ToggleButtons(
            options=options,
            value="",
            description="Show",
            tooltips=[f"show {label.lower()}" for label, _ in options],
        )
        self.view = widgets.ToggleButtons(
            options=[("Histogram", "hist"), ("Cumulative (ECDF)", "ecdf")],
            value="hist",
            description="Plot",
            tooltips=["how many scored each value", "what share scored each value or lower"],
        )
        self.n = size_slider(
            n, 100, 20_000, step=100, tooltip="How many simulated people are drawn for the comparison sample"
        )
        self.seed = seed_box(seed)
        self.new_sample_button = next_seed_button(self.seed)
        for ctl in (self.group, self.view):
            ctl.observe(self._redraw, names=["value"])
        for ctl in (self.n, self.seed):
            ctl.observe(self._resample, names=["value"])

        lo, hi = self._range()
        figure = go.Figure(
            data=[
                go.Bar(
                    name="Simulated sample",
                    x=[],
                    y=[],
                    marker={"color": SAMPLE},
                    width=[],
                    hovertemplate="%{x:.2f}: %{y:.1f}% of the sample<extra></extra>",
                ),
                go.Scatter(
                    name="Simulated sample (cumulative)",
                    x=[],
                    y=[],
                    mode="lines",
                    line={"color": SAMPLE, "width": 3},
                    visible=False,
                    hovertemplate="%{y:.0f}% scored %{x:.2f} or lower<extra></extra>",
                ),
                you_line(),
            ],
            layout=go.Layout(
                xaxis={"range": [lo, hi], "title": f"{score.replace('_', ' ')} score"},
                yaxis={"title": "% of the sample", "rangemode": "tozero"},
                height=380,
                template="plotly_white",
                margin={"t": 40, "b": 50},
                legend={"orientation": "h", "y": -0.25},
            ),
        )
        self.text = widgets.HTML("")
        self.table = widgets.HTML("")
        # Draw into a plain figure first: a FigureWidget's changes made before a page shows it are
        # sent as messages that Voila's page never receives, so its first state must hold the data.
        self.figure = figure
        self._redraw()
        self.figure = go.FigureWidget(figure)
        controls = widgets.VBox(
            [self.group, self.view, widgets.HBox([self.n, self.seed, self.new_sample_button])]
        )
        super().__init__([controls, self.figure, self.text, self.table], **kwargs)

    # --- inputs -------------------------------------------------------------------------------
    def set_you(self, value: float | None) -> None:
        """Mark a score (``None`` removes the marker)."""
        if value is not None and not np.isfinite(value):
            raise ValueError(f"your score must be a finite number; got {value!r}")
        self.you = None if value is None else float(value)
        self._redraw()

    def connect(self, questionnaire, instrument=None) -> CompareToSample:
        """Mark the questionnaire's score whenever it is submitted; returns self."""
        inst = instrument or questionnaire.instrument

        def update(change):
            if change["new"] is not None:
                self.set_you(float(inst.score(change["new"])[self.score].iloc[0]))

        questionnaire.observe(update, names=["answers"])
        return self

    def _range(self) -> tuple[float, float]:
        from sclab.measure.instrument import load_instrument

        inst = load_instrument(self.comparison.instrument_id)
        lo, hi = inst.total_range() if self.score == "total" else (inst.response.min, inst.response.max)
        return lo - 0.1, hi + 0.1

    def _resample(self, change=None) -> None:
        self.comparison = ComparisonSample.simulated(self.card, n=self.n.value, seed=self.seed.value)
        self._redraw()

    # --- drawing ------------------------------------------------------------------------------
    def _redraw(self, change=None) -> None:
        level = self.group.value or None
        values = self.comparison.values(self.score, level)
        lo, hi = self._range()
        edges = np.linspace(lo + 0.1, hi - 0.1, 33)
        counts, _ = np.histogram(values, bins=edges)
        share = 100 * counts / max(len(values), 1)
        xs = np.sort(values)
        keep = np.unique(np.linspace(0, len(xs) - 1, min(len(xs), _ECDF_POINTS)).astype(int))  # ends kept
        ecdf_x = xs[keep]
        ecdf_y = 100 * (keep + 1) / len(xs)
        hist = self.view.value == "hist"
        top = float(share.max()) if hist and len(share) else 100.0
        with self.figure.batch_update():
            bars, line, you = self.figure.data
            # plain lists: every plotly.js build reads them (typed-array payloads are not always decoded)
            bars.x, bars.y = ((edges[:-1] + edges[1:]) / 2).tolist(), share.tolist()
            bars.width = (np.diff(edges) * 0.95).tolist()
            bars.visible, line.visible = hist, not hist
            line.x, line.y = ecdf_x.tolist(), ecdf_y.tolist()
            if self.you is None:
                you.x, you.y, you.text = [], [], []
            else:
                you.x, you.y, you.text = [self.you, self.you], [0, top * 1.08], ["", f"You: {self.you:.2f}"]
            self.figure.layout.yaxis.title.text = "% of the sample" if hist else "% scoring this or lower"
        self._describe(values, level)

    def _describe(self, values: np.ndarray, level: str | None) -> None:
        q1, med, q3 = np.percentile(values, [25, 50, 75])
        mean, sd = values.mean(), values.std(ddof=1)
        where = ""
        if self.you is not None:
            where = (
                f"<p><strong>You: {self.you:.2f}.</strong> About {percentile(self.you, values):.0f}% of "
                "this sample scored lower.</p>"
            )
        self.text.value = (
            f"{where}<p>Sample: mean {mean:.2f}, SD {sd:.2f}, n = {len(values):,}. "
            f"<small>{escape(self.comparison.compared_with(level))}</small></p>"
        )
        self.table.value = table(
            "The sample in numbers",
            ["n", "mean", "SD", "25th pct", "median", "75th pct"],
            [[f"{len(values):,}", f"{mean:.2f}", f"{sd:.2f}", f"{q1:.2f}", f"{med:.2f}", f"{q3:.2f}"]],
            row_headers=False,
        )
