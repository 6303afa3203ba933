"""``IncrementalValidityExplorer``: does parents' self-compassion explain their well-being beyond
the child's symptom severity? A two-step hierarchical regression on simulated parents.

The model (the sample, the regression, the card's population figures, the texts) is
:mod:`sclab.lessons.incremental_validity`; this module only builds the controls and the figure
(R squared by step, and the partial-regression plot) and fills the HTML.

>>> view = IncrementalValidityExplorer(n=51, seed=2014)
>>> view.analysis.n, view.analysis.steps["step"].tolist()
(51, [1, 2])
>>> view.new_sample_button.click(); view.seed.value
2015
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go

from sclab.formatting import r_value
from sclab.lessons import incremental_validity as model
from sclab.lessons.incremental_validity import N_MAX, N_MIN, N_PUBLISHED, OUTCOMES, SCORES
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._html import disclosure, headline, table
from sclab.ui.palette import COMPASSIONATE, SAMPLE
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["IncrementalValidityExplorer"]


def _figure() -> go.Figure:
    titles = ["R² by step", "Self-compassion beyond severity"]
    fig = figure(1, 2, titles=titles, height=400, legend_y=-0.25, horizontal_spacing=0.16)
    fig.update_layout(margin={"t": 60, "b": 50, "l": 10, "r": 10}, barmode="group")
    hover = "%{x}: R² = %{y:.3f}<extra>%{fullData.name}</extra>"
    fig.add_trace(go.Bar(name="This sample", marker={"color": COMPASSIONATE}, hovertemplate=hover), 1, 1)
    fig.add_trace(
        go.Bar(
            name="Card (population)", marker={"color": SAMPLE, "pattern": {"shape": "/"}}, hovertemplate=hover
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            name="Parents (net of severity)",
            mode="markers",
            marker={"color": SAMPLE, "size": 6, "opacity": 0.6},
            hovertemplate="self-compassion %{x:.2f}, outcome %{y:.2f}<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            name="Slope (step-2 coefficient)", mode="lines", line={"color": COMPASSIONATE, "width": 3}
        ),
        1,
        2,
    )
    fig.update_yaxes(title_text="R² (share of differences explained)", range=[0, 1], row=1, col=1)
    fig.update_xaxes(title_text="self-compassion, net of severity", row=1, col=2)
    return fig


class IncrementalValidityExplorer(widgets.VBox):
    """R squared at step 1 (symptom severity) and step 2 (+ self-compassion), the change and its
    F test, for a chosen outcome, beside the card's population figures and the published ones.

    Controls: the outcome, scores as measured or true scores, the sample size (with a button back to
    the published 51) and seed, and "New sample" (the next seed). Every view shows its seed.
    """

    def __init__(
        self,
        *,
        outcome: str = "parental_stress",
        n: int = N_PUBLISHED,
        seed: int = 2014,
        scores: str = "observed",
        **kwargs,
    ) -> None:
        n = whole_number(n, "n", N_MIN, N_MAX, "of simulated parents")
        seed = seed_check(seed)
        model.check_choices(outcome, scores)
        self._build_controls(outcome, n, seed, scores)
        self.figure = _figure()
        self.text, self.table, self.provenance = (widgets.HTML("") for _ in range(3))
        self._redraw()
        self.figure = wrap(self.figure)
        wrap_row = widgets.Layout(flex_flow="row wrap")
        controls = widgets.VBox(
            [
                widgets.HTML(
                    "<strong>Step 1: the child's symptom severity. Step 2: adds the parent's "
                    "self-compassion.</strong> Choose what the two steps explain."
                ),
                self.outcome,
                self.scores,
                widgets.HBox([self.n, self.published_button], layout=wrap_row),
                widgets.HBox([self.seed, self.new_sample_button], layout=wrap_row),
            ]
        )
        shown = [self.figure, self.text, self.table, self.provenance]
        super().__init__(
            [controls, *shown, widgets.HTML(disclosure(model.ABOUT_TITLE, model.ABOUT))], **kwargs
        )

    def _build_controls(self, outcome: str, n: int, seed: int, scores: str) -> None:
        wide = {"description_width": "initial"}
        self.outcome = widgets.Dropdown(
            options=[(o.label, o.id) for o in model.outcomes()],
            value=outcome,
            description="Outcome",
            tooltip="Which side of the parents' well-being the regression explains",
            style=wide,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.scores = widgets.ToggleButtons(
            options=[("As measured", "observed"), ("True scores", "true")],
            value=scores,
            description="Scores",
            tooltips=[SCORES["observed"], SCORES["true"]],
            style=wide,
        )
        tip = f"How many simulated parents (the paper had {N_PUBLISHED})"
        self.n = size_slider(n, N_MIN, N_MAX, step=1, tooltip=tip, width="24em")
        self.published_button = widgets.Button(
            description=f"Published size ({N_PUBLISHED})",
            tooltip="Set the sample size to the paper's",
            layout=widgets.Layout(width="auto"),
        )
        self.published_button.on_click(lambda _: setattr(self.n, "value", N_PUBLISHED))
        self.seed = seed_box(seed, tooltip="The same seed gives the same sample")
        self.new_sample_button = next_seed_button(self.seed)
        self.outcome.observe(self._redraw, names=["value"])
        self.scores.observe(self._redraw, names=["value"])
        self.n.observe(self._redraw, names=["value"])
        self.seed.observe(self._redraw, names=["value"])

    # --- drawing -----------------------------------------------------------------------------
    def _redraw(self, change=None) -> None:
        n, seed = int(self.n.value), int(self.seed.value)
        self.data = model.sample(n, seed)
        self.analysis = model.analyse(self.data, self.outcome.value, self.scores.value)
        b = model.bars(self.analysis)
        part = self.analysis.partial
        x, y = part["x_resid"].to_numpy(), part["y_resid"].to_numpy()
        slope = part.attrs["coef"]
        ends = [float(x.min()), float(x.max())]
        with self.figure.batch_update():
            mine, card, points, line = self.figure.data
            mine.x, mine.y = b.steps, b.sample
            mine.text = [r_value(v, 3) for v in b.sample]
            card.x, card.y = b.steps, b.card
            card.text = [r_value(v, 3) for v in b.card]
            points.x, points.y = x.tolist(), y.tolist()
            line.x, line.y = ends, [slope * e for e in ends]
            label = model.outcomes()[OUTCOMES.index(self.outcome.value)].label.lower()
            self.figure.layout.yaxis2.title.text = f"{label}, net of severity"
        self.text.value = headline(*model.summary(self.analysis))
        self.table.value = table(*model.comparison_table(self.analysis))
        self.provenance.value = f"<p><small>{escape(model.sample_caption(n, seed))}</small></p>"
