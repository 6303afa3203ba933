"""``CorrelationExplorer``: self-compassion against distress or well-being, and how r varies between studies.

The model (samples, r, the line, the simulation loop, the texts) is :mod:`sclab.lessons.correlation`;
this module builds the controls and the figure and fills the HTML.

>>> view = CorrelationExplorer(n=150, seed=3)
>>> view.outcome.value, view.seed.value, len(view.draws.of("depression"))
('depression', 3, 1)
>>> view.new_sample_button.click(); view.seed.value, len(view.draws.of("depression"))
(4, 2)
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from sclab.formatting import number
from sclab.lessons import card_variables as cards
from sclab.lessons import correlation as model
from sclab.lessons import student_score as student
from sclab.lessons.correlation import CARD, MANY, N_MAX, N_MIN, OUTCOMES, X_COLUMN, X
from sclab.populations.card import load_card
from sclab.ui._controls import next_seed_button, row, seed_box, size_slider
from sclab.ui._figures import figure, wrap
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import headline, table
from sclab.ui._traces import you_line
from sclab.ui.palette import COMPASSIONATE, SAMPLE, UNCOMPASSIONATE
from sclab.validation import MAX_SEED, whole_number
from sclab.validation import seed as seed_check

__all__ = ["CorrelationExplorer"]

_SIZES = [20, 50, 100, 200, 500, 1000, 2000]  # tick marks of the strip's log axis


def _scatter_traces() -> list[go.Scatter]:
    you = you_line().update(name="You (self-compassion only)", textposition="bottom right")
    return [
        go.Scatter(
            name="One simulated person",
            mode="markers",
            marker={"color": COMPASSIONATE, "opacity": 0.35, "size": 6},
            hovertemplate="self-compassion %{x:.2f}<br>score %{y}<extra></extra>",
        ),
        go.Scatter(name="Least-squares line", mode="lines", line={"color": "black", "width": 3}),
        you,
    ]


def _strip_traces() -> list[go.Scatter]:
    def population(name: str, colour: str, width: int, dash: str) -> go.Scatter:
        line = {"color": colour, "width": width, "dash": dash}
        return go.Scatter(name=name, mode="lines", line=line, hoverinfo="skip")

    return [
        go.Scatter(
            name="r of an earlier sample",
            mode="markers",
            marker={"color": SAMPLE, "size": 8, "symbol": "circle-open", "line": {"width": 2}},
            hovertemplate="r = %{x:.2f}<br>n = %{y}<br>%{customdata}<extra></extra>",
        ),
        go.Scatter(
            name="r of this sample",
            mode="markers",
            marker={"color": COMPASSIONATE, "size": 13, "symbol": "diamond"},
            hovertemplate="this sample: r = %{x:.2f}, n = %{y}<extra></extra>",
        ),
        population("Population r between scale scores", "black", 2, "dash"),
        population("True-score r (corrected for unreliability)", UNCOMPASSIONATE, 3, "dot"),
    ]


class CorrelationExplorer(FollowsQuestionnaire, widgets.VBox):
    """A scatter of self-compassion against one outcome in a simulated sample, with the sample's r.

    Controls: the outcome (depression, anxiety, stress, well-being), the sample size, the seed and
    "New sample" (the next seed), "Draw 20 more" (twenty further seeds at once) and "Clear the
    list". Every sample's r is kept and shown as a dot under the scatter, beside the population
    value, so the spread of r from study to study becomes visible. A panel compares the card's
    correlation corrected for unreliability with the weaker one between scale scores.
    :meth:`set_you` marks a self-compassion score (a vertical line: distress is never asked);
    :meth:`follow` takes it from a self-compassion Questionnaire at each submission.
    """

    #: Your self-compassion score on the sample's scale (None: not marked).
    you = traitlets.Float(None, allow_none=True)

    def __init__(
        self, card: str = CARD, *, outcome: str = "depression", n: int = 200, seed: int = 1, **kwargs
    ) -> None:
        self.card = load_card(card)
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
        n = whole_number(n, "n", N_MIN, N_MAX, "of simulated people")
        seed = seed_check(seed)
        self._links = {o: cards.card_link(self.card, X, o) for o in OUTCOMES}
        self._labels = {o: cards.short_label(self.card, o) for o in (X, *OUTCOMES)}
        self._instrument = cards.sample_instrument(self.card, X)
        self._x_range = cards.score_range(self.card, X)
        self.draws = model.Draws()
        self._you_source = ""
        self._build_controls(outcome, n, seed)

        self.figure = self._figure()
        self._data = cards.simulated_sample(self.card, n, seed)
        self._record()
        self._redraw()
        self.figure = wrap(self.figure)
        super().__init__(self._layout(), **kwargs)

    def _build_controls(self, outcome: str, n: int, seed: int) -> None:
        x_name = self._labels[X].lower()
        self.outcome = widgets.ToggleButtons(
            options=[(self._labels[o], o) for o in OUTCOMES],
            value=outcome,
            description="Outcome",
            tooltip=f"Which simulated outcome to set against {x_name}",
            tooltips=[f"{x_name} against simulated {self._labels[o].lower()}" for o in OUTCOMES],
            style={"button_width": "auto"},
        )
        self.n = size_slider(n, N_MIN, N_MAX, step=10, tooltip="How many simulated people one study has")
        self.seed = seed_box(seed)
        self.new_sample_button = next_seed_button(
            self.seed, tooltip="Another study of the same size from the same population"
        )
        self.many_button = widgets.Button(
            description=f"Draw {MANY} more",
            tooltip=f"Run {MANY} more studies of this size at once (the next {MANY} seeds)",
        )
        self.clear_button = widgets.Button(
            description="Clear the list", tooltip="Forget the correlations drawn so far"
        )
        self.progress = widgets.IntProgress(
            value=0,
            max=MANY,
            description="Studies run",
            tooltip="How many of the requested studies have been drawn",
            style={"description_width": "initial"},
        )
        self.many_button.on_click(lambda _: self.draw_many(MANY))
        self.clear_button.on_click(lambda _: self.clear())
        self.outcome.observe(self._on_outcome, names=["value"])
        self.n.observe(self._on_sample, names=["value"])
        self.seed.observe(self._on_sample, names=["value"])
        self.sample_text, self.text, self.table = (widgets.HTML("") for _ in range(3))
        self.draws_text, self.draws_table = widgets.HTML(""), widgets.HTML("")
        self.attenuation_text, self.attenuation_table = widgets.HTML(""), widgets.HTML("")

    def _layout(self) -> list[widgets.Widget]:
        attenuation = widgets.VBox(
            [
                widgets.HTML("<h3>Corrected for unreliability, or between scale scores?</h3>"),
                self.attenuation_text,
                self.attenuation_table,
            ]
        )
        return [
            self.outcome,
            row(self.n, self.seed, self.new_sample_button),
            self.sample_text,
            self.figure,
            row(self.many_button, self.clear_button, self.progress),
            self.text,
            self.table,
            self.draws_text,
            self.draws_table,
            attenuation,
        ]

    # --- inputs -------------------------------------------------------------------------------
    def set_you(self, x: float | None = None, y: float | None = None, *, source: str = "") -> None:
        """Mark your self-compassion score with a vertical line (``None`` removes it).

        ``y`` must stay ``None``: the course never asks about distress or well-being, so only the
        self-compassion axis can be yours.
        """
        if y is not None:
            raise ValueError(
                "only the self-compassion axis can be yours: the course never asks about distress or "
                "well-being, so leave y as None"
            )
        self.you = student.scale_score(x, "your self-compassion score", *self._x_range)
        self._you_source = source
        self._redraw()

    def refusal(self, instrument) -> str | None:
        return student.measure_refusal(instrument, [self._instrument.measures])

    def show_scores(self, instrument, scores) -> None:
        self.set_you(student.total_of(scores), source=instrument.short_name)

    @property
    def sample(self):
        """The simulated sample on screen (a copy): one row per simulated person, item answers and scores."""
        return self._data.copy()

    def draw_many(self, k: int = MANY) -> None:
        """Run ``k`` more studies (the next ``k`` seeds), keep their r's, and show the last one."""
        k = whole_number(k, "k", 1, 200, "of studies")
        start = int(self.seed.value)
        seeds = range(start + 1, min(start + k, MAX_SEED) + 1)
        self.many_button.disabled = True
        self.progress.max, self.progress.value, self.progress.bar_style = max(len(seeds), 1), 0, ""
        try:
            studies = model.run_studies(self.card, self.outcome.value, int(self.n.value), seeds)
            for done, d in enumerate(studies, start=1):
                self.draws.add(d.outcome, d.n, d.seed, d.r)
                self.progress.value = done
            self.progress.bar_style = "success"
        finally:
            self.many_button.disabled = False
        self.seed.value = min(start + k, MAX_SEED)

    def clear(self) -> None:
        """Forget the drawn correlations, keeping the sample on screen as the first one."""
        self.draws.clear()
        self._record()
        self._redraw()

    def _on_outcome(self, change: dict) -> None:
        self._record()
        self._redraw()

    def _on_sample(self, change: dict) -> None:
        self._data = cards.simulated_sample(self.card, int(self.n.value), int(self.seed.value))
        self._record()
        self._redraw()

    def _record(self) -> None:
        self._study = model.study(self._data, self.outcome.value, int(self.seed.value), self.card)
        st = self._study
        self.draws.add(st.outcome, st.n, st.seed, st.r)

    # --- drawing ------------------------------------------------------------------------------
    def _figure(self) -> go.Figure:
        titles = ["This simulated sample", "r of every sample drawn so far"]
        layout = {"height": 640, "legend_y": -0.16, "row_heights": [0.7, 0.3], "vertical_spacing": 0.2}
        fig = figure(2, 1, titles=titles, **layout)
        for trace in _scatter_traces():
            fig.add_trace(trace, row=1, col=1)
        for trace in _strip_traces():
            fig.add_trace(trace, row=2, col=1)
        lo, hi = self._x_range
        fig.update_xaxes(title_text=cards.axis_title(self.card, X), range=[lo - 0.1, hi + 0.1], row=1, col=1)
        fig.update_xaxes(
            title_text="correlation r", range=[-1, 1], dtick=0.5, tickangle=0, zeroline=True, row=2, col=1
        )
        ticks = {"tickvals": _SIZES, "ticktext": [f"{v:,}" for v in _SIZES]}
        fig.update_yaxes(title_text="sample size", type="log", range=[1.2, 3.4], row=2, col=1, **ticks)
        return fig

    def _redraw(self) -> None:
        st, data = self._study, self._data
        link = self._links[st.outcome]
        lo, hi = cards.score_range(self.card, st.outcome)
        earlier = self.draws.earlier(st)
        with self.figure.batch_update():
            dots, line, you, strip, this, pop, true = self.figure.data
            y_column = cards.outcome_column(self.card, st.outcome)
            dots.x, dots.y = data[X_COLUMN].tolist(), data[y_column].tolist()
            line.x, line.y = st.line(*map(float, self._x_range))
            if self.you is None:
                you.x, you.y, you.text = [], [], []
            else:
                you.x, you.y, you.text = [self.you, self.you], [lo, hi], ["", f"You: {number(self.you)}"]
            strip.x, strip.y = [d.r for d in earlier], [d.n for d in earlier]
            strip.customdata = [f"seed {d.seed}" for d in earlier]
            this.x, this.y = [st.r], [st.n]
            pop.x, pop.y = [link.population_r] * 2, [15, 2500]
            true.x, true.y = [link.spearman_latent] * 2, [15, 2500]
            self.figure.layout.yaxis.title.text = cards.axis_title(self.card, st.outcome)
            self.figure.layout.yaxis.range = [lo - 0.5, hi + 0.5]
        self._describe(link)

    def _describe(self, link: cards.Link) -> None:
        st, x_label, label = self._study, self._labels[X], self._labels[self._study.outcome]
        note, code = cards.sample_note(self.card, st.n, st.seed, model.SAMPLE_CAVEAT)
        self.sample_text.value = f"<p><small>{escape(note)} <code>{escape(code)}</code>.</small></p>"
        you = ""
        if self.you is not None:
            you = f"<p>{escape(model.you_note(self.you, self._you_source, self._instrument.short_name))}</p>"
        self.text.value = headline(*model.summary(st, link, x_label, label)) + you
        self.table.value = table(*model.summary_table(st, link, label))
        drawn = self.draws.of(st.outcome)
        self.draws_text.value = headline(*model.draws_summary(drawn, link, label))
        self.draws_table.value = table(*model.draws_table(drawn))
        paragraphs = model.attenuation_text(self.card, link, st.r)
        self.attenuation_text.value = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        self.attenuation_table.value = table(*model.attenuation_table(link, st, x_label, label))
