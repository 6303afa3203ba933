"""``MediationExplorer``: distress and life satisfaction, through self-compassion and social support.

A parallel mediation on a simulated sample of the ``emerging-adults`` card. The model (sample,
least-squares paths, bootstrap, published weights) is :mod:`sclab.lessons.mediation`; this module
builds the controls, the coefficient plot and the tables. The paths follow every control change at
once; the bootstrap intervals of the indirect effects start by themselves only for small runs
(N x resamples up to 200 x 1,000) and otherwise wait for "Run bootstrap".

>>> view = MediationExplorer(n=200, seed=1, n_boot=200)
>>> view.result["effect"].tolist().count("indirect"), view.progress.value
(3, 1.0)
>>> view.new_sample_button.click(); view.seed.value
2
"""

from __future__ import annotations

import threading
import time
from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.mediation import (
    CARD,
    MEDIATORS,
    N_BOOT_CHOICES,
    N_MAX,
    N_MIN,
    X,
    Y,
    analyse,
    estimates,
    runs_at_once,
    simulated_sample,
    weights_beside_published,
)
from sclab.populations.card import load_card
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, COMPONENT, SAMPLE
from sclab.validation import MAX_SEED, whole_number

__all__ = ["MediationExplorer"]

_SHORT = {"scs_total": "self-compassion", "friends": "friends' support", "family": "family support"}
#: Published standardised weights on the b paths (literature.md: emerging adults, N = 200).
_PUBLISHED_B = {"friends": 0.17, "family": 0.32}


def _row_labels() -> list[str]:
    m = [_SHORT[v] for v in MEDIATORS]
    return (
        [f"a: distress → {v}" for v in m]
        + [f"b: {v} → satisfaction" for v in m]
        + ["total: distress → satisfaction", "direct: distress → satisfaction"]
        + [f"indirect via {v}" for v in m]
    )


def _fmt(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value:.2f}".replace("0.", ".", 1) if abs(value) < 1 else f"{value:.2f}"


def _fmt_p(p: float, n_boot: int | None = None) -> str:
    if not np.isfinite(p):
        return "n/a"
    if p == 0 and n_boot:
        return f"< {1 / n_boot:.3f}".replace("0.", ".")
    return "< .001" if p < 0.001 else f"{p:.3f}".replace("0.", ".")


class MediationExplorer(widgets.VBox):
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
        n = whole_number(n, "n", N_MIN, N_MAX)
        seed = whole_number(seed, "seed", 0, MAX_SEED)
        if n_boot not in N_BOOT_CHOICES or isinstance(n_boot, bool):
            raise ValueError(f"n_boot must be one of {', '.join(map(str, N_BOOT_CHOICES))}; got {n_boot!r}")
        if not isinstance(standardised, bool):
            raise ValueError(f"standardised must be True or False; got {standardised!r}")
        self.background = True
        self.card = load_card(CARD)
        self.result: pd.DataFrame | None = None
        self._lock = threading.RLock()  # held while state and view change together
        self._generation = 0
        self._busy = False
        self._again = False
        self._thread: threading.Thread | None = None

        wide = {"description_width": "initial"}
        self.n = size_slider(
            n,
            N_MIN,
            N_MAX,
            step=10,
            tooltip="How many simulated students are in the sample",
            description="Simulated students (N)",
            width="30em",
        )
        self.seed = seed_box(
            seed,
            tooltip="The same seed gives the same sample and the same bootstrap",
            width="14em",
            style=wide,
        )
        self.new_sample_button = next_seed_button(self.seed)
        self.n_boot = widgets.Dropdown(
            options=[(f"{b:,} resamples", b) for b in N_BOOT_CHOICES],
            value=n_boot,
            description="Bootstrap size",
            tooltip="How many resamples the bootstrap intervals rest on",
            style=wide,
        )
        self.standardised = widgets.Checkbox(
            value=standardised,
            description="Standardised (z scores)",
            indent=False,
            tooltip="Coefficients in SD units (comparable with the published weights) or in raw score units",
        )
        self.run_button = widgets.Button(
            description="Run bootstrap",
            button_style="primary",
            tooltip="Resample the students to get 95% intervals for the indirect effects",
        )
        self.run_button.on_click(lambda _: self.run_bootstrap(background=self.background))
        self.progress = widgets.FloatProgress(
            value=0.0,
            min=0.0,
            max=1.0,
            description="Bootstrap",
            tooltip="Whether the bootstrap has run for the current settings",
        )
        self.status = widgets.HTML("", layout=widgets.Layout(min_width="24em"))
        self.summary = widgets.HTML("")
        self.paths_table = widgets.HTML("")
        self.published_table = widgets.HTML("")

        self.data = simulated_sample(n, seed)
        self.published = weights_beside_published(self.data, self.card)
        self.figure = self._empty_figure()
        self._redraw()
        if runs_at_once(n, n_boot):
            self.run_bootstrap(background=False)  # the first state carries the intervals
        else:
            self._waiting()
        # The first state must hold the data: a Voila page only receives the widget's initial state.
        self.figure = go.FigureWidget(self.figure)

        self.n.observe(self._sample_changed, names=["value"])
        self.seed.observe(self._sample_changed, names=["value"])
        self.n_boot.observe(self._settings_changed, names=["value"])
        self.standardised.observe(self._settings_changed, names=["value"])

        controls = widgets.VBox(
            [
                widgets.HBox(
                    [self.n, self.seed, self.new_sample_button], layout=widgets.Layout(flex_flow="row wrap")
                ),
                widgets.HBox(
                    [self.n_boot, self.standardised, self.run_button],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                widgets.HBox([self.progress, self.status], layout=widgets.Layout(flex_flow="row wrap")),
            ]
        )
        super().__init__(
            [controls, self.figure, self.summary, self.paths_table, self.published_table], **kwargs
        )

    # --- state -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether a bootstrap is running."""
        return self._busy

    def join(self, timeout: float | None = None) -> None:
        """Wait for a bootstrap running in the background to finish."""
        if self._thread is not None:
            self._thread.join(timeout)

    def paths(self) -> pd.DataFrame:
        """The bootstrap result for the current settings if there is one, else the least-squares paths."""
        if self.result is not None:
            return self.result
        return estimates(self.data, standardised=bool(self.standardised.value))

    # --- events ------------------------------------------------------------------------------
    def _sample_changed(self, change=None) -> None:
        with self._lock:
            self.data = simulated_sample(int(self.n.value), int(self.seed.value))
            self.published = weights_beside_published(self.data, self.card)
            self._settings_changed()

    def _settings_changed(self, change=None) -> None:
        with self._lock:
            self._generation += 1
            self.result = None
            self._redraw()
            if runs_at_once(int(self.n.value), int(self.n_boot.value)):
                self.run_bootstrap(background=self.background)
            else:
                self._waiting()

    def _waiting(self) -> None:
        self.progress.value, self.progress.bar_style = 0.0, ""
        self.status.value = (
            f"Intervals of the indirect effects not computed yet: press <strong>Run bootstrap</strong> "
            f"({int(self.n_boot.value):,} resamples of {int(self.n.value):,} students)."
        )

    # --- the bootstrap -----------------------------------------------------------------------
    def run_bootstrap(self, *, background: bool = True) -> None:
        """Bootstrap the current sample (in a thread unless ``background=False``).

        If a run is already going, the current settings are run again as soon as it ends.
        """
        with self._lock:
            if self._busy:
                self._again = True
                return
            self._busy, self._again = True, False
        self.run_button.disabled = True
        if background:
            self._thread = threading.Thread(target=self._work, daemon=True)
            self._thread.start()
        else:
            self._work(reraise=True)

    def _work(self, reraise: bool = False) -> None:
        try:
            while True:
                with self._lock:
                    gen, data = self._generation, self.data
                    n_boot, seed = int(self.n_boot.value), int(self.seed.value)
                    std = bool(self.standardised.value)
                    self._again = False
                self.progress.value, self.progress.bar_style = 0.0, "info"
                self.status.value = f"Running {n_boot:,} resamples of {len(data):,} students ..."
                start = time.perf_counter()
                out = analyse(data, n_boot=n_boot, seed=seed, standardised=std, progress=self._report)
                seconds = time.perf_counter() - start
                with self._lock:
                    if gen == self._generation:
                        self.result = out
                        self._busy = False
                        self.progress.bar_style = "success"
                        self.status.value = (
                            f"Done: {n_boot:,} resamples in {seconds:.1f} s (bootstrap seed {seed}; "
                            "bias-corrected 95% intervals, pingouin)."
                        )
                        self._redraw()
                        return
                    if not self._again:  # the new settings wait for a press
                        self._busy = False
                        self._waiting()
                        return
        except Exception as exc:  # shown, not swallowed: the thread has nowhere else to report
            with self._lock:
                self._busy = False
            self.progress.bar_style = "danger"
            self.status.value = f"The bootstrap failed: {escape(str(exc))}"
            if reraise:
                raise
        finally:
            self.run_button.disabled = False

    def _report(self, fraction: float) -> None:
        self.progress.value = float(fraction)

    # --- drawing -----------------------------------------------------------------------------
    @staticmethod
    def _empty_figure() -> go.Figure:
        labels = _row_labels()
        fig = go.Figure()
        fig.add_trace(
            go.Scatter(
                name="This sample (95% interval)",
                x=[],
                y=labels,
                mode="markers",
                marker={"color": COMPASSIONATE, "size": 10, "symbol": "circle"},
                error_x={
                    "type": "data",
                    "array": [],
                    "arrayminus": [],
                    "symmetric": False,
                    "color": COMPASSIONATE,
                },
                hovertemplate="%{y}: %{x:.2f}<extra>this sample</extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                name="Card weight (what the sample was built from)",
                x=[],
                y=labels,
                mode="markers",
                marker={"color": SAMPLE, "size": 11, "symbol": "diamond-open", "line": {"width": 2}},
                hovertemplate="%{y}: %{x:.2f}<extra>card</extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                name="Published weight",
                x=[],
                y=labels,
                mode="markers",
                marker={"color": COMPONENT, "size": 11, "symbol": "x-thin-open", "line": {"width": 3}},
                hovertemplate="%{y}: %{x:.2f}<extra>published</extra>",
            )
        )
        fig.add_vline(x=0, line={"color": "#666", "width": 1})
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(title_text="coefficient", zeroline=False)
        fig.update_layout(
            height=460,
            template="plotly_white",
            margin={"t": 50, "b": 40, "l": 10, "r": 10},
            legend={"orientation": "h", "y": -0.14},
            title={"text": ""},
        )
        return fig

    def _card_and_published(self, paths: pd.DataFrame) -> tuple[list, list]:
        """Card and published weights for the rows where the card's model is the explorer's model."""
        if not self.standardised.value:
            return [None] * len(paths), [None] * len(paths)
        sat = next(p for p in self.card.paths if p.outcome == Y).predictors
        col = {"scs_total": "scs"}
        card, published = [], []
        for row in paths.itertuples():
            value = pub = None
            if row.effect == "a":
                path = next(p for p in self.card.paths if p.outcome == col.get(row.mediator, row.mediator))
                if list(path.predictors) == [X]:  # the card's path is the explorer's a path
                    value = path.predictors[X].value
            elif row.effect == "b":
                value = sat[col.get(row.mediator, row.mediator)].value
                pub = _PUBLISHED_B.get(row.mediator)
            elif row.effect == "direct":
                value = sat[X].value
            card.append(value)
            published.append(pub)
        return card, published

    def _redraw(self) -> None:
        paths = self.paths()
        coef = paths["coef"].astype(float).tolist()
        plus = [None if np.isnan(h) else h - c for h, c in zip(paths["ci_high"], coef, strict=True)]
        minus = [None if np.isnan(lo) else c - lo for lo, c in zip(paths["ci_low"], coef, strict=True)]
        card, published = self._card_and_published(paths)
        units = "SD units, standardised" if self.standardised.value else "raw score units"
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
        by = {
            (r.effect, r.mediator if r.effect in ("a", "b", "indirect") else None): r
            for r in paths.itertuples()
        }
        total, direct = by[("total", None)], by[("direct", None)]
        indirect = [by[("indirect", m)] for m in MEDIATORS]
        booted = self.result is not None
        n_boot = int(self.n_boot.value)
        parts = " + ".join(f"({_fmt(r.coef)})" for r in indirect)
        share = sum(r.coef for r in indirect) / total.coef if total.coef else np.nan
        lines = [
            f"<p><strong>{len(self.data):,} simulated students, seed {int(self.seed.value)}.</strong> "
            f"Total effect of distress on life satisfaction {_fmt(total.coef)}, direct effect "
            f"{_fmt(direct.coef)}, indirect effects (a x b) {parts}. The total is the direct effect plus "
            f"the indirect ones: {_fmt(total.coef)} = {_fmt(direct.coef)} + {parts}"
            + (f", so the three mediators together carry {share:.0%} of it." if np.isfinite(share) else ".")
            + "</p>"
        ]
        if booted:
            clear = [_SHORT[r.mediator] for r in indirect if r.ci_low > 0 or r.ci_high < 0]
            lines.append(
                "<p>Bootstrap 95% intervals that leave out 0: "
                + (escape(", ".join(clear)) if clear else "none")
                + ". Simulated students, measured once: the paths describe how the scores hang together "
                "in this sample, not what causes what.</p>"
            )
        else:
            lines.append("<p>The indirect effects have no interval until the bootstrap has run.</p>")
        if not self.standardised.value:
            lines.append(
                "<p>Raw units: each coefficient is in its own variables' units (distress 10-50, "
                "self-compassion 1-5, support 1-7, satisfaction 5-35), so sizes are not comparable "
                "across paths, and the card's and published weights (standardised) are hidden.</p>"
            )
        self.summary.value = "".join(lines)

        rows = []
        for label, r in zip(_row_labels(), paths.itertuples(), strict=True):
            how = "least squares"
            if r.effect == "indirect":
                how = "bootstrap" if booted else "bootstrap not run"
            ci = "n/a" if np.isnan(r.ci_low) else f"[{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"
            p = _fmt_p(r.p_val, n_boot if r.effect == "indirect" else None)
            rows.append([label, _fmt(r.coef), ci, p, how])
        self.paths_table.value = table(
            "Paths in this sample (the numbers behind the plot)",
            ["path", "estimate", "95% interval", "p", "interval from"],
            rows,
        )
        pub_rows = []
        for r in self.published.itertuples():
            here = (
                "not simulated"
                if np.isnan(r.coef)
                else _fmt(r.coef) + ("" if np.isnan(r.ci_low) else f" [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]")
            )
            card = "" if np.isnan(r.card) else _fmt(r.card)
            pub_rows.append(
                [
                    r.link,
                    r.published or "none in reach",
                    r.published_basis,
                    card,
                    f"{r.kind}: {r.basis}" if r.kind and not r.basis.startswith(r.kind) else r.basis,
                    here,
                ]
            )
        self.published_table.value = table(
            "Standardised weights: published, on the card, and in this sample (a regression per card path)",
            ["link", "published", "published where", "card", "card's basis", "this sample [95% CI]"],
            pub_rows,
        )
