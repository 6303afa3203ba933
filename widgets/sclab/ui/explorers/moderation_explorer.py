"""``ModerationExplorer``: self-compassion against compassion for others, split by a distress threshold.

The model (the split, r per group, Fisher's z, the population values, the texts) is
:mod:`sclab.lessons.moderation`; this module builds the controls and the figure and fills the HTML.

>>> view = ModerationExplorer(n=400, seed=5)
>>> view.threshold.value, view.analysis.groups["low"].n + view.analysis.groups["high"].n
(15, 400)
>>> view.new_sample_button.click(); view.seed.value
6
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from sclab.formatting import number
from sclab.lessons import moderation as model
from sclab.lessons.card_variables import axis_title, sample_instrument, sample_note
from sclab.lessons.card_variables import score_range as card_range
from sclab.lessons.moderation import CARD, DISTRESS, LEVELS, N_MAX, N_MIN, X_COLUMN, Y_COLUMN, X, Y
from sclab.lessons.student_score import measure_refusal, scale_score, total_of
from sclab.populations.card import load_card
from sclab.ui._controls import next_seed_button, row, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, UNCOMPASSIONATE, YOU
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["ModerationExplorer"]

# low distress: blue circles; high distress: orange triangles (shape and colour both differ)
_STYLE = {
    "low": {"color": COMPASSIONATE, "symbol": "circle", "dash": "solid"},
    "high": {"color": UNCOMPASSIONATE, "symbol": "triangle-up", "dash": "dash"},
}


def _plane_traces(level: str) -> list[go.Scatter]:
    st = _STYLE[level]
    return [
        go.Scatter(
            name=level,
            mode="markers",
            marker={"color": st["color"], "symbol": st["symbol"], "opacity": 0.5, "size": 7},
            hovertemplate="self %{x:.2f}, others %{y:.2f}<br>distress %{customdata}<extra></extra>",
            legendgroup=level,
        ),
        go.Scatter(
            name=f"Fitted line, {'lower' if level == 'low' else 'higher'} distress",
            mode="lines",
            line={"color": st["color"], "width": 3, "dash": st["dash"]},
            legendgroup=level,
            hoverinfo="skip",
        ),
    ]


def _r_trace(level: str) -> go.Scatter:
    st = _STYLE[level]
    return go.Scatter(
        name=f"{level} r",
        mode="markers",
        marker={"color": st["color"], "symbol": st["symbol"], "size": 13},
        error_x={"type": "data", "symmetric": False, "color": st["color"], "thickness": 2},
        showlegend=False,
        hovertemplate="this sample: r = %{x:.2f}<extra></extra>",
    )


def _you_trace() -> go.Scatter:
    return go.Scatter(
        name="You",
        mode="markers+text",
        marker={"color": YOU, "symbol": "star", "size": 18, "line": {"color": "black", "width": 1}},
        line={"color": YOU, "width": 3, "dash": "dot"},
        textposition="top center",
        hoverinfo="skip",
    )


def _population_trace() -> go.Scatter:
    return go.Scatter(
        name="Population r",
        mode="markers",
        marker={"color": "black", "symbol": "line-ns-open", "size": 22, "line": {"width": 3}},
        hovertemplate="population: r = %{x:.2f}<extra></extra>",
    )


class ModerationExplorer(FollowsQuestionnaire, widgets.VBox):
    """The self x others plane of a simulated sample, split into lower and higher distress.

    Distress is the sum of the card's three simulated distress scales
    (:func:`sclab.lessons.moderation.distress_total`); people below the threshold form the
    lower-distress group, people at or above it the higher-distress group. Each group gets its own
    marker, colour and fitted line; the panel on the right shows r with its 95% interval in each
    group beside the population value (the same split of a large simulated population), and the
    text and table give Fisher's z test of the difference. :meth:`set_you` places your scores;
    :meth:`follow` takes them from a self-compassion and a compassion-for-others Questionnaire
    (call it once for each).
    """

    #: Your (self-compassion, compassion for others) scores; either may be None.
    you = traitlets.Tuple(default_value=(None, None))

    def __init__(
        self, card: str = CARD, *, n: int = 811, seed: int = 1, threshold: int = 15, **kwargs
    ) -> None:
        self.card = load_card(card)
        n = whole_number(n, "n", N_MIN, N_MAX, "of simulated people")
        seed = seed_check(seed)
        lo, hi = model.distress_range(self.card)
        threshold = whole_number(threshold, "threshold", lo + 1, hi, f"on the {lo}-{hi} distress total")
        self._ranges = (card_range(self.card, X), card_range(self.card, Y))
        self._measures = tuple(sample_instrument(self.card, v).measures for v in (X, Y))

        self.threshold = size_slider(
            threshold,
            lo + 1,
            hi,
            step=1,
            description="Distress threshold",
            tooltip=f"People with a distress total ({lo}-{hi}) below this are 'lower', at or above it "
            "'higher'",
            width="34em",
        )
        tip = "How many simulated people (the Spanish study had 811)"
        self.n = size_slider(n, N_MIN, N_MAX, step=1, tooltip=tip)
        self.seed = seed_box(seed)
        self.new_sample_button = next_seed_button(self.seed)
        self.threshold.observe(self._on_threshold, names=["value"])
        self.n.observe(self._on_sample, names=["value"])
        self.seed.observe(self._on_sample, names=["value"])
        self.sample_text, self.text, self.table, self.you_text = (widgets.HTML("") for _ in range(4))

        self._data = model.simulated_sample(self.card, n, seed)
        self.figure = self._figure()
        self._compute()
        self._redraw()
        self.figure = wrap(self.figure)
        sample_row = row(self.n, self.seed, self.new_sample_button)
        shown = [self.figure, self.text, self.table, self.you_text]
        super().__init__([sample_row, self.sample_text, self.threshold, *shown], **kwargs)

    # --- inputs -------------------------------------------------------------------------------
    def set_you(
        self, self_compassion: float | None = None, compassion_for_others: float | None = None
    ) -> None:
        """Place your scores: both give a point, one alone a line; ``None`` for both removes it."""
        (sc_lo, sc_hi), (co_lo, co_hi) = self._ranges
        self.you = (
            scale_score(self_compassion, "self_compassion", sc_lo, sc_hi),
            scale_score(compassion_for_others, "compassion_for_others", co_lo, co_hi),
        )
        self._redraw()

    def refusal(self, instrument) -> str | None:
        return measure_refusal(instrument, self._measures)

    def show_scores(self, instrument, scores) -> None:
        """Move your mark on the axis the instrument measures (self-compassion or compassion for others)."""
        you = list(self.you)
        you[self._measures.index(instrument.measures)] = total_of(scores)
        self.set_you(*you)

    @property
    def sample(self):
        """The simulated sample on screen (a copy), with its ``distress_total`` column."""
        return self._data.copy()

    def _on_sample(self, change: dict) -> None:
        self._data = model.simulated_sample(self.card, int(self.n.value), int(self.seed.value))
        self._compute()
        self._redraw()

    def _on_threshold(self, change: dict) -> None:
        self._compute()
        self._redraw()

    def _compute(self) -> None:
        self.analysis = model.analyse(self._data, self.card.id, int(self.threshold.value))

    # --- drawing ------------------------------------------------------------------------------
    def _figure(self) -> go.Figure:
        titles = ["Self x others, by distress group", "r in each group (95% CI)"]
        layout = {"height": 500, "legend_y": -0.18, "column_widths": [0.72, 0.28], "horizontal_spacing": 0.1}
        fig = figure(1, 2, titles=titles, **layout)
        for trace in [*_plane_traces("low"), *_plane_traces("high"), _you_trace()]:
            fig.add_trace(trace, row=1, col=1)
        for trace in [_r_trace("low"), _r_trace("high"), _population_trace()]:
            fig.add_trace(trace, row=1, col=2)
        for (lo, hi), variable, axis in zip(self._ranges, (X, Y), ("xaxes", "yaxes"), strict=True):
            getattr(fig, f"update_{axis}")(
                title_text=axis_title(self.card, variable), range=[lo - 0.1, hi + 0.1], row=1, col=1
            )
        fig.update_xaxes(title_text="r (self with others)", zeroline=True, row=1, col=2)
        fig.update_yaxes(range=[-0.7, 1.7], row=1, col=2, tickvals=[1, 0], ticktext=["lower", "higher"])
        return fig

    def _redraw(self) -> None:
        m = self.analysis
        ends = [v for g in m.groups.values() for v in (g.ci_low, g.ci_high) if math.isfinite(v)]
        ends += [-0.2, 0.8]
        with self.figure.batch_update():
            self.figure.layout.xaxis2.range = [min(ends) - 0.05, max(ends) + 0.05]
            traces = self.figure.data
            for k, level in enumerate(LEVELS):
                self._draw_group(m.groups[level], traces[2 * k], traces[2 * k + 1], traces[5 + k], 1 - k)
            self._draw_you(traces[4])
            pop = [(m.population[level], 1 - k) for k, level in enumerate(LEVELS)]
            traces[7].x = [r for r, _ in pop if math.isfinite(r)]
            traces[7].y = [y for r, y in pop if math.isfinite(r)]
        self._describe()

    def _draw_group(self, g: model.Group, dots, line, rdot, row: int) -> None:
        dots.name = model.group_label(g.level, self.analysis.threshold, len(g.data))
        dots.x, dots.y = g.data[X_COLUMN].tolist(), g.data[Y_COLUMN].tolist()
        dots.customdata = g.data[DISTRESS].astype(int).tolist()
        line.x, line.y = g.line if g.line is not None else ([], [])
        if math.isfinite(g.r):
            rdot.x, rdot.y = [g.r], [row]
            rdot.error_x.array, rdot.error_x.arrayminus = [g.ci_high - g.r], [g.r - g.ci_low]
        else:
            rdot.x, rdot.y = [], []

    def _draw_you(self, you) -> None:
        (sc_lo, sc_hi), (co_lo, co_hi) = self._ranges
        sc, co = self.you
        if sc is not None and co is not None:
            label = f"You ({number(sc)}, {number(co)})"
            you.mode, you.x, you.y, you.text = "markers+text", [sc], [co], [label]
        elif sc is not None:
            you.mode, you.x, you.y, you.text = "lines", [sc, sc], [co_lo, co_hi], []
        elif co is not None:
            you.mode, you.x, you.y, you.text = "lines", [sc_lo, sc_hi], [co, co], []
        else:
            you.x, you.y, you.text = [], [], []

    def _describe(self) -> None:
        note, code = sample_note(self.card, len(self._data), int(self.seed.value), model.SAMPLE_CAVEAT)
        self.sample_text.value = f"<p><small>{escape(note)} <code>{escape(code)}</code>.</small></p>"
        self.text.value = "".join(f"<p>{escape(p)}</p>" for p in model.reading(self.card, self.analysis))
        self.table.value = table(*model.split_table(self.analysis))
        you = model.you_note(self.card, *self.you)
        you = "" if you is None else f"<p><strong>{escape(you[0])}</strong> {escape(you[1])}</p>"
        self.you_text.value = you
