"""``ShortFormView``: part 2 of :class:`~sclab.ui.explorers.scoring_explorer.ScoringExplorer`.

The 26-item total against the mean of ``k`` items spread across the six components, with their
correlation and the short set's alpha (:func:`sclab.lessons.scoring.short_form`).

>>> from sclab.lessons.scoring import scoring_sample
>>> view = ShortFormView(scoring_sample(200, seed=1))
>>> view.k.value, len(view.short_figure.data[0].x)
(12, 200)
"""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from sclab.lessons.scoring import ScoringSample, scs, short_form
from sclab.lessons.scoring_text import describe_short, short_rows
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, SAMPLE

__all__ = ["ShortFormView"]


def _empty_figure(lo: float, hi: float) -> go.Figure:
    fig = figure(height=440, legend_y=-0.2)
    dots = {"color": COMPASSIONATE, "opacity": 0.45, "size": 6}
    hover = "26 items: %{x:.2f}<br>short set: %{y:.2f}<extra></extra>"
    fig.add_trace(
        go.Scatter(name="One simulated student", x=[], y=[], mode="markers", marker=dots, hovertemplate=hover)
    )
    same = {"color": SAMPLE, "dash": "dash"}
    fig.add_trace(
        go.Scatter(
            name="Same score on both", x=[lo, hi], y=[lo, hi], mode="lines", line=same, hoverinfo="skip"
        )
    )
    fig.update_layout(
        title={"text": ""},
        xaxis={"title": "total from all 26 items", "range": [lo, hi], "constrain": "domain"},
        yaxis={"title": "total from the short set", "range": [lo, hi], "scaleanchor": "x"},
        width=560,
        margin={"t": 50, "b": 50},
    )
    return fig


class ShortFormView(widgets.VBox):
    """A slider for ``k``, the scatter of long against short totals, the words and the table."""

    def __init__(self, sample: ScoringSample, *, k: int = 12, **kwargs) -> None:
        inst = scs()
        self.sample, self._n_items = sample, inst.n_items
        self.k = widgets.IntSlider(
            value=k,
            min=4,
            max=inst.n_items,
            description="Items in the short set",
            layout=widgets.Layout(width="30em"),
            tooltip="How many of the 26 items the short total uses, taken from each component in turn",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.k.observe(self._draw, names=["value"])
        self.short_text, self.short_table = widgets.HTML(""), widgets.HTML("")
        self.short_figure = _empty_figure(*inst.total_range())
        self._draw()
        self.short_figure = wrap(self.short_figure)
        super().__init__([self.k, self.short_figure, self.short_text, self.short_table], **kwargs)

    def show(self, sample: ScoringSample) -> None:
        """Draw ``sample`` with the short set chosen."""
        self.sample = sample
        self._draw()

    def _draw(self, change: dict | None = None) -> None:
        short = short_form(self.sample, int(self.k.value))
        with self.short_figure.batch_update():
            dots = self.short_figure.data[0]
            dots.x, dots.y = self.sample.long_total.tolist(), short.total.tolist()
            self.short_figure.layout.title.text = f"26 items vs {short.k} items: r = {short.summary['r']:.2f}"
        self.short_text.value = describe_short(short, self._n_items)
        self.short_table.value = table(
            "Short set against the full scale",
            ["", "Items", "r with the 26-item total", "Alpha"],
            short_rows(short),
        )
