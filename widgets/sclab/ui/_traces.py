"""Plot traces more than one widget draws the same way."""

from __future__ import annotations

import plotly.graph_objects as go

from sclab.ui.palette import YOU

__all__ = ["you_line"]


def you_line() -> go.Scatter:
    """An empty dashed line, labelled "You", for the student's score on a distribution.

    The widget fills ``x``, ``y`` and ``text`` once a score is known.

    >>> you_line().name, you_line().line.color == YOU
    ('You', True)
    """
    return go.Scatter(
        name="You",
        x=[],
        y=[],
        mode="lines+text",
        line={"color": YOU, "width": 3, "dash": "dash"},
        text=[],
        textposition="top right",
        hoverinfo="skip",
    )
