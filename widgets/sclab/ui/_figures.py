"""Building a teaching figure, and wrapping it for the page: one way for every widget.

Draw first, wrap last. A plotly ``FigureWidget`` sends edits made after it is created as messages,
which a Voila page that has not rendered yet never receives; so a widget builds a plain
``go.Figure`` (:func:`figure`), draws its first state into it, and only then wraps it
(:func:`wrap`). Later redraws go through ``FigureWidget.batch_update()`` as usual.

On a page served by ``sclab serve`` the widget imports plotly's script from the server, which a
browser fetches once, instead of carrying it (about 5 MB) in every figure's state
(:mod:`sclab.ui._plotly_script`); elsewhere it is plotly's own ``FigureWidget``.

A teaching figure has no mode bar (:data:`TEACHING_CONFIG`): its buttons added about 11 tab
stops to every chart, one of them a link to plotly.com; zooming is left to the table beside it.

>>> fig = figure(rows=2, titles=["Sample", "Every sample so far"], height=500)
>>> fig.layout.height, fig.layout.template.layout.paper_bgcolor
(500, 'white')
>>> shown = wrap(fig)
>>> type(shown).__name__, shown._config["displayModeBar"]
('FigureWidget', False)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import plotly.graph_objects as go
import traitlets

from sclab.ui._plotly_script import served_module

__all__ = ["TEACHING_CONFIG", "figure", "wrap"]

#: plotly's config for every teaching figure: no mode bar, no plotly logo or link.
TEACHING_CONFIG = {"displayModeBar": False, "displaylogo": False}


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


def _teaching_config(self, proposal) -> dict:
    return {**proposal["value"], **TEACHING_CONFIG}


@cache
def _figure_class(module: str | None) -> type[go.FigureWidget]:
    """plotly's ``FigureWidget`` whose config always has :data:`TEACHING_CONFIG` (plotly sets it while
    building the figure, before the widget's state is sent) and, on a served page, ``module`` as its script."""
    body = {"_teaching_config": traitlets.validate("_config")(_teaching_config), "__module__": __name__}
    if module is not None:
        body["_esm"] = module
    return type("FigureWidget", (go.FigureWidget,), body)


def wrap(fig: go.Figure) -> go.FigureWidget:
    """The figure as a widget, after its first state has been drawn (see the module's note)."""
    return _figure_class(served_module())(fig)
