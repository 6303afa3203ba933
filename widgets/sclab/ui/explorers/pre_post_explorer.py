"""``PrePostExplorer``: a simulated humane education programme measured before and after, with and
without a comparison school, and what taking in only the lowest scorers at the pretest does.

The model (sample, selection, paired tests, words) is in :mod:`sclab.lessons.pre_post`.

>>> view = PrePostExplorer(seed=5)
>>> view.seed.value, [t.name for t in view.figure.data][:2]
(5, ['Programme school', 'Comparison school'])
"""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from sclab.lessons.pre_post import (
    DESIGNS,
    LOWEST_CHOICES,
    OUTCOMES,
    SCHOOL_LABELS,
    SCHOOLS,
    SEED,
    SIMULATION_NOTE,
    PrePostResult,
    analyse,
    check_choices,
    describe,
    pre_post_sample,
    summary_rows,
)
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, SAMPLE

__all__ = ["PrePostExplorer"]

_TIMES = ["pretest", "posttest"]
_STYLE = {"humane_education": (COMPASSIONATE, "circle", "solid"), "comparison": (SAMPLE, "square", "dash")}
_WIDE = {"description_width": "initial"}
_BUTTONS = {"description_width": "initial", "button_width": "auto"}  # labels in full, never cut
_WRAP = widgets.Layout(flex_flow="row wrap")
_BUTTON_LABELS = {"compassion": "Compassion toward animals", "empathy": "Empathy"}
_FIT = {"width": "28em", "max_width": "100%"}  # shrinks to a narrow screen instead of overflowing
_SCROLL = "<div style='overflow-x:auto;max-width:100%'>{}</div>"  # a wide table scrolls on a phone
_HEADER = ["school", "n", "pretest", "posttest", "change [95% CI]", "t (df)", "p", "d_z", "d_av"]


def _empty_figure() -> go.Figure:
    fig = figure(height=380)
    for school in SCHOOLS:
        colour, symbol, dash = _STYLE[school]
        fig.add_trace(
            go.Scatter(
                name=SCHOOL_LABELS[school],
                x=_TIMES,
                y=[],
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3},
                marker={"symbol": symbol, "size": 11},
                hovertemplate="%{x}: mean %{y:.2f}<extra>" + SCHOOL_LABELS[school] + "</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            name="Pretest mean of everyone drawn",
            x=_TIMES,
            y=[],
            mode="lines",
            line={"color": "black", "dash": "dot", "width": 1},
            hovertemplate="%{y:.2f}<extra>everyone drawn, pretest</extra>",
        )
    )
    fig.update_layout(title={"text": "Mean at pretest and posttest", "x": 0.02})
    return fig


class PrePostExplorer(widgets.VBox):
    """A simulated humane education programme (card ``humane-education-india``), measured at a
    pretest and a posttest.

    Controls: the outcome, the design (programme school only, or beside a comparison school), the
    students taken in (everyone, or only the lowest X% at the pretest), the number of students drawn
    and the seed. The plot shows each school's mean at both times; the text and the table give the
    paired t test per school, d_z and d_av, and the difference in change between the schools.
    ``note`` says on screen what is real and what is simulated.

    >>> view = PrePostExplorer()
    >>> view.lowest.value = 20
    >>> "Regression to the mean" in view.text.value
    True
    """

    def __init__(
        self,
        *,
        outcome: str = "compassion",
        design: str = "one_group",
        lowest: int = 0,
        n: int = 100,
        seed: int = SEED,
        **kwargs,
    ) -> None:
        check_choices(outcome, design, lowest)
        self.data = pre_post_sample(n, seed=seed)  # refuses a bad n or seed
        self._build_controls(outcome, design, lowest, n, seed)
        self.note = widgets.HTML(SIMULATION_NOTE)
        self.text, self.table = widgets.HTML(""), widgets.HTML("")
        self.figure = _empty_figure()
        self._redraw()
        self.figure = wrap(self.figure)
        super().__init__(
            [
                self.note,
                widgets.HBox([self.outcome, self.design], layout=_WRAP),
                widgets.HBox([self.lowest, self.n], layout=_WRAP),
                widgets.HBox([self.seed, self.new_sample_button], layout=_WRAP),
                self.figure,
                self.text,
                self.table,
            ],
            **kwargs,
        )

    def _build_controls(self, outcome: str, design: str, lowest: int, n: int, seed: int) -> None:
        self.outcome = widgets.ToggleButtons(
            options=[(_BUTTON_LABELS[key], key) for key in OUTCOMES],
            value=outcome,
            description="Outcome",
            style=_BUTTONS,
            tooltips=["The measure the programme aims at most", "The broader measure"],
        )
        self.design = widgets.ToggleButtons(
            options=[(label, key) for key, label in DESIGNS.items()],
            value=design,
            description="Design",
            style=_BUTTONS,
            tooltips=["Both schools measured twice", "Only the programme school, measured twice"],
        )
        self.lowest = widgets.SelectionSlider(
            options=[("everyone" if p == 0 else f"lowest {p}% at pretest", p) for p in LOWEST_CHOICES],
            value=lowest,
            description="Taken in",
            tooltip="Everyone drawn, or only the students with the lowest pretest scores",
            continuous_update=False,
            style=_WIDE,
            layout=widgets.Layout(**_FIT),
        )
        self.n = size_slider(n, 40, 1000, step=20, tooltip="Students drawn, half in each school",
                             description="Students drawn")  # fmt: skip
        self.n.layout.max_width = "100%"
        self.seed = seed_box(seed, tooltip="The same seed gives the same students")
        self.new_sample_button = next_seed_button(self.seed, tooltip="Draw other students (next seed)")
        for control in (self.n, self.seed):
            control.observe(self._resample, names=["value"])
        for control in (self.outcome, self.design, self.lowest):
            control.observe(self._redraw, names=["value"])

    def result(self) -> PrePostResult:
        """:func:`sclab.lessons.pre_post.analyse` of the current students and choices."""
        return analyse(
            self.data,
            outcome=self.outcome.value,
            design=self.design.value,
            lowest=self.lowest.value,
            seed=int(self.seed.value),
        )

    def _resample(self, change=None) -> None:
        self.data = pre_post_sample(int(self.n.value), seed=int(self.seed.value))
        self._redraw()

    def _redraw(self, change=None) -> None:
        res = self.result()
        shown = res.by_school.set_index("school")
        with self.figure.batch_update():
            for trace, school in zip(self.figure.data, SCHOOLS, strict=False):
                visible = school in shown.index
                trace.visible = visible
                trace.y = (
                    [float(shown.loc[school, "mean_pre"]), float(shown.loc[school, "mean_post"])]
                    if visible
                    else []
                )
            self.figure.data[-1].y = [res.all_pre_mean, res.all_pre_mean]
            self.figure.layout.yaxis.title.text = f"{_BUTTON_LABELS[res.outcome]} (1-5)"
        self.text.value = describe(res)
        self.table.value = _SCROLL.format(
            table(
                f"{OUTCOMES[res.outcome]}: change from pretest to posttest, simulated, seed {res.seed}",
                _HEADER,
                summary_rows(res),
            )
        )
