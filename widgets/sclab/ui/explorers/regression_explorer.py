"""``RegressionExplorer``: mental toughness regressed on self-compassion, identity and communication.

The model is :func:`sclab.stats.regression` on a simulated sample of the table-tennis card; this
module only builds the controls and the figure (a coefficient plot and the toughness histogram).

>>> view = RegressionExplorer(n=230, seed=2021)
>>> view.fit()["term"].tolist()
['Intercept', 'scp_compassionate', 'scp_uncompassionate', 'identity', 'communication']
>>> view.new_sample_button.click(); view.seed.value
2022
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sclab.populations.comparison import ComparisonSample, percentile
from sclab.stats import regression, regression_fit
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._html import table
from sclab.ui._traces import you_line
from sclab.ui.palette import COMPASSIONATE, SAMPLE
from sclab.validation import MAX_SEED, whole_number

__all__ = ["PREDICTORS", "RegressionExplorer"]

CARD = "table-tennis-athletes"
OUTCOME = "mtp_total"
#: column -> label, in the order the plot lists them (top to bottom)
PREDICTORS = {
    "scp_compassionate": "Compassionate self-responding",
    "scp_uncompassionate": "Uncompassionate self-responding",
    "identity": "Athletic identity",
    "communication": "Team communication",
}
_N_MIN, _N_MAX = 30, 2000
_EDGES = np.linspace(1, 5, 33)

_ABOUT = """
<details><summary><strong>What the paper did, and what this regression can and cannot say</strong></summary>
<p>Maranan and Lopez (2021) asked 230 table-tennis student-athletes about athletic identity,
communication in their team, self-compassion and mental toughness, and fitted a
<em>structural equation model</em>: each construct is a latent variable measured by several
items, so measurement error is modelled, and the paths between constructs are estimated together.
Their model had compassionate self-responding, identity and communication raising toughness and
uncompassionate self-responding lowering it. Their coefficients are not available to us, so the
simulated sample here is built from those directions with teaching values (the card says which).</p>
<p>The regression here is simpler. Each coefficient says how much toughness differs, on average,
between athletes who differ by one unit on that predictor <em>and are alike on the other predictors
in the model</em>. It can describe such patterns and how precisely a sample of this size pins them
down. It cannot say that self-compassion <em>causes</em> toughness: the data are
cross-sectional (everything measured once), so toughness could as well shape self-compassion, or
a third thing could drive both. It also treats every score as measured without error; real scores
are noisy, which shrinks coefficients toward zero and can shift weight between predictors that
overlap, as the two self-compassion halves do. Leave one out and watch the others change.</p>
</details>
"""


class RegressionExplorer(widgets.VBox):
    """Coefficient plot (95% intervals) of toughness on the chosen predictors, with R squared and n.

    Controls: a checkbox per predictor (at least one stays in), standardised or raw coefficients,
    the sample size and seed, and "New sample" (the next seed). ``you`` is a mental-toughness
    practice total (1-5) marked on the histogram; :meth:`connect` takes it from a Questionnaire.
    """

    def __init__(
        self, *, n: int = 230, seed: int = 2021, standardise: bool = True, you: float | None = None, **kwargs
    ) -> None:
        n, seed = (
            whole_number(n, "n", _N_MIN, _N_MAX, "of simulated athletes"),
            whole_number(seed, "seed", 0, MAX_SEED),
        )
        self.you: float | None = None
        self.comparison = ComparisonSample.simulated(CARD, n=n, seed=seed, variable="mtp")
        self.checks = {
            col: widgets.Checkbox(
                value=True,
                description=label,
                indent=False,
                tooltip=f"Include {label.lower()} as a predictor",
                layout=widgets.Layout(width="auto"),
            )
            for col, label in PREDICTORS.items()
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
        self.n = size_slider(
            n, _N_MIN, _N_MAX, step=10, tooltip="How many simulated athletes (the paper had 230)"
        )
        self.seed = seed_box(seed, tooltip="The same seed gives the same sample")
        self.new_sample_button = next_seed_button(self.seed)
        self.message = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
        for col, box in self.checks.items():
            box.observe(lambda change, col=col: self._toggle(col, change), names=["value"])
        self.standardise.observe(self._redraw, names=["value"])
        for ctl in (self.n, self.seed):
            ctl.observe(self._resample, names=["value"])

        self.figure = self._empty_figure()
        self.text = widgets.HTML("")
        self.table = widgets.HTML("")
        self.you_text = widgets.HTML("")
        self.provenance = widgets.HTML("")
        if you is not None:
            self._set_you_value(you)
        self._redraw()
        # The first state must hold the data: a Voila page only receives the widget's initial state.
        self.figure = go.FigureWidget(self.figure)
        controls = widgets.VBox(
            [
                widgets.HTML("<strong>Predictors of mental toughness</strong> (tick to include)"),
                widgets.HBox(list(self.checks.values()), layout=widgets.Layout(flex_flow="row wrap")),
                self.message,
                self.standardise,
                widgets.HBox([self.n, self.seed, self.new_sample_button]),
            ]
        )
        super().__init__(
            [
                controls,
                self.figure,
                self.text,
                self.you_text,
                self.table,
                self.provenance,
                widgets.HTML(_ABOUT),
            ],
            **kwargs,
        )

    # --- model -------------------------------------------------------------------------------
    @property
    def data(self) -> pd.DataFrame:
        return self.comparison.data

    @property
    def predictors(self) -> list[str]:
        """The ticked predictors, in the plot's order."""
        return [col for col, box in self.checks.items() if box.value]

    def fit(self) -> pd.DataFrame:
        """:func:`sclab.stats.regression` of toughness on the ticked predictors (intercept first)."""
        return regression(self.data, OUTCOME, self.predictors, standardise=bool(self.standardise.value))

    def fit_summary(self) -> pd.DataFrame:
        """:func:`sclab.stats.regression_fit` of the same model (R squared, n, ...)."""
        return regression_fit(self.data, OUTCOME, self.predictors, standardise=bool(self.standardise.value))

    # --- inputs ------------------------------------------------------------------------------
    def set_you(self, value: float | None) -> None:
        """Mark a mental-toughness practice total (1-5) on the histogram; ``None`` removes it."""
        self._set_you_value(value)
        self._redraw()

    def _set_you_value(self, value) -> None:
        if value is not None:
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.number))
                or not 1 <= value <= 5
            ):
                raise ValueError(f"your toughness total must be a number from 1 to 5; got {value!r}")
            value = float(value)
        self.you = value

    def connect(self, questionnaire) -> RegressionExplorer:
        """Mark the mental-toughness total whenever the questionnaire is submitted; returns self."""
        inst = questionnaire.instrument
        if inst.id != "mt-practice":
            raise ValueError(f"connect a Questionnaire('mt-practice'); this one gives {inst.id!r}")

        def update(change):
            if change["new"] is not None:
                self.set_you(float(inst.score(change["new"])["total"].iloc[0]))

        questionnaire.observe(update, names=["answers"])
        return self

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
        self.comparison = ComparisonSample.simulated(
            CARD, n=int(self.n.value), seed=int(self.seed.value), variable="mtp"
        )
        self._redraw()

    # --- drawing -----------------------------------------------------------------------------
    @staticmethod
    def _empty_figure() -> go.Figure:
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.62, 0.38],
            horizontal_spacing=0.2,
            subplot_titles=("Coefficients with 95% intervals", "Mental toughness in the sample"),
        )
        fig.add_trace(
            go.Scatter(
                name="Coefficient (95% interval)",
                x=[],
                y=[],
                mode="markers+text",
                marker={"color": COMPASSIONATE, "size": 11, "symbol": "diamond"},
                error_x={"type": "data", "array": [], "arrayminus": [], "symmetric": False, "thickness": 2},
                text=[],
                textposition="top center",
                hovertemplate="%{y}: %{x:.2f}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Bar(
                name="Simulated athletes",
                x=((_EDGES[:-1] + _EDGES[1:]) / 2).tolist(),
                y=[],
                width=(np.diff(_EDGES) * 0.95).tolist(),
                marker={"color": SAMPLE},
                hovertemplate="%{x:.2f}: %{y:.1f}% of the sample<extra></extra>",
            ),
            row=1,
            col=2,
        )
        fig.add_trace(
            you_line(),
            row=1,
            col=2,
        )
        fig.add_vline(x=0, line={"color": SAMPLE, "width": 1.5, "dash": "dot"}, row=1, col=1)
        fig.update_xaxes(title_text="coefficient (dotted line: 0 = no link)", zeroline=False, row=1, col=1)
        fig.update_yaxes(autorange="reversed", row=1, col=1)
        fig.update_xaxes(title_text="toughness total (1-5)", range=[1, 5], row=1, col=2)
        fig.update_yaxes(title_text="% of the sample", rangemode="tozero", row=1, col=2)
        fig.update_layout(
            height=400,
            template="plotly_white",
            margin={"t": 60, "b": 50, "l": 10, "r": 10},
            legend={"orientation": "h", "y": -0.2},
        )
        return fig

    def _redraw(self, change=None) -> None:
        coefs = self.fit().iloc[1:]
        summary = self.fit_summary().iloc[0]
        labels = [PREDICTORS[c] for c in coefs["term"]]
        est = coefs["coef"].to_numpy()
        low, high = coefs["ci_low"].to_numpy(), coefs["ci_high"].to_numpy()
        values = self.data[OUTCOME].dropna().to_numpy(dtype=float)
        counts, _ = np.histogram(values, bins=_EDGES)
        share = 100 * counts / max(len(values), 1)
        with self.figure.batch_update():
            points, bars, you = self.figure.data
            points.x, points.y = est.tolist(), labels
            points.error_x.array = (high - est).tolist()
            points.error_x.arrayminus = (est - low).tolist()
            points.text = [f"{v:.2f}" for v in est]
            bars.y = share.tolist()
            if self.you is None:
                you.x, you.y, you.text = [], [], []
            else:
                top = float(share.max()) * 1.1
                you.x, you.y, you.text = [self.you, self.you], [0, top], ["", f"You: {self.you:.2f}"]
            span = max(float(np.abs(np.r_[low, high]).max()), 0.1) * 1.15
            self.figure.layout.xaxis.range = [-span, span]
        self._describe(coefs, summary, labels, values)

    def _describe(self, coefs: pd.DataFrame, summary: pd.Series, labels: list[str], values) -> None:
        std = bool(self.standardise.value)
        unit = "SD of toughness per SD of the predictor" if std else "toughness points per scale point"
        n, r2 = int(summary["n"]), float(summary["r2"])
        parts = []
        for label, row in zip(labels, coefs.itertuples(index=False), strict=True):
            side = "above" if row.ci_low > 0 else "below" if row.ci_high < 0 else "includes"
            where = "interval includes 0" if side == "includes" else f"interval {side} 0"
            parts.append(f"{escape(label)} {row.coef:+.2f} [{row.ci_low:.2f}, {row.ci_high:.2f}], {where}")
        self.text.value = (
            f"<p><strong>R² = {r2:.2f}, n = {n:,} simulated athletes.</strong> The predictors together "
            f"account for {100 * r2:.0f}% of the differences in toughness in this sample. "
            f"Coefficients ({unit}, each holding the other predictors constant): "
            + "; ".join(parts)
            + ".</p>"
        )
        self.table.value = table(
            f"Regression of mental toughness on {len(labels)} predictor(s): R² = {r2:.3f}, n = {n:,}",
            ["predictor", "beta" if std else "coefficient", "95% CI", "p"],
            [
                [label, f"{row.coef:.3f}", f"[{row.ci_low:.3f}, {row.ci_high:.3f}]", _p(row.p_val)]
                for label, row in zip(labels, coefs.itertuples(index=False), strict=True)
            ],
        )
        if self.you is None:
            self.you_text.value = ""
        else:
            self.you_text.value = (
                f"<p><strong>You: {self.you:.2f}</strong> on the toughness practice inventory. About "
                f"{percentile(self.you, values):.0f}% of this simulated sample scored lower. "
                "A course-written "
                "practice inventory, not a validated questionnaire: read it as an illustration, not as a "
                "judgement of you as an athlete.</p>"
            )
        self.provenance.value = f"<p><small>{escape(self.comparison.compared_with())}</small></p>"


def _p(p: float) -> str:
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")
