"""``MetaAnalysisExplorer``: a set of simulated studies of self-compassion and avoidance symptoms, their
forest plot, and the pooled fixed-effect and random-effects estimates.

The model (the studies, the pooling, the table and the words) is :mod:`sclab.lessons.meta_analysis`;
this module builds the controls and the figure and fills the HTML.

>>> view = MetaAnalysisExplorer(seed=2008)
>>> view.k.value, len(view.result.published)
(10, 10)
>>> view.new_studies_button.click(); view.seed.value
2009
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from sclab.lessons import meta_analysis as model
from sclab.lessons.meta_analysis import K_RANGE, N_RANGE, TAU_RANGE, StudySetDesign, design_from_card
from sclab.ui._controls import next_seed_button, revert_if_not_finite, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._html import disclosure, table
from sclab.ui.palette import COMPASSIONATE, SAMPLE, UNCOMPASSIONATE, YOU
from sclab.validation import seed as seed_check

__all__ = ["MetaAnalysisExplorer"]

_ROW = widgets.Layout(flex_flow="row wrap", align_items="center")
_WIDE = {"description_width": "initial"}
_FITS = "min(28em, 100%)"  # a slider's width: 28em, or the page's width on a phone (360 px)


def _one_study() -> str:
    note = (
        "One simulated study of the card's trauma-exposed students (the shipped snapshot). Only the "
        "pattern is published, not these values: they are the card's teaching values plus chance."
    )
    return (
        "<details><summary><strong>One study like Thompson and Waltz's</strong></summary>"
        f"<p>{escape(note)}</p>{table(*model.cluster_table())}</details>"
    )


def _provenance() -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in model.provenance_lines()[1:])
    head = escape(model.provenance_lines()[0])
    return (
        "<details><summary><strong>Where the built-in values come from</strong></summary>"
        f"<p>{head}</p><ul>{items}</ul></details>"
    )


def _figure(true_r: float) -> go.Figure:
    fig = figure(height=420, legend_y=-0.26)
    fig.update_layout(
        title={"text": "Forest plot: each study's r<br>with its 95% interval", "font": {"size": 14}},
        margin={"t": 64, "b": 80, "l": 10, "r": 10},
    )
    bars = {"type": "data", "array": [], "arrayminus": [], "symmetric": False, "thickness": 1.5}
    fig.add_trace(
        go.Scatter(
            name="Study (size: random-effects weight)", x=[], y=[], mode="markers", error_x=bars,
            marker={"color": COMPASSIONATE, "symbol": "square", "size": []},
            hovertemplate="%{y}: r = %{x:.2f}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            name="Pooled estimate (95% interval)", x=[], y=[], mode="markers", error_x=dict(bars),
            marker={"color": UNCOMPASSIONATE, "symbol": "diamond", "size": 14},
            hovertemplate="%{y}: r = %{x:.2f}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            name=f"Built-in mean true r ({true_r:.2f})", x=[true_r, true_r], y=[], mode="lines",
            line={"color": YOU, "width": 2, "dash": "dash"}, hoverinfo="skip",
        )
    )  # fmt: skip
    fig.add_vline(x=0, line={"color": SAMPLE, "width": 1.5, "dash": "dot"})
    fig.update_xaxes(title_text="correlation r<br>(dotted line: 0 = no link)", range=[-1, 1], zeroline=False)
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    return fig


class MetaAnalysisExplorer(widgets.VBox):
    """Simulate a set of studies from the card, and pool them: forest plot, table and words.

    Controls: the number of studies ``k``, the range of people per study, the between-study SD of the
    true correlations (tau, Fisher z), "Publish only significant studies", the seed and "New studies"
    (the next seed). Published values: ``pooled_fixed``, ``pooled_random`` (r) and ``i2`` (0-1).
    """

    pooled_fixed = traitlets.Float(None, allow_none=True, read_only=True)
    pooled_random = traitlets.Float(None, allow_none=True, read_only=True)
    i2 = traitlets.Float(None, allow_none=True, read_only=True)

    def __init__(
        self,
        *,
        seed: int = 2008,
        k: int | None = None,
        n_range: tuple[int, int] | None = None,
        tau: float | None = None,
        only_significant: bool = False,
    ) -> None:
        self.card_design = design_from_card()
        start = model.explorer_design(k=k, n_range=n_range, tau=tau, only_significant=only_significant)
        self._build_controls(start, seed_check(seed))
        self.figure = _figure(self.card_design.pooled_r)
        self.text, self.table = widgets.HTML(""), widgets.HTML("")
        self._redraw()
        self.figure = wrap(self.figure)
        controls = widgets.VBox(
            [
                widgets.HBox([self.k, self.n_range], layout=_ROW),
                widgets.HBox([self.tau, self.only_significant], layout=_ROW),
                widgets.HBox([self.seed, self.new_studies_button], layout=_ROW),
            ]
        )
        # the figure sizes itself to the page (a box around it would scroll on a phone), the table follows
        self.one_study = widgets.HTML(_one_study())
        self.provenance = widgets.HTML(_provenance())
        parts = [self.one_study, controls, self.figure, self.table, self.text, self.provenance]
        super().__init__([*parts, widgets.HTML(disclosure(model.ABOUT_TITLE, model.ABOUT))])

    def _build_controls(self, start: StudySetDesign, seed: int) -> None:
        self.k = size_slider(
            start.k,
            *K_RANGE,
            step=1,
            tooltip="How many published studies are pooled",
            description="Studies (k)",
            width=_FITS,
        )
        self.n_range = widgets.IntRangeSlider(
            value=(start.n_min, start.n_max), min=N_RANGE[0], max=N_RANGE[1], step=5,
            description="People per study", tooltip="Each study's size is drawn between these two values",
            continuous_update=False, style=_WIDE, layout=widgets.Layout(width=_FITS),
        )  # fmt: skip
        self.tau = widgets.FloatSlider(
            value=start.tau, min=TAU_RANGE[0], max=TAU_RANGE[1], step=0.01, readout_format=".2f",
            description="Between-study SD (tau, z scale)", continuous_update=False, style=_WIDE,
            tooltip="How much the studies' true correlations differ (0: all the same)",
            layout=widgets.Layout(width=_FITS),
        )  # fmt: skip
        self.only_significant = widgets.Checkbox(
            value=start.only_significant, description="Publish only significant studies", indent=False,
            tooltip="Studies with p of .05 or more stay in the file drawer; more run until k are published",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.seed = seed_box(seed, tooltip="The same seed gives the same studies")
        self.new_studies_button = next_seed_button(
            self.seed, description="New studies", tooltip="Run another set of studies (next seed)"
        )
        for control in (self.k, self.n_range, self.only_significant, self.seed):
            control.observe(self._redraw, names=["value"])
        self.tau.observe(self._tau_changed, names=["value"])

    # --- model -------------------------------------------------------------------------------
    def design(self) -> StudySetDesign:
        """The design on show: the card's mean true r with the controls' k, n range, tau and flag."""
        lo, hi = (int(v) for v in self.n_range.value)
        return StudySetDesign(
            pooled_r=self.card_design.pooled_r, tau=float(self.tau.value), k=int(self.k.value),
            n_min=lo, n_max=hi, only_significant=bool(self.only_significant.value),
        )  # fmt: skip

    # --- events ------------------------------------------------------------------------------
    def _tau_changed(self, change) -> None:
        if revert_if_not_finite(change):
            return
        self._redraw()

    # --- drawing -----------------------------------------------------------------------------
    def _redraw(self, change=None) -> None:
        self.result = result = model.run(self.design(), int(self.seed.value))
        rows = model.forest_rows(result)
        studies, pooled = rows[rows["kind"] == "study"], rows[rows["kind"] != "study"]
        with self.figure.batch_update():
            for trace, part in zip(self.figure.data[:2], (studies, pooled), strict=True):
                trace.x, trace.y = part["r"].tolist(), part["label"].tolist()
                trace.error_x.array = (part["ci_high"] - part["r"]).tolist()
                trace.error_x.arrayminus = (part["r"] - part["ci_low"]).tolist()
            self.figure.data[0].marker.size = (6 + 60 * studies["weight"] ** 0.5).tolist()
            self.figure.data[2].y = [rows["label"].iloc[0], rows["label"].iloc[-1]] if len(rows) else []
            self.figure.layout.height = 200 + 24 * len(rows)
        self._describe()

    def _describe(self) -> None:
        pooled = None if self.result.meta is None else self.result.meta.pooled.set_index("model")["r"]
        self.set_trait("pooled_fixed", None if pooled is None else float(pooled["fixed"]))
        self.set_trait("pooled_random", None if pooled is None else float(pooled["random"]))
        i2 = None if self.result.meta is None else float(self.result.meta.heterogeneity["i2"].iloc[0])
        self.set_trait("i2", i2)
        self.text.value = "".join(f"<p>{escape(line)}</p>" for line in model.pooled_lines(self.result))
        self.table.value = table(*model.study_table(self.result))
