"""``TrialSimulator``: simulated two-arm trials of a self-compassion programme, one at a time, and a
power curve by repeated simulation beside the formula's.

The model (effects, assumptions, one trial and its words) is in :mod:`sclab.lessons.trial`, power by
formula in :mod:`sclab.lessons.power`; the repeated simulation is :func:`sclab.lessons.power.simulated_curve`,
run through :class:`sclab.ui._background.BackgroundRun` only on a button press.

>>> view = TrialSimulator(seed=1)
>>> view.design().effect_size, view.n.value
(0.57, 25)
>>> view.run_button.click(); view.seed.value, view.trial.seed
(2, 2)
>>> view.run_power_curve(background=False); view.curve["n_per_arm"].tolist()
[10, 20, 30, 50, 75, 100, 150, 200]
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.power import (
    NS,
    curve_line,
    formula_line,
    power_rows,
    progress_line,
    simulated_curve,
    was_stopped,
)
from sclab.lessons.trial import Design, describe_trial, one_trial, trial_rows
from sclab.ui._background import BackgroundRun, RunsInBackground
from sclab.ui._controls import next_seed_button, row, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.explorers.trial_design import TrialDesign
from sclab.ui.palette import COMPASSIONATE, SAMPLE, UNCOMPASSIONATE, YOU
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["NS", "TrialSimulator"]

_DESIGN_CONTROLS = "effect_menu effect_size control active_share assignment baseline_gap design_text".split()


def _arm_trace(name: str, colour: str, symbol: str) -> go.Box:
    marker = {"color": colour, "symbol": symbol, "size": 6, "opacity": 0.7}
    return go.Box(
        name=name, y=[], boxpoints="all", jitter=0.45, pointpos=0, boxmean=True, marker=marker,
        line={"color": colour}, fillcolor="rgba(0,0,0,0)",
    )  # fmt: skip


def _power_traces() -> list[go.Scatter]:
    formula = {"color": SAMPLE, "width": 3, "dash": "dash"}
    bars = {"type": "data", "array": [], "arrayminus": [], "symmetric": False}
    return [
        go.Scatter(
            name="Formula (statsmodels)", x=[], y=[], mode="lines", line=formula,
            hovertemplate="N %{x}: %{y:.0%}<extra>formula</extra>",
        ),
        go.Scatter(
            name="Simulated (95% interval)", x=[], y=[], mode="markers", error_y=bars,
            marker={"color": COMPASSIONATE, "size": 9, "symbol": "diamond"},
            hovertemplate="N %{x}: %{y:.0%}<extra>simulated</extra>",
        ),
        go.Scatter(
            name="Your N per arm", x=[], y=[], mode="lines+text", text=[], textposition="top right",
            line={"color": YOU, "width": 1.5, "dash": "dot"}, hoverinfo="skip",
        ),
    ]  # fmt: skip


def _empty_figure() -> go.Figure:
    titles = ("One simulated trial", "Power: chance of p < .05")
    fig = figure(1, 2, titles=titles, column_widths=[0.42, 0.58], horizontal_spacing=0.12, legend_y=-0.22)
    fig.add_trace(_arm_trace("Programme arm", COMPASSIONATE, "circle"), row=1, col=1)
    fig.add_trace(_arm_trace("Control arm", UNCOMPASSIONATE, "square"), row=1, col=1)
    for trace in _power_traces():
        fig.add_trace(trace, row=1, col=2)
    fig.add_hline(y=0.8, line={"color": SAMPLE, "width": 1}, row=1, col=2)
    fig.add_annotation(
        x=0, y=0.8, xref="x2 domain", yref="y2", text="80%", showarrow=False,
        xanchor="left", yanchor="bottom", font={"size": 11},
    )  # fmt: skip
    fig.update_yaxes(title_text="outcome (SD units, higher = better)", row=1, col=1)
    fig.update_xaxes(title_text="N per arm", range=[0, 205], row=1, col=2)
    fig.update_yaxes(title_text="power", range=[0, 1.05], tickformat=".0%", row=1, col=2)
    fig.update_layout(margin={"t": 50, "b": 50, "l": 10, "r": 10})
    return fig


class TrialSimulator(RunsInBackground, widgets.VBox):
    """Simulate two-arm trials: choose the effect size, the control arm, randomisation and N per arm.

    "Run one trial" draws the next trial (next seed) and shows both arms, Hedges g with its 95%
    interval and the t test's p. "Run power curve" repeats ``n_sims`` trials at each N in
    :data:`NS` (:func:`sclab.stats.power_curve`, with a progress bar and a Stop button) and draws
    the formula's power (statsmodels) beside it. ``background=False`` runs the curve in the calling
    thread (tests); in a notebook it runs in a thread so Stop can be pressed.
    """

    def __init__(
        self, *, effect_size: float = 0.57, n_per_arm: int = 25, seed: int = 1, n_sims: int = 1000, **kwargs
    ) -> None:
        whole_number(n_per_arm, "n_per_arm", 5, 500)
        seed_check(seed)
        whole_number(n_sims, "n_sims", 100, 5000)
        self.curve: pd.DataFrame | None = None
        self.curve_seed: int | None = None
        self._run = BackgroundRun()
        self.design_view = TrialDesign(effect_size=effect_size)  # refuses a bad effect size
        for name in _DESIGN_CONTROLS:  # the panel's controls, also as the simulator's own attributes
            setattr(self, name, getattr(self.design_view, name))
        self._build_run_controls(n_per_arm, seed, n_sims)
        self.trial_text, self.trial_table = widgets.HTML(""), widgets.HTML("")
        self.power_text, self.power_table = widgets.HTML(""), widgets.HTML("")
        self.figure = _empty_figure()
        self._draw_trial()
        self._draw_power()
        self.figure = wrap(self.figure)
        self.design_view.observe(self._design_changed, names=["design"])
        controls = widgets.VBox(
            [
                self.design_view,
                row(self.n, self.seed, self.run_button),
                row(self.n_sims, self.power_button, self.stop_button),
                row(self.progress, self.progress_text),
            ]
        )
        texts = [self.trial_text, self.trial_table, self.power_text, self.power_table]
        super().__init__([controls, self.figure, *texts], **kwargs)

    def _build_run_controls(self, n_per_arm: int, seed: int, n_sims: int) -> None:
        tip = "Simulated trials at each N per arm: more trials, less Monte Carlo error, longer run"
        self.n = size_slider(
            n_per_arm, 5, 500, step=1, tooltip="People in each arm of one trial", description="N per arm"
        )
        self.n_sims = size_slider(n_sims, 100, 5000, step=100, tooltip=tip, description="Trials per N")
        self.seed = seed_box(seed, tooltip="The same seed gives the same trial")
        self.run_button = next_seed_button(
            self.seed,
            description="Run one trial",
            tooltip="Simulate the next trial (next seed)",
            button_style="primary",
        )
        self.power_button = widgets.Button(
            description="Run power curve",
            tooltip="Simulate many trials at each N per arm (takes a few seconds)",
        )
        self.stop_button = widgets.Button(
            description="Stop", disabled=True, tooltip="Stop the power curve; what has run is kept"
        )
        self.power_button.on_click(lambda _: self.run_power_curve(background=self.background))
        self.stop_button.on_click(lambda _: self._run.stop())
        self.progress = widgets.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="Progress", tooltip="Share of the simulated trials done"
        )
        self.progress_text = widgets.Label("Not run yet: press Run power curve.")
        self.n.observe(self._trial_changed, names=["value"])
        self.seed.observe(self._trial_changed, names=["value"])
        self.n_sims.observe(self._design_changed, names=["value"])

    # --- model -------------------------------------------------------------------------------
    def design(self) -> Design:
        """The design on show (what :attr:`TrialDesign.design` publishes)."""
        return self.design_view.design

    # --- events ------------------------------------------------------------------------------
    def _design_changed(self, change=None) -> None:
        self._run.invalidate()
        self._draw_trial()
        if self.curve is not None:
            self.curve = self.curve_seed = None
            self.progress.value = 0.0
            self.progress_text.value = "Settings changed: press Run power curve again."
        self._draw_power()

    def _trial_changed(self, change=None) -> None:
        self._draw_trial()
        self._draw_power()  # the marker of the current N moves

    # --- the power curve ---------------------------------------------------------------------
    def run_power_curve(self, *, background: bool | None = None) -> None:
        """Simulate the power curve for the current design (in a thread unless ``background=False``)."""
        if self.running:
            return
        effect_size, n_sims, seed = (
            self.design().expected_estimate,
            int(self.n_sims.value),
            int(self.seed.value),
        )
        total = n_sims * len(NS)

        def say(text: str) -> None:
            self.progress_text.value = text

        def show_progress(fraction: float) -> None:
            self.progress.value = fraction
            say(progress_line(round(fraction * total), total, seed))

        def done(curve: pd.DataFrame) -> None:
            self.curve, self.curve_seed = curve, seed
            state = "stopped" if was_stopped(curve, n_sims) else "done"
            say(progress_line(int(curve["n_sims"].sum()), total, seed, state=state))
            self._draw_power()

        self.power_button.disabled, self.stop_button.disabled = True, False
        show_progress(0.0)
        self._run.start(
            lambda progress, should_stop: simulated_curve(
                effect_size, n_sims=n_sims, seed=seed, progress=progress, should_stop=should_stop
            ),
            on_progress=show_progress,
            on_done=done,
            on_stale=lambda: say(progress_line(0, total, seed, state="stale")),
            on_error=lambda line: say(f"The power curve failed: {line}"),
            on_end=self._ended,
            background=background,
        )

    def _ended(self) -> None:
        self.power_button.disabled, self.stop_button.disabled = False, True

    # --- drawing -----------------------------------------------------------------------------
    def _draw_trial(self) -> None:
        design = self.design()
        self.trial = trial = one_trial(design, int(self.n.value), int(self.seed.value))
        with self.figure.batch_update():
            self.figure.data[0].y, self.figure.data[1].y = trial.programme.tolist(), trial.control.tolist()
        self.trial_text.value = describe_trial(trial, design)
        self.trial_table.value = table(
            "This simulated trial, outcome in SD units", ["arm", "n", "mean", "SD"], trial_rows(trial)
        )

    def _draw_power(self) -> None:
        design = self.design()
        effect_size, n_now = design.expected_estimate, int(self.n.value)
        line_ns, line, top = formula_line(effect_size, n_now)
        with self.figure.batch_update():
            formula, sim, marker = self.figure.data[2:5]
            formula.x, formula.y = line_ns, line
            c = self.curve
            sim.x = [] if c is None else c["n_per_arm"].tolist()
            sim.y = [] if c is None else c["power"].tolist()
            sim.error_y.array = [] if c is None else (c["ci_high"] - c["power"]).tolist()
            sim.error_y.arrayminus = [] if c is None else (c["power"] - c["ci_low"]).tolist()
            marker.x, marker.y, marker.text = [n_now, n_now], [0, 1], ["", f"N = {n_now}"]
            self.figure.layout.xaxis2.range = [0, top * 1.025]
        self.power_text.value = curve_line(
            effect_size,
            n_now,
            true_difference=design.true_difference,
            baseline_gap=design.baseline_gap,
            curve_seed=self.curve_seed,
        )
        self.power_table.value = table(
            f"Power at d = {effect_size:.2f} by N per arm",
            ["N per arm", "formula", "simulated [95% CI] of trials"],
            power_rows(effect_size, self.curve),
        )
