"""``TrialSimulator``: simulated two-arm trials of a self-compassion programme, one at a time, and a
power curve by repeated simulation beside the formula's.

The model (effects, assumptions, one trial, analytic power) is in :mod:`sclab.lessons.trial`; the
repeated simulation is :func:`sclab.stats.power_curve`. The power curve runs only on a button press.

>>> view = TrialSimulator(seed=1)
>>> view.design().effect, view.n.value
(0.57, 25)
>>> view.run_button.click(); view.seed.value, view.trial.seed
(2, 2)
>>> view.run_power_curve(background=False); view.curve["n_per_arm"].tolist()
[10, 20, 30, 50, 75, 100, 150, 200]
"""

from __future__ import annotations

import threading
from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.trial import (
    ACTIVE_SHARE,
    BASELINE_GAP,
    EFFECTS,
    Design,
    analytic_power,
    one_trial,
)
from sclab.stats import power_curve
from sclab.ui._controls import next_seed_button, seed_box
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, SAMPLE, UNCOMPASSIONATE, YOU
from sclab.validation import MAX_SEED

__all__ = ["NS", "TrialSimulator"]

#: Sample sizes per arm on the simulated power curve.
NS = [10, 20, 30, 50, 75, 100, 150, 200]
_LINE_TOP = 200
_OWN = "own"


def _revert_if_not_finite(change) -> bool:
    """A page visitor can send NaN to a slider: put the old value back and tell the caller to stop."""
    if change is not None and isinstance(change["new"], float) and not np.isfinite(change["new"]):
        change["owner"].value = change["old"]
        return True
    return False


def _fmt_p(p: float) -> str:
    return "p < .001" if p < 0.001 else f"p = {p:.3f}".replace("0.", ".")


class TrialSimulator(widgets.VBox):
    """Simulate two-arm trials: choose the effect, the control arm, randomisation and N per arm.

    "Run one trial" draws the next trial (next seed) and shows both arms, Hedges g with its 95%
    interval and the t test's p. "Run power curve" repeats ``n_sims`` trials at each N in
    :data:`NS` (:func:`sclab.stats.power_curve`, with a progress bar and a Stop button) and draws
    the formula's power (statsmodels) beside it. ``background=False`` runs the curve in the calling
    thread (tests); in a notebook it runs in a thread so Stop can be pressed.
    """

    def __init__(
        self, *, effect: float = 0.57, n_per_arm: int = 25, seed: int = 1, n_sims: int = 1000, **kwargs
    ) -> None:
        Design(effect=effect)  # refuses a non-number
        if not 0 <= effect <= 1.5:
            raise ValueError(f"effect must be from 0 to 1.5 (Cohen's d); got {effect!r}")
        for name, value, lo, hi in (
            ("n_per_arm", n_per_arm, 5, 500),
            ("seed", seed, 0, MAX_SEED),
            ("n_sims", n_sims, 100, 5000),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
                raise ValueError(f"{name} must be a whole number from {lo} to {hi}; got {value!r}")
        self.background = True
        self.curve: pd.DataFrame | None = None
        self.curve_seed: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._syncing = False

        options = [(label, g) for label, g, _ in EFFECTS] + [("Your own value (slider)", _OWN)]
        match = next((g for _, g, _ in EFFECTS if abs(g - effect) < 1e-9), _OWN)
        wide = {"description_width": "initial"}
        self.effect_menu = widgets.Dropdown(
            options=options,
            value=match,
            description="Effect from",
            tooltip="A pooled effect from a meta-analysis, or your own value",
            style=wide,
            layout=widgets.Layout(width="30em"),
        )
        self.effect = widgets.FloatSlider(
            value=effect,
            min=0.0,
            max=1.5,
            step=0.01,
            description="Programme effect (d)",
            tooltip="The programme's advantage over no treatment, in SD units",
            continuous_update=False,
            style=wide,
            layout=widgets.Layout(width="26em"),
        )
        self.control = widgets.ToggleButtons(
            options=[("Waitlist control", "waitlist"), ("Active control", "active")],
            value="waitlist",
            description="Control arm",
            tooltips=[
                "the control group gets nothing until later",
                "the control group gets another treatment",
            ],
            style=wide,
        )
        self.active_share = widgets.FloatSlider(
            value=ACTIVE_SHARE,
            min=0.0,
            max=1.0,
            step=0.05,
            readout_format=".0%",
            description="Active control's share of the gain (assumption)",
            tooltip="How much of the programme's gain the active control also produces",
            continuous_update=False,
            disabled=True,
            style=wide,
            layout=widgets.Layout(width="46em"),
        )
        self.assignment = widgets.ToggleButtons(
            options=[("Randomised", False), ("Non-randomised", True)],
            value=False,
            description="Assignment",
            tooltips=["a coin decides each person's arm", "people end up in arms by choice or circumstance"],
            style=wide,
        )
        self.baseline_gap = widgets.FloatSlider(
            value=BASELINE_GAP,
            min=0.0,
            max=1.0,
            step=0.05,
            description="Programme arm's head start at baseline (d, assumption)",
            tooltip="How much better off the programme arm already is before the programme starts",
            continuous_update=False,
            disabled=True,
            style=wide,
            layout=widgets.Layout(width="46em"),
        )
        self.n = widgets.IntSlider(
            value=n_per_arm,
            min=5,
            max=500,
            step=1,
            description="N per arm",
            tooltip="People in each arm of one trial",
            continuous_update=False,
            style=wide,
        )
        self.seed = seed_box(seed, tooltip="The same seed gives the same trial")
        self.run_button = next_seed_button(
            self.seed,
            description="Run one trial",
            tooltip="Simulate the next trial (next seed)",
            button_style="primary",
        )
        self.n_sims = widgets.IntSlider(
            value=n_sims,
            min=100,
            max=5000,
            step=100,
            description="Trials per N",
            tooltip="Simulated trials at each N per arm: more trials, less Monte Carlo error, longer run",
            continuous_update=False,
            style=wide,
        )
        self.power_button = widgets.Button(
            description="Run power curve",
            tooltip="Simulate many trials at each N per arm (takes a few seconds)",
        )
        self.stop_button = widgets.Button(
            description="Stop", disabled=True, tooltip="Stop the power curve; what has run is kept"
        )
        self.power_button.on_click(lambda _: self.run_power_curve(background=self.background))
        self.stop_button.on_click(lambda _: self._stop.set())
        self.progress = widgets.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="Progress", tooltip="Share of the simulated trials done"
        )
        self.progress_text = widgets.Label("Not run yet: press Run power curve.")

        self.effect_menu.observe(self._menu_changed, names=["value"])
        self.effect.observe(self._slider_changed, names=["value"])
        for ctl in (self.control, self.active_share, self.assignment, self.baseline_gap):
            ctl.observe(self._design_changed, names=["value"])
        self.n.observe(self._trial_changed, names=["value"])
        self.seed.observe(self._trial_changed, names=["value"])
        self.n_sims.observe(self._design_changed, names=["value"])

        self.design_text = widgets.HTML("")
        self.trial_text = widgets.HTML("")
        self.trial_table = widgets.HTML("")
        self.power_text = widgets.HTML("")
        self.power_table = widgets.HTML("")
        self.figure = self._empty_figure()
        self._describe_design()
        self._draw_trial()
        self._draw_power()
        # The first state must hold the data: a Voila page only receives the widget's initial state.
        self.figure = go.FigureWidget(self.figure)
        design = widgets.VBox(
            [
                widgets.HBox([self.effect_menu, self.effect], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self.control, self.active_share], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox(
                    [self.assignment, self.baseline_gap], layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.design_text,
                widgets.HBox([self.n, self.seed, self.run_button]),
                widgets.HBox([self.n_sims, self.power_button, self.stop_button]),
                widgets.HBox([self.progress, self.progress_text]),
            ]
        )
        super().__init__(
            [design, self.figure, self.trial_text, self.trial_table, self.power_text, self.power_table],
            **kwargs,
        )

    # --- model -------------------------------------------------------------------------------
    def design(self) -> Design:
        return Design(
            effect=float(self.effect.value),
            control=self.control.value,
            active_share=float(self.active_share.value),
            baseline_gap=float(self.baseline_gap.value) if self.assignment.value else 0.0,
        )

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a power curve running in the background to finish."""
        if self._thread is not None:
            self._thread.join(timeout)

    # --- events ------------------------------------------------------------------------------
    def _menu_changed(self, change) -> None:
        if self._syncing or change["new"] == _OWN:
            return
        self._syncing = True
        try:
            self.effect.value = float(change["new"])
        finally:
            self._syncing = False
        self._design_changed()

    def _slider_changed(self, change) -> None:
        if _revert_if_not_finite(change):
            return
        if not self._syncing:
            menu = self.effect_menu.value
            if menu != _OWN and abs(float(menu) - float(change["new"])) > 1e-9:
                self._syncing = True
                try:
                    self.effect_menu.value = _OWN
                finally:
                    self._syncing = False
            self._design_changed()

    def _design_changed(self, change=None) -> None:
        if _revert_if_not_finite(change):
            return
        self.active_share.disabled = self.control.value != "active"
        self.baseline_gap.disabled = not self.assignment.value
        self._describe_design()
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
    def run_power_curve(self, *, background: bool = True) -> None:
        """Simulate the power curve for the current design (in a thread unless ``background=False``)."""
        if self.running:
            return
        self._stop.clear()
        effect, n_sims, seed = self.design().expected_estimate, int(self.n_sims.value), int(self.seed.value)
        self.power_button.disabled, self.stop_button.disabled = True, False
        self.progress.value = 0.0
        self.progress_text.value = f"0 of {n_sims * len(NS):,} simulated trials (seed {seed})"
        if background:
            self._thread = threading.Thread(target=self._power_job, args=(effect, n_sims, seed), daemon=True)
            self._thread.start()
        else:
            self._power_job(effect, n_sims, seed)

    def _power_job(self, effect: float, n_sims: int, seed: int) -> None:
        total = n_sims * len(NS)

        def progress(fraction: float) -> None:
            self.progress.value = fraction
            self.progress_text.value = (
                f"{round(fraction * total):,} of {total:,} simulated trials (seed {seed})"
            )

        try:
            curve = power_curve(
                effect,
                NS,
                n_sims=n_sims,
                seed=seed,
                equal_var=True,
                progress=progress,
                should_stop=self._stop.is_set,
            )
            stopped = len(curve) < len(NS) or int(curve["n_sims"].iloc[-1]) < n_sims
            if abs(effect - self.design().expected_estimate) > 1e-12 or n_sims != self.n_sims.value:
                self.progress_text.value = "Settings changed while it ran: press Run power curve again."
                return
            self.curve, self.curve_seed = curve, seed
            done = int(curve["n_sims"].sum())
            self.progress_text.value = (
                f"Stopped after {done:,} of {total:,} simulated trials (seed {seed})."
                if stopped
                else f"Done: {done:,} simulated trials (seed {seed})."
            )
            self._draw_power()
        finally:
            self.power_button.disabled, self.stop_button.disabled = False, True

    # --- drawing -----------------------------------------------------------------------------
    @staticmethod
    def _empty_figure() -> go.Figure:
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.42, 0.58],
            horizontal_spacing=0.12,
            subplot_titles=("One simulated trial", "Power: chance of p < .05"),
        )
        for name, colour, symbol in (
            ("Programme arm", COMPASSIONATE, "circle"),
            ("Control arm", UNCOMPASSIONATE, "square"),
        ):
            fig.add_trace(
                go.Box(
                    name=name,
                    y=[],
                    boxpoints="all",
                    jitter=0.45,
                    pointpos=0,
                    boxmean=True,
                    marker={"color": colour, "symbol": symbol, "size": 6, "opacity": 0.7},
                    line={"color": colour},
                    fillcolor="rgba(0,0,0,0)",
                ),
                row=1,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                name="Formula (statsmodels)",
                x=[],
                y=[],
                mode="lines",
                line={"color": SAMPLE, "width": 3, "dash": "dash"},
                hovertemplate="N %{x}: %{y:.0%}<extra>formula</extra>",
            ),
            row=1,
            col=2,
        )
        fig.add_trace(
            go.Scatter(
                name="Simulated (95% interval)",
                x=[],
                y=[],
                mode="markers",
                marker={"color": COMPASSIONATE, "size": 9, "symbol": "diamond"},
                error_y={"type": "data", "array": [], "arrayminus": [], "symmetric": False},
                hovertemplate="N %{x}: %{y:.0%}<extra>simulated</extra>",
            ),
            row=1,
            col=2,
        )
        fig.add_trace(
            go.Scatter(
                name="Your N per arm",
                x=[],
                y=[],
                mode="lines+text",
                text=[],
                textposition="top right",
                line={"color": YOU, "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
            ),
            row=1,
            col=2,
        )
        fig.add_hline(y=0.8, line={"color": SAMPLE, "width": 1}, row=1, col=2)
        fig.add_annotation(
            x=0,
            y=0.8,
            xref="x2 domain",
            yref="y2",
            text="80%",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 11},
        )
        fig.update_yaxes(title_text="outcome (SD units, higher = better)", row=1, col=1)
        fig.update_xaxes(title_text="N per arm", range=[0, 205], row=1, col=2)
        fig.update_yaxes(title_text="power", range=[0, 1.05], tickformat=".0%", row=1, col=2)
        fig.update_layout(
            height=420,
            template="plotly_white",
            margin={"t": 50, "b": 50, "l": 10, "r": 10},
            legend={"orientation": "h", "y": -0.22},
        )
        return fig

    def _describe_design(self) -> None:
        d = self.design()
        source = next((s for label, g, s in EFFECTS if g == self.effect_menu.value), None)
        origin = f"the pooled g of {escape(source)}" if source else "your own value"
        lines = [f"Programme effect d = {d.effect:.2f} ({origin}), taken as the advantage over no treatment."]
        if d.control == "active":
            lines.append(
                f"<em>Assumption:</em> the active control produces {d.active_share:.0%} of that gain, so the "
                f"programme's real advantage over it is d = {d.true_difference:.2f}. "
                "Why: Wilson et al. (2019) "
                "found no advantage of self-compassion therapies over active controls."
            )
        if d.baseline_gap:
            lines.append(
                "<em>Assumption:</em> without randomisation the programme arm starts "
                f"d = {d.baseline_gap:.2f} "
                f"ahead, so a trial estimates d = {d.expected_estimate:.2f} on average: "
                f"{d.baseline_gap:.2f} of it is not the programme (bias)."
            )
        self.design_text.value = "<p>" + "<br>".join(lines) + "</p>"

    def _draw_trial(self) -> None:
        d = self.design()
        self.trial = trial = one_trial(d, int(self.n.value), int(self.seed.value))
        with self.figure.batch_update():
            prog, ctrl = self.figure.data[0], self.figure.data[1]
            prog.y, ctrl.y = trial.programme.tolist(), trial.control.tolist()
        verdict = "significant at .05" if trial.p_val < 0.05 else "not significant at .05"
        self.trial_text.value = (
            f"<p><strong>Simulated trial, seed {trial.seed}, {trial.n1} per arm:</strong> estimated "
            f"g = {trial.g:.2f}, 95% CI [{trial.ci_low:.2f}, {trial.ci_high:.2f}], {_fmt_p(trial.p_val)} "
            f"(Student's t test), {verdict}. "
            f"The value built into this design is d = {d.expected_estimate:.2f}"
            + (f", of which {d.baseline_gap:.2f} is a head start at baseline" if d.baseline_gap else "")
            + ". Simulated people, not patients.</p>"
        )
        rows = [
            [name, f"{len(arm)}", f"{arm.mean():.2f}", f"{arm.std(ddof=1):.2f}"]
            for name, arm in (("Programme arm", trial.programme), ("Control arm", trial.control))
        ]
        self.trial_table.value = table(
            "This simulated trial, outcome in SD units", ["arm", "n", "mean", "SD"], rows
        )

    def _draw_power(self) -> None:
        effect = self.design().expected_estimate
        n_now = int(self.n.value)
        top = max(_LINE_TOP, n_now)
        line_ns = list(range(4, top + 1, 2 if top <= _LINE_TOP else 4))
        line = analytic_power(effect, line_ns)
        at = analytic_power(effect, NS)
        with self.figure.batch_update():
            formula, sim, marker = self.figure.data[2], self.figure.data[3], self.figure.data[4]
            formula.x, formula.y = line_ns, line
            if self.curve is None:
                sim.x, sim.y = [], []
                sim.error_y.array, sim.error_y.arrayminus = [], []
            else:
                c = self.curve
                sim.x, sim.y = c["n_per_arm"].tolist(), c["power"].tolist()
                sim.error_y.array = (c["ci_high"] - c["power"]).tolist()
                sim.error_y.arrayminus = (c["power"] - c["ci_low"]).tolist()
            marker.x, marker.y = [n_now, n_now], [0, 1]
            marker.text = ["", f"N = {n_now}"]
            self.figure.layout.xaxis2.range = [0, top * 1.025]
        self._describe_power(effect, at, n_now)

    def _describe_power(self, effect: float, at: list[float], n_now: int) -> None:
        from statsmodels.stats.power import TTestIndPower

        here = analytic_power(effect, [n_now])[0]
        need = ""
        if effect >= 0.05:
            n80 = TTestIndPower().solve_power(effect_size=effect, power=0.8, alpha=0.05, ratio=1.0)
            need = f" For 80% power the formula needs about {int(np.ceil(n80)):,} per arm."
        else:
            need = " With a difference this close to 0, no practical N reaches 80% power."
        sims = ""
        if self.curve is not None:
            sims = (
                f" The diamonds are simulated (seed {self.curve_seed}); their bars show Monte Carlo error "
                "(95% Wilson intervals)."
            )
        d = self.design()
        bias = ""
        if d.baseline_gap:
            bias = (
                f" <em>Beware:</em> {d.baseline_gap:.2f} of this d is the head start, not the programme. "
                "Much of this 'power' is the chance of a significant result the programme did not earn; "
                f"at the programme's real advantage (d = {d.true_difference:.2f}) the formula gives "
                f"{analytic_power(d.true_difference, [n_now])[0]:.0%} with {n_now} per arm."
            )
        self.power_text.value = (
            f"<p><strong>Power at d = {effect:.2f}:</strong> with {n_now} per arm the formula (Student's t, "
            f"two-sided, alpha .05) gives {here:.0%}.{need}{bias}{sims}</p>"
        )
        sim = (
            {}
            if self.curve is None
            else dict(zip(self.curve["n_per_arm"], self.curve.itertuples(), strict=True))
        )
        rows = []
        for n, p in zip(NS, at, strict=True):
            row = sim.get(n)
            simulated = (
                "not run"
                if row is None
                else f"{row.power:.0%} [{row.ci_low:.0%}, {row.ci_high:.0%}] of {row.n_sims:,}"
            )
            rows.append([f"{n}", f"{p:.0%}", simulated])
        self.power_table.value = table(
            f"Power at d = {effect:.2f} by N per arm",
            ["N per arm", "formula", "simulated [95% CI] of trials"],
            rows,
        )
