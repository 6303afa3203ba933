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

Every figure has a text alternative a screen reader reads (axe-core found none on any plotly
figure): its element gets ``role="img"`` and an ``aria-label`` saying what it shows, written from
its own title, axis titles and trace names (:func:`describe`) and rewritten when a redraw changes
them, or given by the widget (``wrap(fig, label=...)``); ``described_by`` names the id of the table
or text beside it (``aria-describedby``). plotly's script is loaded by a few lines that set these
(:func:`_module`), so the figure is drawn exactly as before.

>>> fig = figure(rows=2, titles=["Sample", "Every sample so far"], height=500)
>>> fig.layout.height, fig.layout.template.layout.paper_bgcolor
(500, 'white')
>>> shown = wrap(fig)
>>> type(shown).__name__, shown._config["displayModeBar"]
('FigureWidget', False)
>>> shown._sclab_label
'Chart with 2 panels: Sample; Every sample so far.'
>>> with shown.batch_update():
...     shown.layout.title = "Ten samples"
>>> shown._sclab_label
'Chart: Ten samples. Panels: Sample; Every sample so far.'
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from functools import cache

import plotly.graph_objects as go
import traitlets

from sclab.classroom.serving import PLOTLY_SCRIPT_ENV
from sclab.ui._plotly_script import served_module

__all__ = ["TEACHING_CONFIG", "describe", "figure", "wrap"]

#: plotly's config for every teaching figure: no mode bar, no plotly logo or link; redrawn to its box's
#: width when the window changes size (a phone turned, a window narrowed).
TEACHING_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}


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


def _plain(text) -> str:
    """plotly's rich text (``<b>``, ``<br>``, entities) as plain words."""
    text = re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.I)
    text = re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.split())


def _axis_titles(layout) -> list[str]:
    titles = []
    for name in sorted(k for k in layout if re.fullmatch(r"[xy]axis\d*", k)):
        title = _plain(((layout[name] or {}).get("title") or {}).get("text"))
        if title and title not in titles:
            titles.append(title)
    return titles


#: plotly's trace types in plain words.
_KINDS = {"bar": "bars", "scatter": "points or lines", "histogram": "histogram", "box": "box plot"}


def describe(fig: go.Figure) -> str:
    """What a figure shows, in a sentence a screen reader reads: title, panels, axes, what is drawn.

    >>> fig = figure()
    >>> _ = fig.add_bar(x=["a"], y=[1], name="This class").update_layout(
    ...     title="Your class<br>and the sample", xaxis_title="Score", yaxis_title="People")
    >>> describe(fig)
    'Chart: Your class and the sample. Axes: Score; People. Shows: This class (bars).'
    """
    layout = fig.layout.to_plotly_json()  # the layout only: copying the data of a big figure is slow
    title = _plain((layout.get("title") or {}).get("text"))
    notes = [_plain(a.get("text")) for a in layout.get("annotations", []) if a.get("xref") == "paper"]
    notes = [n for n in notes if n]
    words = [f"Chart: {title}." if title else f"Chart with {len(notes)} panels:" if notes else "Chart."]
    if notes:
        words.append(("Panels: " if title else "") + "; ".join(notes) + ".")
    if axes := _axis_titles(layout):
        words.append(f"Axes: {'; '.join(axes)}.")
    shown = []
    for trace in fig.data:
        name = _plain(getattr(trace, "name", None))
        what = f"{name} ({_KINDS.get(trace.type, trace.type)})"
        if name and getattr(trace, "showlegend", None) is not False and what not in shown:
            shown.append(what)
    if shown:
        words.append(f"Shows: {', '.join(shown)}.")
    return " ".join(words)


def _teaching_config(self, proposal) -> dict:
    return {**proposal["value"], **TEACHING_CONFIG}


#: What a figure's script does before plotly draws it: the element's role and text alternative,
#: kept in step with the widget's ``_sclab_label`` and ``_sclab_described_by``. ``SOURCE`` is where
#: plotly's script comes from (the page's server, or the bundle itself as a blob).
_WRAPPER = """// sclab: plotly's widget script, and the figure's text alternative
const plotly = await import(SOURCE);
const name = (m, el) => {
  el.setAttribute("role", "img");
  for (const [a, t] of [["aria-label", "_sclab_label"], ["aria-describedby", "_sclab_described_by"]])
    m.get(t) ? el.setAttribute(a, m.get(t)) : el.removeAttribute(a);
};
export default () => {
  const made = typeof plotly.default === "function" ? plotly.default() : plotly.default;
  return {...made, render(view) {
    const again = () => name(view.model, view.el), what = "change:_sclab_label change:_sclab_described_by";
    again(); view.model.on(what, again);
    const done = made.render(view);
    return () => { view.model.off(what, again); Promise.resolve(done).then(f => f && f()); };
  }};
};
"""


@cache
def _module(address: str | None) -> str:
    """The figure's ``_esm``: :data:`_WRAPPER` around plotly's script from ``address`` on the page's own
    server (``sclab serve``), or around plotly's installed bundle (JupyterLab, JupyterHub)."""
    if address is not None:
        source = f"new URL({json.dumps(address)}, document.baseURI).href"
    else:
        bundle = str(go.FigureWidget._esm)
        source = f"URL.createObjectURL(new Blob([{json.dumps(bundle)}], {{type: 'text/javascript'}}))"
    return _WRAPPER.replace("SOURCE", source, 1)


_REDRAWS = ["_py2js_relayout", "_py2js_update", "_py2js_addTraces", "_py2js_restyle", "_py2js_deleteTraces"]


def _relabel(self, change) -> None:
    """After a redraw, the written text alternative follows the figure (unless the widget gave its own)."""
    if change["new"] is not None and self._sclab_auto:
        self._sclab_label = describe(self)


@cache
def _figure_class(address: str | None) -> type[go.FigureWidget]:
    """plotly's ``FigureWidget`` whose config always has :data:`TEACHING_CONFIG` (plotly sets it while
    building the figure, before the widget's state is sent), with a text alternative and the script
    of :func:`_module`."""
    body = {
        "_teaching_config": traitlets.validate("_config")(_teaching_config),
        "_relabel": traitlets.observe(*_REDRAWS)(_relabel),
        "_sclab_label": traitlets.Unicode("Chart.").tag(sync=True),
        "_sclab_described_by": traitlets.Unicode("").tag(sync=True),
        "_sclab_auto": True,
        "_esm": _module(address),
        "__module__": __name__,
    }
    return type("FigureWidget", (go.FigureWidget,), body)


def wrap(fig: go.Figure, *, label: str | None = None, described_by: str = "") -> go.FigureWidget:
    """The figure as a widget, after its first state has been drawn (see the module's note).

    ``label`` is its text alternative (default: :func:`describe`, kept in step with redraws);
    ``described_by`` the id(s) of the table or text beside it that says the same in full.
    """
    address = os.environ.get(PLOTLY_SCRIPT_ENV, "").strip() if served_module() is not None else None
    widget = _figure_class(address or None)(fig)
    widget._sclab_auto = label is None
    widget._sclab_label = describe(fig) if label is None else label
    widget._sclab_described_by = described_by
    return widget
