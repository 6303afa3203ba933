"""``ThreeArmTrial``: the three-arm design of the GAD trial (self-compassion group, mindfulness group,
treatment as usual), simulated from the pooled effects of a chosen meta-analysis, with what
non-randomised assignment costs.

The model (effects from the card, arms, the simulated sample, its summary and the words) is in
:mod:`sclab.lessons.three_arm`.

>>> view = ThreeArmTrial(seed=5)
>>> view.seed.value
5
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.three_arm import (
    ARM_LABELS,
    ARMS,
    OUTCOMES,
    SEED,
    TIMES,
    VARIANTS,
    baseline_note,
    better,
    check_choices,
    describe_sample,
    summary_rows,
    three_arm_sample,
    three_arm_summary,
)
from sclab.ui._controls import next_seed_button, row, seed_box
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, COMPONENT, SAMPLE

__all__ = ["ThreeArmTrial"]

_TIME_LABELS = ["before", "after 8 sessions", "3 months later"]
_ARM_STYLE = {  # colour, marker, dash: never colour alone
    "usual_care": (SAMPLE, "square", "dot"),
    "mindfulness": (COMPONENT, "triangle-up", "dash"),
    "self_compassion": (COMPASSIONATE, "circle", "solid"),
}
_WIDE = {"description_width": "initial"}


def _empty_figure() -> go.Figure:
    fig = figure(height=360)
    for arm in ARMS:
        colour, symbol, dash = _ARM_STYLE[arm]
        fig.add_trace(
            go.Scatter(
                name=ARM_LABELS[arm],
                x=_TIME_LABELS,
                y=[],
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3},
                marker={"symbol": symbol, "size": 10},
                hovertemplate="%{x}: mean %{y:.2f}<extra>" + ARM_LABELS[arm] + "</extra>",
            )
        )
    fig.update_layout(title={"text": "Mean score by arm", "x": 0.02}, margin={"t": 50, "l": 10, "r": 10})
    return fig


class ThreeArmTrial(widgets.VBox):
    """The three-arm design for generalised anxiety (Luo et al. 2024): 75 simulated patients on
    medication, 25 each in treatment as usual, a mindfulness group and a self-compassion group,
    measured before, after 8 sessions and 3 months later.

    The arms' differences come from the chosen meta-analysis (card ``sc-intervention-trial``); the
    plot shows each arm's mean over time, the table Hedges g at post against usual care. When an arm
    stood at least 0.2 SD from usual care before the sessions, ``baseline`` says so in words
    (:func:`sclab.lessons.three_arm.baseline_note`); otherwise it is empty.

    >>> view = ThreeArmTrial()
    >>> [t.name for t in view.figure.data]
    ['Treatment as usual', 'Mindfulness group', 'Self-compassion group']
    """

    def __init__(
        self, *, variant: str = "ferrari-2019", outcome: str = "gad", seed: int = SEED, **kwargs
    ) -> None:
        self.data = three_arm_sample(variant, seed=seed)  # refuses a bad variant or seed
        check_choices(outcome=outcome)
        self.variant = widgets.ToggleButtons(
            options=[(label, key) for key, label in VARIANTS.items()],
            value=variant,
            description="Effects from",
            style=_WIDE,
            tooltips=["27 RCTs: larger pooled effects", "22 RCTs: smaller pooled effects"],
        )
        self.outcome = widgets.Dropdown(
            options=[(label, key) for key, label in OUTCOMES.items()],
            value=outcome,
            description="Outcome",
            tooltip="Which simulated measure to show",
            style=_WIDE,
            layout=widgets.Layout(width="34em"),
        )
        self.seed = seed_box(seed, tooltip="The same seed gives the same patients")
        self.new_sample_button = next_seed_button(
            self.seed, tooltip="Simulate another 75 patients (next seed)"
        )
        self.variant.observe(self._resample, names=["value"])
        self.seed.observe(self._resample, names=["value"])
        self.outcome.observe(self._redraw, names=["value"])
        self.text, self.table = widgets.HTML(""), widgets.HTML("")
        self.baseline = widgets.HTML("")  # filled only when the arms did not start level
        self.figure = _empty_figure()
        self._redraw()
        self.figure = wrap(self.figure)
        super().__init__(
            [
                widgets.HBox([self.variant, self.outcome], layout=widgets.Layout(flex_flow="row wrap")),
                row(self.seed, self.new_sample_button),
                self.figure,
                self.text,
                self.baseline,
                self.table,
            ],
            **kwargs,
        )

    def summary(self) -> pd.DataFrame:
        """:func:`sclab.lessons.three_arm.three_arm_summary` of the current sample and outcome."""
        return three_arm_summary(self.data, outcome=self.outcome.value)

    def _resample(self, change=None) -> None:
        self.data = three_arm_sample(self.variant.value, seed=int(self.seed.value))
        self._redraw()

    def _redraw(self, change=None) -> None:
        summary, key = self.summary(), self.outcome.value
        out = summary.set_index("arm")
        with self.figure.batch_update():
            for trace, arm in zip(self.figure.data, ARMS, strict=True):
                trace.y = [float(out.loc[arm, t]) for t in TIMES]
            self.figure.layout.yaxis.title.text = OUTCOMES[key]
        self.text.value = describe_sample(
            summary, variant=self.variant.value, outcome=key, seed=int(self.seed.value)
        )
        self.baseline.value = baseline_note(self.data, outcome=key)
        self.table.value = table(
            f"Mean {OUTCOMES[key]} by arm ({better(key)} = better), simulated",
            ["arm", "n", "before", "after", "3 months", "g at post vs usual care [95% CI]"],
            summary_rows(summary),
        )
