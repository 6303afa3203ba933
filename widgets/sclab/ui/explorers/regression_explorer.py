"""``RegressionExplorer``: mental toughness regressed on self-compassion, identity and communication.

The model (the sample, one OLS fit per redraw, the histogram, the texts) is
:mod:`sclab.lessons.regression`; this module only builds the controls and the figure (a coefficient
plot and the toughness histogram) and fills the HTML.

>>> view = RegressionExplorer(n=230, seed=2021)
>>> view.result.coefs["term"].tolist()
['scp_compassionate', 'scp_uncompassionate', 'identity_total', 'communication_total']
>>> view.new_sample_button.click(); view.seed.value
2022
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from sclab.formatting import number
from sclab.lessons import regression as model
from sclab.lessons.card_variables import sample_instrument, score_range
from sclab.lessons.regression import CARD, N_MAX, N_MIN, OUTCOME, OUTCOME_VARIABLE
from sclab.lessons.student_score import measure_refusal, scale_score, total_of
from sclab.ui._controls import next_seed_button, row, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import disclosure, headline, table
from sclab.ui._traces import you_line
from sclab.ui.palette import COMPASSIONATE, SAMPLE
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["RegressionExplorer"]


def _figure() -> go.Figure:
    titles = ["Coefficients with 95% intervals", "Mental toughness in the sample"]
    # one panel above the other: side by side, a phone's 360 px left neither room for its labels
    layout = {"height": 640, "legend_y": -0.12, "row_heights": [0.55, 0.45], "vertical_spacing": 0.2}
    fig = figure(2, 1, titles=titles, **layout)
    fig.update_layout(margin={"t": 50, "b": 50, "l": 10, "r": 10})
    points = go.Scatter(
        name="Coefficient (95% interval)",
        x=[],
        y=[],
        mode="markers+text",
        marker={"color": COMPASSIONATE, "size": 11, "symbol": "diamond"},
        error_x={"type": "data", "array": [], "arrayminus": [], "symmetric": False, "thickness": 2},
        text=[],
        textposition="top center",
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )
    bars = go.Bar(
        name="Simulated athletes",
        marker={"color": SAMPLE},
        hovertemplate="%{x:.2f}: %{y:.1f}% of the sample<extra></extra>",
    )
    fig.add_trace(points, row=1, col=1)
    fig.add_trace(bars, row=2, col=1)
    fig.add_trace(you_line(), row=2, col=1)
    fig.add_vline(x=0, line={"color": SAMPLE, "width": 1.5, "dash": "dot"}, row=1, col=1)
    fig.update_xaxes(title_text="coefficient<br>(dotted: 0 = no link)", zeroline=False, row=1, col=1)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    toughness = list(score_range(CARD, OUTCOME_VARIABLE))
    fig.update_xaxes(title_text=model.axis_title(), range=toughness, row=2, col=1)
    fig.update_yaxes(title_text="% of the sample", rangemode="tozero", row=2, col=1)
    return fig


class RegressionExplorer(FollowsQuestionnaire, widgets.VBox):
    """Coefficient plot (95% intervals) of toughness on the chosen predictors, with R squared and n.

    Controls: a checkbox per predictor (at least one stays in), standardised or raw coefficients,
    the sample size and seed, and "New sample" (the next seed). ``you`` is a mental-toughness
    practice total marked on the histogram; :meth:`follow` takes it from a Questionnaire.
    """

    #: Your mental-toughness total (None: not marked).
    you = traitlets.Float(None, allow_none=True)

    def __init__(
        self, *, n: int = 230, seed: int = 2021, standardise: bool = True, you: float | None = None, **kwargs
    ) -> None:
        n = whole_number(n, "n", N_MIN, N_MAX, "of simulated athletes")
        seed = seed_check(seed)
        self._instrument = sample_instrument(CARD, OUTCOME_VARIABLE)
        self.you = self._checked(you)
        self.comparison = model.comparison(n, seed)
        self._build_controls(n, seed, standardise)
        self.figure = _figure()
        self.text, self.table, self.you_text, self.provenance = (widgets.HTML("") for _ in range(4))
        self._redraw()
        self.figure = wrap(self.figure)
        controls = widgets.VBox(
            [
                widgets.HTML("<strong>Predictors of mental toughness</strong> (tick to include)"),
                widgets.HBox(list(self.checks.values()), layout=widgets.Layout(flex_flow="row wrap")),
                self.message,
                self.standardise,
                row(self.n, self.seed, self.new_sample_button),
            ]
        )
        shown = [self.figure, self.text, self.you_text, self.table, self.provenance]
        super().__init__(
            [controls, *shown, widgets.HTML(disclosure(model.ABOUT_TITLE, model.ABOUT))], **kwargs
        )

    def _build_controls(self, n: int, seed: int, standardise: bool) -> None:
        self.checks = {
            p.column: widgets.Checkbox(
                value=True,
                description=p.label,
                indent=False,
                tooltip=f"Include {p.label.lower()}{f' ({p.detail})' if p.detail else ''} as a predictor",
                layout=widgets.Layout(width="auto"),
            )
            for p in model.predictors()
        }
        self.standardise = widgets.ToggleButtons(
            options=[("Standardised (beta)", True), ("Raw units", False)],
            value=bool(standardise),
            description="Coefficients",
            tooltips=[
                "every variable in SD units: predictors can be compared",
                "points of toughness per point of each predictor's own scale",
            ],
            style={"description_width": "initial"},
        )
        tip = "How many simulated athletes (the paper had 230)"
        self.n = size_slider(n, N_MIN, N_MAX, step=10, tooltip=tip)
        self.seed = seed_box(seed, tooltip="The same seed gives the same sample")
        self.new_sample_button = next_seed_button(self.seed)
        self.message = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
        for col, box in self.checks.items():
            box.observe(lambda change, col=col: self._toggle(col, change), names=["value"])
        self.standardise.observe(self._redraw, names=["value"])
        self.n.observe(self._resample, names=["value"])
        self.seed.observe(self._resample, names=["value"])

    # --- model -------------------------------------------------------------------------------
    @property
    def data(self) -> pd.DataFrame:
        return self.comparison.data

    @property
    def predictors(self) -> list[str]:
        """The ticked predictors, in the plot's order."""
        return [col for col, box in self.checks.items() if box.value]

    # --- inputs ------------------------------------------------------------------------------
    def _checked(self, value) -> float | None:
        return scale_score(value, "your toughness total", *score_range(CARD, OUTCOME_VARIABLE))

    def set_you(self, value: float | None) -> None:
        """Mark a mental-toughness practice total on the histogram; ``None`` removes it."""
        self.you = self._checked(value)
        self._redraw()

    def refusal(self, instrument) -> str | None:
        return measure_refusal(instrument, [self._instrument.measures])

    def show_scores(self, instrument, scores) -> None:
        self.set_you(total_of(scores))

    def _toggle(self, col: str, change) -> None:
        if not self.predictors:  # the last one was unticked: keep it, say why
            self.checks[col].value = True
            self.message.value = (
                "<span role='alert'>Keep at least one predictor: a regression needs something "
                "to predict from.</span>"
            )
            return
        self.message.value = ""
        self._redraw()

    def _resample(self, change=None) -> None:
        self.comparison = model.comparison(int(self.n.value), int(self.seed.value))
        self._redraw()

    # --- drawing -----------------------------------------------------------------------------
    def _redraw(self, change=None) -> None:
        self.result = model.fit(self.data, self.predictors, standardise=bool(self.standardise.value))
        coefs = self.result.coefs
        values = self.data[OUTCOME].dropna().to_numpy(dtype=float)
        hist = model.histogram(values)
        with self.figure.batch_update():
            points, bars, you = self.figure.data
            points.x, points.y = coefs["coef"].tolist(), coefs["label"].tolist()
            points.error_x.array = (coefs["ci_high"] - coefs["coef"]).tolist()
            points.error_x.arrayminus = (coefs["coef"] - coefs["ci_low"]).tolist()
            points.text = [number(v) for v in coefs["coef"]]
            bars.x, bars.y = hist.centres.tolist(), hist.shares.tolist()
            bars.width = (0.95 * hist.widths).tolist()  # a gap between bars
            if self.you is None:
                you.x, you.y, you.text = [], [], []
            else:
                top = max(hist.shares) * 1.1
                you.x, you.y, you.text = [self.you, self.you], [0, top], ["", f"You: {number(self.you)}"]
            ends = [*coefs["ci_low"].abs(), *coefs["ci_high"].abs()]
            span = max(max(ends), 0.1) * 1.15
            self.figure.layout.xaxis.range = [-span, span]
        self._describe(values)

    def _describe(self, values) -> None:
        self.text.value = headline(*model.summary(self.result))
        self.table.value = table(*model.coefficient_table(self.result))
        self.you_text.value = "" if self.you is None else headline(*model.you_note(self.you, values))
        self.provenance.value = f"<p><small>{escape(self.comparison.compared_with())}</small></p>"
