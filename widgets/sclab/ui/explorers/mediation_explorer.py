"""``MediationExplorer``: distress and life satisfaction, through self-compassion and social support.

A parallel mediation on a simulated sample of the ``emerging-adults`` card. The model (sample,
least-squares paths, bootstrap) is :mod:`sclab.lessons.mediation`, the card's and published weights
:mod:`sclab.lessons.mediation_weights` (read from the card), the words
:mod:`sclab.lessons.mediation_text`; this module builds the controls, the coefficient plot and the
tables. The paths follow every control change at once; the bootstrap intervals of the indirect
effects start by themselves only for small runs (N x resamples up to 200 x 1,000) and otherwise
wait for "Run bootstrap". Runs go through :class:`sclab.ui._background.BackgroundRun`.

>>> view = MediationExplorer(n=200, seed=1, n_boot=200)
>>> view.result["effect"].tolist().count("indirect"), view.progress.value
(3, 1.0)
>>> view.new_sample_button.click(); view.seed.value
2
"""

from __future__ import annotations

import time
from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.mediation import (
    CARD,
    N_BOOT_CHOICES,
    N_MAX,
    N_MIN,
    analyse,
    check_n_boot,
    estimates,
    runs_at_once,
    simulated_sample,
)
from sclab.lessons.mediation_text import (
    describe_paths,
    done_line,
    path_rows,
    published_rows,
    row_labels,
    running_line,
    waiting_line,
)
from sclab.lessons.mediation_weights import card_and_published, weights_beside_published
from sclab.populations.card import load_card
from sclab.ui._background import BackgroundRun, RunsInBackground
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, COMPONENT, SAMPLE
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["MediationExplorer"]

_WIDE = {"description_width": "initial"}
_ROW = {"flex_flow": "row wrap"}


def _points(name: str, colour: str, symbol: str, where: str, **marker) -> go.Scatter:
    return go.Scatter(
        name=name, x=[], y=row_labels(), mode="markers",
        marker={"color": colour, "size": 11, "symbol": symbol, **marker},
        hovertemplate="%{y}: %{x:.2f}<extra>" + where + "</extra>",
    )  # fmt: skip


def _empty_figure() -> go.Figure:
    fig = figure(height=460, legend_y=-0.14)
    estimate = _points("This sample (95% interval)", COMPASSIONATE, "circle", "this sample", size=10)
    estimate.error_x = {"type": "data", "array": [], "arrayminus": [], "symmetric": False}
    estimate.error_x.color = COMPASSIONATE
    fig.add_trace(estimate)
    card_name = "Card weight (what the sample was built from)"
    fig.add_trace(_points(card_name, SAMPLE, "diamond-open", "card", line={"width": 2}))
    fig.add_trace(_points("Published weight", COMPONENT, "x-thin-open", "published", line={"width": 3}))
    fig.add_vline(x=0, line={"color": "#666", "width": 1})
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title_text="coefficient", zeroline=False)
    fig.update_layout(margin={"t": 50, "l": 10, "r": 10}, title={"text": ""})
    return fig


class MediationExplorer(RunsInBackground, widgets.VBox):
    """Parallel mediation of distress on life satisfaction through self-compassion and support.

    Controls: the sample size ``n`` (100-1,000 simulated students), the ``seed`` (shown; "New
    sample" takes the next), the bootstrap size ``n_boot`` (one of 200, 500, 1,000, 2,000), and
    standardised (z scores) or raw coefficients. The plot shows the a, b, total, direct and three
    indirect effects with 95% intervals (least squares for the paths, bias-corrected bootstrap for
    the indirect effects), the card's weights and the published ones; the tables say the same.

    ``background`` (default True) runs the bootstrap in a thread, so the notebook stays usable; set
    it to False (tests) to run in the calling thread. A run cannot be interrupted (pingouin draws all
    resamples in one call), so it is bounded instead: at most 1,000 students x 2,000 resamples.
    """

    def __init__(
        self, *, n: int = 200, seed: int = 1, n_boot: int = 1000, standardised: bool = True, **kwargs
    ) -> None:
        n = whole_number(n, "n", N_MIN, N_MAX, "of simulated students")
        seed, n_boot = seed_check(seed), check_n_boot(n_boot)
        if not isinstance(standardised, bool):
            raise ValueError(f"standardised must be True or False; got {standardised!r}")
        self.card = load_card(CARD)
        self.result: pd.DataFrame | None = None
        self._run = BackgroundRun()
        self._build_controls(n, seed, n_boot, standardised)
        self.status = widgets.HTML("", layout=widgets.Layout(min_width="24em"))
        self.summary, self.paths_table, self.published_table = (widgets.HTML("") for _ in range(3))
        self.data = simulated_sample(n, seed)
        self.published = weights_beside_published(self.data, self.card)
        self.figure = _empty_figure()
        self._redraw()
        if runs_at_once(n, n_boot):
            self.run_bootstrap(background=False)  # the first state carries the intervals
        else:
            self._waiting()
        self.figure = wrap(self.figure)
        self.n.observe(self._sample_changed, names=["value"])
        self.seed.observe(self._sample_changed, names=["value"])
        self.n_boot.observe(self._settings_changed, names=["value"])
        self.standardised.observe(self._settings_changed, names=["value"])
        controls = widgets.VBox(
            [
                widgets.HBox([self.n, self.seed, self.new_sample_button], layout=widgets.Layout(**_ROW)),
                widgets.HBox(
                    [self.n_boot, self.standardised, self.run_button],
                    layout=widgets.Layout(**_ROW, align_items="center"),
                ),
                widgets.HBox([self.progress, self.status], layout=widgets.Layout(**_ROW)),
            ]
        )
        tables = [self.summary, self.paths_table, self.published_table]
        super().__init__([controls, self.figure, *tables], **kwargs)

    def _build_controls(self, n: int, seed: int, n_boot: int, standardised: bool) -> None:
        self.n = size_slider(
            n, N_MIN, N_MAX, step=10, tooltip="How many simulated students are in the sample",
            description="Simulated students (N)", width="30em",
        )  # fmt: skip
        tip = "The same seed gives the same sample and the same bootstrap"
        self.seed = seed_box(seed, tooltip=tip, width="14em", style=_WIDE)
        self.new_sample_button = next_seed_button(self.seed)
        self.n_boot = widgets.Dropdown(
            options=[(f"{b:,} resamples", b) for b in N_BOOT_CHOICES], value=n_boot,
            description="Bootstrap size", tooltip="How many resamples the bootstrap intervals rest on",
            style=_WIDE,
        )  # fmt: skip
        tip = "Coefficients in SD units (comparable with the published weights) or in raw score units"
        self.standardised = widgets.Checkbox(
            value=standardised, description="Standardised (z scores)", indent=False, tooltip=tip
        )
        tip = "Resample the students to get 95% intervals for the indirect effects"
        self.run_button = widgets.Button(description="Run bootstrap", button_style="primary", tooltip=tip)
        self.run_button.on_click(lambda _: self.run_bootstrap(background=self.background))
        tip = "Whether the bootstrap has run for the current settings"
        self.progress = widgets.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="Bootstrap", tooltip=tip
        )

    # --- state -------------------------------------------------------------------------------
    def paths(self) -> pd.DataFrame:
        """The bootstrap result for the current settings if there is one, else the least-squares paths."""
        if self.result is not None:
            return self.result
        return estimates(self.data, standardised=bool(self.standardised.value))

    # --- events ------------------------------------------------------------------------------
    def _sample_changed(self, change=None) -> None:
        self._run.invalidate()
        self.data = simulated_sample(int(self.n.value), int(self.seed.value))
        self.published = weights_beside_published(self.data, self.card)
        self._settings_changed()

    def _settings_changed(self, change=None) -> None:
        self._run.invalidate()
        self.result = None
        self._redraw()
        if runs_at_once(int(self.n.value), int(self.n_boot.value)):
            self.run_bootstrap(background=self.background)
        else:
            self._waiting()

    def _waiting(self) -> None:
        self.progress.value, self.progress.bar_style = 0.0, ""
        self.status.value = waiting_line(int(self.n.value), int(self.n_boot.value))

    # --- the bootstrap -----------------------------------------------------------------------
    def run_bootstrap(self, *, background: bool | None = None) -> None:
        """Bootstrap the current sample (in a thread unless ``background=False``).

        If a run is already going, the current settings are run again as soon as it ends.
        """
        data, n_boot, seed = self.data, int(self.n_boot.value), int(self.seed.value)
        std = bool(self.standardised.value)

        def job(progress, should_stop):
            self.progress.value, self.progress.bar_style = 0.0, "info"
            self.status.value = running_line(len(data), n_boot)
            start = time.perf_counter()
            out = analyse(data, n_boot=n_boot, seed=seed, standardised=std, progress=progress)
            return out, time.perf_counter() - start

        def done(found) -> None:
            self.result, seconds = found
            self.progress.bar_style = "success"
            self.status.value = done_line(n_boot, seconds, seed)
            self._redraw()

        self.run_button.disabled = True
        self._run.start(
            job,
            on_progress=lambda fraction: setattr(self.progress, "value", float(fraction)),
            on_done=done,
            on_stale=self._waiting,
            on_error=self._failed,
            on_end=lambda: setattr(self.run_button, "disabled", False),
            queue=True,
            background=background,
        )

    def _failed(self, line: str) -> None:
        self.progress.bar_style = "danger"
        self.status.value = f"The bootstrap failed: {escape(line)}"

    # --- drawing -----------------------------------------------------------------------------
    def _redraw(self) -> None:
        paths, std = self.paths(), bool(self.standardised.value)
        coef = paths["coef"].astype(float).tolist()
        plus = [None if np.isnan(h) else h - c for h, c in zip(paths["ci_high"], coef, strict=True)]
        minus = [None if np.isnan(lo) else c - lo for lo, c in zip(paths["ci_low"], coef, strict=True)]
        hidden = [None] * len(paths)
        card, published = card_and_published(paths, self.card) if std else (hidden, hidden)
        units = "SD units, standardised" if std else "raw score units"
        boot = "" if self.result is not None else " (indirect intervals: bootstrap not run)"
        with self.figure.batch_update():
            est, crd, pub = self.figure.data
            est.x = coef
            est.error_x.array, est.error_x.arrayminus = plus, minus
            crd.x, pub.x = card, published
            self.figure.layout.title.text = (
                f"Paths, N = {len(self.data):,}, seed {int(self.seed.value)}, {units}{boot}"
            )
            self.figure.layout.xaxis.title.text = f"coefficient ({units})"
        self._describe(paths)

    def _describe(self, paths: pd.DataFrame) -> None:
        booted = self.result is not None
        self.summary.value = describe_paths(
            paths,
            n=len(self.data),
            seed=int(self.seed.value),
            booted=booted,
            standardised=bool(self.standardised.value),
        )
        self.paths_table.value = table(
            "Paths in this sample (the numbers behind the plot)",
            ["path", "estimate", "interval", "p", "interval from"],
            path_rows(paths, n_boot=int(self.n_boot.value), booted=booted),
        )
        self.published_table.value = table(
            "Standardised weights: published, on the card, and in this sample (a regression per card path)",
            ["link", "published", "published where", "card", "card's basis", "this sample [95% CI]"],
            published_rows(self.published),
        )
