"""``CompareToSample``: a simulated sample's distribution with a you-are-here marker.

The numbers (histogram, ECDF, summary, percentile) come from :mod:`sclab.lessons.comparison`.

>>> view = CompareToSample("students-scs", n=500, seed=3, you=3.4)
>>> view.comparison.n, view.seed.value
(500, 3)
>>> view.new_sample_button.click(); view.seed.value, view.comparison.seed
(4, 4)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from sclab.lessons.comparison import (
    SUMMARY_HEADER,
    Distribution,
    distribution,
    group_choices,
    group_reason,
    score_refusal,
)
from sclab.populations.comparison import ComparisonSample
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import table
from sclab.ui._traces import you_line
from sclab.ui.palette import SAMPLE

if TYPE_CHECKING:
    from sclab.measure.instrument import Instrument

__all__ = ["CompareToSample"]


def _finite_or_none(value: float | None, name: str = "your score") -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number or None; got {value!r}")
    return float(value)


class CompareToSample(FollowsQuestionnaire, widgets.VBox):
    """Histogram or ECDF of a card's simulated sample, with your score marked.

    Controls: the group (everyone / women / men), the view (histogram / ECDF), the sample size
    and seed, and "New sample" (the next seed: another sample from the same population).
    ``variable`` picks the card's instrument variable (default: its first), ``score`` the score
    compared (``"total"``, a half or a subscale). ``you`` (a traitlet) is a score on the sample's
    metric; :meth:`follow` takes it from a Questionnaire whose instrument measures the same
    construct on the same range, and refuses any other.
    """

    you = traitlets.Float(allow_none=True, default_value=None)

    def __init__(
        self,
        card: str = "students-scs",
        *,
        variable: str | None = None,
        score: str = "total",
        n: int = 1000,
        seed: int = 1,
        you: float | None = None,
        **kwargs,
    ) -> None:
        self.card, self.score = card, score
        self.comparison = ComparisonSample.simulated(card, n=n, seed=seed, variable=variable)
        self.comparison.values(score)  # an unknown score fails here, naming the valid ones
        self.you = _finite_or_none(you)
        self._build_controls(n, seed)
        fig = self._distribution_figure()
        # Draw into the plain figure first, then wrap it (see sclab.ui._figures).
        self.figure = fig
        self._redraw()
        self.figure = wrap(fig)
        controls = widgets.VBox(
            [
                self.group,
                self.groups_note,
                self.view,
                widgets.HBox([self.n, self.seed, self.new_sample_button]),
            ]
        )
        super().__init__([controls, self.figure, self.text, self.table], **kwargs)
        self.observe(self._redraw, names=["you"])

    def _build_controls(self, n: int, seed: int) -> None:
        options = group_choices(self.comparison)
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
        self.text = widgets.HTML("")
        self.table = widgets.HTML("")
        # why only these groups (or none), under the group choice
        self.groups_note = widgets.HTML(f"<p><small>{escape(group_reason(self.comparison))}</small></p>")

    def _distribution_figure(self) -> go.Figure:
        fig = figure(height=380, legend_y=-0.25)
        fig.add_trace(
            go.Bar(
                name="Simulated sample",
                x=[],
                y=[],
                marker={"color": SAMPLE},
                width=[],
                hovertemplate="%{x:.2f}: %{y:.1f}% of the sample<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                name="Simulated sample (cumulative)",
                x=[],
                y=[],
                mode="lines",
                line={"color": SAMPLE, "width": 3},
                visible=False,
                hovertemplate="%{y:.0f}% scored %{x:.2f} or lower<extra></extra>",
            )
        )
        fig.add_trace(you_line())
        lo, hi = self.comparison.instrument.score_range(self.score)
        fig.update_layout(
            xaxis={
                "range": [lo - 0.1, hi + 0.1],
                "title": self.comparison.instrument.score_label(self.score),
            },
            yaxis={"title": "% of the sample", "rangemode": "tozero"},
            margin={"t": 40, "b": 50},
        )
        return fig

    # --- inputs -------------------------------------------------------------------------------
    def set_you(self, value: float | None) -> None:
        """Mark a score (``None`` removes the marker)."""
        self.you = _finite_or_none(value)

    def refusal(self, instrument: Instrument) -> str | None:
        return score_refusal(instrument, self.comparison, self.score)

    def show_scores(self, instrument: Instrument, scores: Mapping[str, Any] | None) -> None:
        """Mark ``scores[score]`` of ``instrument`` (None, or a score not scored, removes the marker)."""
        reason = self.refusal(instrument)
        if reason:
            raise ValueError(f"CompareToSample.show_scores: {reason}")
        value = None if scores is None else scores.get(self.score)
        self.set_you(None if value is None or not math.isfinite(value) else float(value))

    def _resample(self, change=None) -> None:
        self.comparison = ComparisonSample.simulated(
            self.card, n=self.n.value, seed=self.seed.value, variable=self.comparison.variable
        )
        self._redraw()

    # --- drawing ------------------------------------------------------------------------------
    def _redraw(self, change=None) -> None:
        level = self.group.value or None
        dist = distribution(self.comparison, self.score, level, self.you)
        hist = self.view.value == "hist"
        shares = dist.histogram.shares
        top = float(shares.max()) if hist and len(shares) else 100.0
        with self.figure.batch_update():
            bars, line, you = self.figure.data
            # plain lists: every plotly.js build reads them (typed-array payloads are not always decoded)
            bars.x, bars.y = dist.histogram.centres.tolist(), shares.tolist()
            bars.width = (dist.histogram.widths * 0.95).tolist()
            bars.visible, line.visible = hist, not hist
            line.x, line.y = dist.ecdf_x.tolist(), dist.ecdf_y.tolist()
            if self.you is None:
                you.x, you.y, you.text = [], [], []
            else:
                you.x, you.y, you.text = [self.you, self.you], [0, top * 1.08], ["", dist.you_label()]
            self.figure.layout.yaxis.title.text = "% of the sample" if hist else "% scoring this or lower"
        self._describe(dist)

    def _describe(self, dist: Distribution) -> None:
        where = dist.you_lines()
        you = f"<p><strong>{escape(where[0])}</strong> {escape(where[1])}</p>" if where else ""
        note = dist.sample_note() if where else ""
        self.text.value = (
            f"{you}{f'<p>{escape(note)}</p>' if note else ''}"
            f"<p>{escape(dist.sample_line())} <small>{escape(dist.compared_with)}</small></p>"
        )
        self.table.value = table(
            "The sample in numbers", SUMMARY_HEADER, [dist.summary.row()], row_headers=False
        )
