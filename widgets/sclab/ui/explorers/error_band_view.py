"""``ErrorBandView``: part 3 of :class:`~sclab.ui.explorers.scoring_explorer.ScoringExplorer`.

SEM = SD x sqrt(1 - alpha), the 95% band around a true score, and 2,000 simulated retakes
(:func:`sclab.lessons.scoring.retakes`).

>>> from sclab.lessons.scoring import scoring_sample
>>> view = ErrorBandView(scoring_sample(200, seed=1))
>>> round(sum(view.error_figure.data[1].y))
100
"""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from sclab.lessons.scoring import DRAWS, ScoringSample, retakes, scs
from sclab.lessons.scoring_text import describe_error, error_rows, middle_band
from sclab.ui._controls import revert_if_not_finite
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, SAMPLE, YOU

__all__ = ["ErrorBandView"]

_SLIDER = {
    "layout": widgets.Layout(width="30em"),  # with a long label, the default width leaves a short track
    "readout_format": ".2f",
    "continuous_update": False,
    "style": {"description_width": "initial"},
}
_HEADER = ["SD", "Alpha", "SEM", "True score", "95% band", "Band width", "Retakes inside"]


def _empty_figure(lo: float, hi: float) -> go.Figure:
    fig = figure(height=380, legend_y=-0.25)
    band = go.Scatter(
        name="95% band (true score ± 1.96 SEM)", x=[], y=[], fill="toself", mode="lines",
        line={"color": COMPASSIONATE, "width": 1}, fillcolor="rgba(0,114,178,0.15)", hoverinfo="skip",
    )  # fmt: skip
    bars = go.Bar(
        name=f"{DRAWS:,} simulated retakes", x=[], y=[], width=[], marker={"color": SAMPLE},
        hovertemplate="%{x:.2f}: %{y:.1f}% of retakes<extra></extra>",
    )  # fmt: skip
    you = {"color": YOU, "width": 3, "dash": "dash"}
    line = go.Scatter(name="Your true score", x=[], y=[], mode="lines", line=you, hoverinfo="skip")
    fig.add_traces([band, bars, line])
    fig.update_layout(
        title={"text": "Where one person's observed total lands on many retakes"},
        xaxis={"title": f"observed total ({lo}-{hi})", "range": [lo, hi]},
        yaxis={"title": "% of retakes", "rangemode": "tozero"},
        width=820,  # drawn in a hidden tab, where autosize would fall back to plotly's default
        margin={"t": 50, "b": 50},
    )
    return fig


class ErrorBandView(widgets.VBox):
    """Sliders for alpha, the SD and a true score; the band and retakes; the words and the table."""

    def __init__(self, sample: ScoringSample, **kwargs) -> None:
        inst = scs()
        self.sample, self._scale, self._band_note = sample, inst.total_range(), middle_band(inst)
        rel, (lo, hi) = inst.reliability, self._scale
        where = "the SCS in Spanish students"
        specs = [  # name, value, min, max, step, description, tooltip
            ("alpha", rel.alpha.value, 0.5, 0.95, 0.01, "Reliability (alpha)",
             f"Cronbach's alpha of the total; {where}: {rel.alpha.value}"),
            ("sd", rel.sd.value, 0.3, 1.0, 0.01, "SD of the total",
             f"How much totals vary between people; {where}: {rel.sd.value}"),
            ("true_score", 3.0, lo, hi, 0.05, "Your true score",
             "The score you would get with no measurement error at all"),
        ]  # fmt: skip
        for name, value, low, high, step, description, tooltip in specs:
            slider = widgets.FloatSlider(
                value=value, min=low, max=high, step=step, description=description, tooltip=tooltip, **_SLIDER
            )
            slider.observe(self._on_control, names=["value"])
            setattr(self, name, slider)
        self.error_text, self.error_table = widgets.HTML(""), widgets.HTML("")
        self.error_figure = _empty_figure(lo, hi)
        self._draw()
        self.error_figure = wrap(self.error_figure)
        parts = [self.alpha, self.sd, self.true_score, self.error_figure, self.error_text, self.error_table]
        super().__init__(parts, **kwargs)

    def show(self, sample: ScoringSample) -> None:
        """Draw the retakes of ``sample`` (its draws, its seed)."""
        self.sample = sample
        self._draw()

    def _on_control(self, change: dict) -> None:
        if revert_if_not_finite(change):
            return
        self._draw()

    def _draw(self) -> None:
        values = {
            "true_score": float(self.true_score.value),
            "sd": float(self.sd.value),
            "alpha": float(self.alpha.value),
        }
        t = retakes(self.sample, **values)
        top = max(t.share) * 1.1
        with self.error_figure.batch_update():
            band, bars, line = self.error_figure.data
            band.x, band.y = [t.low, t.high, t.high, t.low, t.low], [0, 0, top, top, 0]
            bars.x, bars.y, bars.width = t.centres, t.share, t.widths
            line.x, line.y = [values["true_score"]] * 2, [0, top]
        self.error_text.value = describe_error(
            t, **values, seed=int(self.sample.seed), scale=self._scale, band_note=self._band_note
        )
        self.error_table.value = table(
            "Measurement error in numbers", _HEADER, [*error_rows(t, **values)], row_headers=False
        )
