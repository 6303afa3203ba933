"""``ThreeArmTrial``: the three-arm design of the GAD trial (self-compassion group, mindfulness group,
treatment as usual), simulated from the pooled effects of a chosen meta-analysis, with what
non-randomised assignment costs.

The model (effects, arms, the simulated sample and its summary) is in :mod:`sclab.lessons.trial`.

>>> view = ThreeArmTrial(seed=5)
>>> view.seed.value
5
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.trial import (
    ARMS,
    PUBLISHED_G,
    THREE_ARM_OUTCOMES,
    THREE_ARM_SEED,
    analytic_power,
    three_arm_sample,
    three_arm_summary,
)
from sclab.ui._controls import next_seed_button, seed_box
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, COMPONENT, SAMPLE

__all__ = ["ThreeArmTrial"]


_TIMES = ["before", "after 8 sessions", "3 months later"]
_ARM_STYLE = {  # label, colour, marker, dash: never colour alone
    "usual_care": ("Treatment as usual", SAMPLE, "square", "dot"),
    "mindfulness": ("Mindfulness group", COMPONENT, "triangle-up", "dash"),
    "self_compassion": ("Self-compassion group", COMPASSIONATE, "circle", "solid"),
}


class ThreeArmTrial(widgets.VBox):
    """The three-arm design for generalised anxiety (Luo et al. 2024): 75 simulated patients on
    medication, 25 each in treatment as usual, a mindfulness group and a self-compassion group,
    measured before, after 8 sessions and 3 months later.

    The arms' differences come from the chosen meta-analysis (card ``sc-intervention-trial``); the
    plot shows each arm's mean over time, the table Hedges g at post against usual care.

    >>> view = ThreeArmTrial()
    >>> [t.name for t in view.figure.data]
    ['Treatment as usual', 'Mindfulness group', 'Self-compassion group']
    """

    def __init__(
        self, *, variant: str = "ferrari-2019", outcome: str = "gad", seed: int = THREE_ARM_SEED, **kwargs
    ) -> None:
        self.data = three_arm_sample(variant, seed=seed)  # refuses a bad variant or seed
        if outcome not in THREE_ARM_OUTCOMES:
            raise ValueError(
                f"outcome must be one of {', '.join(map(repr, THREE_ARM_OUTCOMES))}; got {outcome!r}"
            )
        wide = {"description_width": "initial"}
        self.variant = widgets.ToggleButtons(
            options=[("Ferrari et al. 2019", "ferrari-2019"), ("Wilson et al. 2019", "wilson-2019")],
            value=variant,
            description="Effects from",
            style=wide,
            tooltips=["27 RCTs: larger pooled effects", "22 RCTs: smaller pooled effects"],
        )
        self.outcome = widgets.Dropdown(
            options=[(label, key) for key, label in THREE_ARM_OUTCOMES.items()],
            value=outcome,
            description="Outcome",
            tooltip="Which simulated measure to show",
            style=wide,
            layout=widgets.Layout(width="34em"),
        )
        self.seed = seed_box(seed, tooltip="The same seed gives the same patients")
        self.new_sample_button = next_seed_button(
            self.seed, tooltip="Simulate another 75 patients (next seed)"
        )
        self.variant.observe(self._resample, names=["value"])
        self.seed.observe(self._resample, names=["value"])
        self.outcome.observe(self._redraw, names=["value"])
        self.text = widgets.HTML("")
        self.table = widgets.HTML("")
        fig = go.Figure()
        for arm in ARMS:
            label, colour, symbol, dash = _ARM_STYLE[arm]
            fig.add_trace(
                go.Scatter(
                    name=label,
                    x=_TIMES,
                    y=[],
                    mode="lines+markers",
                    line={"color": colour, "dash": dash, "width": 3},
                    marker={"symbol": symbol, "size": 10},
                    hovertemplate="%{x}: mean %{y:.2f}<extra>" + label + "</extra>",
                )
            )
        fig.update_layout(
            height=360,
            template="plotly_white",
            margin={"t": 50, "b": 40, "l": 10, "r": 10},
            title={"text": "Mean score by arm", "x": 0.02},
            legend={"orientation": "h", "y": -0.15},
        )
        self.figure = fig
        self._redraw()
        # The first state must hold the data: a Voila page only receives the widget's initial state.
        self.figure = go.FigureWidget(fig)
        super().__init__(
            [
                widgets.HBox([self.variant, self.outcome], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self.seed, self.new_sample_button]),
                self.figure,
                self.text,
                self.table,
            ],
            **kwargs,
        )

    def summary(self) -> pd.DataFrame:
        """:func:`sclab.lessons.trial.three_arm_summary` of the current sample and outcome."""
        return three_arm_summary(self.data, outcome=self.outcome.value)

    def _resample(self, change=None) -> None:
        self.data = three_arm_sample(self.variant.value, seed=int(self.seed.value))
        self._redraw()

    def _redraw(self, change=None) -> None:
        out = self.summary().set_index("arm")
        key = self.outcome.value
        with self.figure.batch_update():
            for trace, arm in zip(self.figure.data, ARMS, strict=True):
                trace.y = [float(out.loc[arm, t]) for t in ("pre", "post", "fu")]
            self.figure.layout.yaxis.title.text = THREE_ARM_OUTCOMES[key]
        better = "lower" if key in ("gad", "dep") else "higher"
        published = PUBLISHED_G[self.variant.value][key]
        sign = -1 if better == "lower" else 1
        sc, uc = out.loc["self_compassion"], out.loc["usual_care"]
        power = analytic_power(published, [25])[0]
        source = "Ferrari et al. 2019" if self.variant.value == "ferrari-2019" else "Wilson et al. 2019"
        self.text.value = (
            f"<p><strong>75 simulated patients, seed {int(self.seed.value)}</strong> (not real patients). "
            f"{escape(THREE_ARM_OUTCOMES[key])}. "
            f"The card builds in a difference of g = {sign * published:+.2f} "
            f"between the self-compassion group and usual care after the sessions ({source}); this sample "
            f"shows g = {sc['g']:+.2f}, 95% CI [{sc['ci_low']:.2f}, {sc['ci_high']:.2f}]. With 25 per arm, "
            f"a two-arm comparison has about {power:.0%} power to detect g = {published:.2f} (formula). "
            f"Before the sessions the self-compassion group's mean was {sc['pre'] - uc['pre']:+.2f} points "
            "from usual care's: here only chance, but without randomisation such a difference can be real "
            "and be mistaken for an effect.</p>"
        )
        rows = []
        for arm in ARMS:
            r = out.loc[arm]
            g = (
                "reference"
                if arm == "usual_care"
                else f"{r['g']:+.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}]"
            )
            rows.append(
                [
                    _ARM_STYLE[arm][0],
                    f"{int(r['n'])}",
                    f"{r['pre']:.2f}",
                    f"{r['post']:.2f}",
                    f"{r['fu']:.2f}",
                    g,
                ]
            )
        self.table.value = table(
            f"Mean {THREE_ARM_OUTCOMES[key]} by arm ({better} = better), simulated",
            ["arm", "n", "before", "after", "3 months", "g at post vs usual care [95% CI]"],
            rows,
        )
