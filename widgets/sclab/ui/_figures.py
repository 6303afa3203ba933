"""Building a teaching figure, and wrapping it for the page: one way for every widget.

Draw first, wrap last. A plotly ``FigureWidget`` sends edits made after it is created as messages,
which a Voila page that has not rendered yet never receives; so a widget builds a plain
``go.Figure`` (:func:`figure`), draws its first state into it, and only then wraps it
(:func:`wrap`). Later redraws go through ``FigureWidget.batch_update()`` as usual.

>>> fig = figure(rows=2, titles=["Sample", "Every sample so far"], height=500)
>>> fig.layout.height, fig.layout.template.layout.paper_bgcolor
(500, 'white')
>>> type(wrap(fig)).__name__
'FigureWidget'
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

__all__ = ["figure", "wrap"]


def figure(
    rows: int = 1,
    cols: int = 1,
    *,
    titles: Sequence[str] | None = None,
    height: int = 420,
    legend_y: float = -0.15,
    **subplots,
) -> go.Figure:
    """A plain figure in the course's look: white template, compact margins, legend below.

    ``rows``/``cols`` > 1 make a subplot grid (``titles`` and further ``make_subplots`` options).
    """
    if rows > 1 or cols > 1 or titles:
        from plotly.subplots import make_subplots

        fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(titles or []), **subplots)
    else:
        fig = go.Figure()
    fig.update_layout(
        height=height,
        template="plotly_white",
        margin={"t": 40, "b": 40},
        legend={"orientation": "h", "y": legend_y},
    )
    return fig


def wrap(fig: go.Figure) -> go.FigureWidget:
    """The figure as a widget, after its first state has been drawn (see the module's note)."""
    return go.FigureWidget(fig)
