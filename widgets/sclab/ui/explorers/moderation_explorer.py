"""``ModerationExplorer``: self-compassion against compassion for others, split by a distress threshold.

>>> view = ModerationExplorer(n=400, seed=5)
>>> view.threshold.value, int(view.split.groups["n"].sum())
(15, 400)
>>> view.new_sample_button.click(); view.seed.value
6
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from sclab import stats
from sclab.lessons.correlation import (
    POPULATION_N,
    distress_total,
    line_fit,
    population_split,
    split_correlations,
)
from sclab.populations.card import load_card
from sclab.populations.simulate import simulate
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, UNCOMPASSIONATE, YOU
from sclab.validation import MAX_SEED, whole_number

__all__ = ["ModerationExplorer"]

_CARD = "spain-compassion-distress"
_X, _Y = "scs_total", "cop_total"
_N_MIN, _N_MAX = 50, 5000
_MIN_GROUP = 10
_WIDE = {"description_width": "initial"}
# low distress: blue circles; high distress: orange triangles (shape and colour both differ)
_STYLE = {
    "low": {"color": COMPASSIONATE, "symbol": "circle", "dash": "solid"},
    "high": {"color": UNCOMPASSIONATE, "symbol": "triangle-up", "dash": "dash"},
}


def _score(value, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number on the 1-5 scale or None; got {value!r}")
    if not 1 <= value <= 5:
        raise ValueError(f"{name} must lie on the 1-5 scale; got {value!r}")
    return float(value)


def _p(p: float) -> str:
    return "p < .001" if p < 0.001 else f"p = {p:.3f}"


def _r(r: float) -> str:
    return f"{r:.2f}" if math.isfinite(r) else "too few"


class ModerationExplorer(widgets.VBox):
    """The self x others plane of a simulated sample, split into lower and higher distress.

    Distress is the sum of the three simulated DASS-21-style scales (depression + anxiety +
    stress, each 0-21), so 0-63; people below the threshold form the lower-distress group, people
    at or above it the higher-distress group. Each group gets its own marker, colour and fitted
    line; the panel on the right shows r with its 95% interval in each group beside the population
    value (the same split of a large simulated population), and the text and table give Fisher's z
    test of the difference. :meth:`set_you` or :meth:`connect` places your practice-inventory scores.
    """

    def __init__(
        self, card: str = _CARD, *, n: int = 811, seed: int = 1, threshold: int = 15, **kwargs
    ) -> None:
        self.card = load_card(card)
        n = whole_number(n, "n", _N_MIN, _N_MAX, "of simulated people")
        seed = whole_number(seed, "seed", 0, MAX_SEED)
        threshold = whole_number(threshold, "threshold", 1, 63, "on the 0-63 distress total")
        self.you: tuple[float | None, float | None] = (None, None)

        self.threshold = widgets.IntSlider(
            value=threshold,
            min=1,
            max=63,
            description="Distress threshold",
            tooltip="People with a distress total (0-63) below this are 'lower', at or above it 'higher'",
            continuous_update=False,
            style=_WIDE,
            layout=widgets.Layout(width="34em"),
        )
        self.n = size_slider(
            n, _N_MIN, _N_MAX, step=1, tooltip="How many simulated people (the Spanish study had 811)"
        )
        self.seed = seed_box(seed)
        self.new_sample_button = next_seed_button(self.seed)
        self.threshold.observe(self._on_threshold, names=["value"])
        for ctl in (self.n, self.seed):
            ctl.observe(self._on_sample, names=["value"])
        self.sample_text = widgets.HTML("")
        self.text = widgets.HTML("")
        self.table = widgets.HTML("")
        self.you_text = widgets.HTML("")

        self._data = self._simulate(n, seed)
        self.figure = self._empty_figure()
        self._compute()
        self._redraw()
        # Draw into a plain figure first: Voila's page only receives the widget's initial state.
        self.figure = go.FigureWidget(self.figure)
        super().__init__(
            [
                widgets.HBox([self.n, self.seed, self.new_sample_button]),
                self.sample_text,
                self.threshold,
                self.figure,
                self.text,
                self.table,
                self.you_text,
            ],
            **kwargs,
        )

    # --- inputs -------------------------------------------------------------------------------
    def set_you(
        self, self_compassion: float | None = None, compassion_for_others: float | None = None
    ) -> None:
        """Place your scores (1-5): both give a point, one alone a line; ``None`` for both removes it."""
        self.you = (
            _score(self_compassion, "self_compassion"),
            _score(compassion_for_others, "compassion_for_others"),
        )
        self._redraw()

    @property
    def sample(self):
        """The simulated sample on screen (a copy), with its ``distress_total`` column."""
        return self._data.copy()

    def connect(self, others=None, self_compassion=None) -> ModerationExplorer:
        """Follow a compassion-for-others questionnaire (``others``, e.g. ``co-practice``) and optionally
        a self-compassion one (``self_compassion``, e.g. ``sc-practice``): each submission moves your
        mark. A questionnaire already submitted places you at once. Returns self."""
        slots = (
            (others, "others", "compassion for others", 1),
            (self_compassion, "self_compassion", "self-compassion", 0),
        )
        for questionnaire, name, measures, _ in slots:
            if questionnaire is not None and questionnaire.instrument.measures != measures:
                raise ValueError(
                    f"{name} must be a questionnaire that measures {measures}; "
                    f"{questionnaire.instrument.id!r} measures {questionnaire.instrument.measures}"
                )

        def follow(questionnaire, slot: int):
            inst = questionnaire.instrument

            def update(change):
                if change["new"] is None:
                    return
                total = float(inst.score(change["new"])["total"].iloc[0])
                you = list(self.you)
                you[slot] = total if math.isfinite(total) else None
                self.set_you(*you)

            questionnaire.observe(update, names=["answers"])
            if questionnaire.answers is not None:
                update({"new": questionnaire.answers})

        for questionnaire, _, _, slot in slots:
            if questionnaire is not None:
                follow(questionnaire, slot)
        return self

    def _simulate(self, n: int, seed: int):
        data = simulate(self.card, n=n, seed=seed)
        return data.assign(distress_total=distress_total(data))

    def _on_sample(self, change: dict) -> None:
        self._data = self._simulate(int(self.n.value), int(self.seed.value))
        self._compute()
        self._redraw()

    def _on_threshold(self, change: dict) -> None:
        self._compute()
        self._redraw()

    def _compute(self) -> None:
        t = int(self.threshold.value)
        self.split = split_correlations(self._data, _X, _Y, t, min_n=_MIN_GROUP)
        self.overall = stats.correlation(self._data, _X, _Y).iloc[0]
        self.population = population_split(self.card.id, _X, _Y, t)

    # --- drawing ------------------------------------------------------------------------------
    def _empty_figure(self) -> go.Figure:
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.72, 0.28],
            horizontal_spacing=0.1,
            subplot_titles=["Self x others, by distress group", "r in each group (95% CI)"],
        )
        for level in ("low", "high"):
            st = _STYLE[level]
            fig.add_trace(
                go.Scatter(
                    name=level,
                    mode="markers",
                    marker={"color": st["color"], "symbol": st["symbol"], "opacity": 0.5, "size": 7},
                    hovertemplate="self %{x:.2f}, others %{y:.2f}<br>distress %{customdata}<extra></extra>",
                    legendgroup=level,
                ),
                row=1,
                col=1,
            )
            fig.add_trace(
                go.Scatter(
                    name=f"{level} line",
                    mode="lines",
                    line={"color": st["color"], "width": 3, "dash": st["dash"]},
                    legendgroup=level,
                    hoverinfo="skip",
                ),
                row=1,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                name="You",
                mode="markers+text",
                marker={"color": YOU, "symbol": "star", "size": 18, "line": {"color": "black", "width": 1}},
                line={"color": YOU, "width": 3, "dash": "dot"},
                textposition="top center",
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
        for level in ("low", "high"):
            st = _STYLE[level]
            fig.add_trace(
                go.Scatter(
                    name=f"{level} r",
                    mode="markers",
                    marker={"color": st["color"], "symbol": st["symbol"], "size": 13},
                    error_x={"type": "data", "symmetric": False, "color": st["color"], "thickness": 2},
                    showlegend=False,
                    hovertemplate="this sample: r = %{x:.2f}<extra></extra>",
                ),
                row=1,
                col=2,
            )
        fig.add_trace(
            go.Scatter(
                name="Population r",
                mode="markers",
                marker={"color": "black", "symbol": "line-ns-open", "size": 22, "line": {"width": 3}},
                hovertemplate="population: r = %{x:.2f}<extra></extra>",
            ),
            row=1,
            col=2,
        )
        fig.update_xaxes(title_text="Self-compassion (SCS-26 total, 1-5)", range=[0.9, 5.1], row=1, col=1)
        fig.update_yaxes(
            title_text="Compassion for others (practice inventory, 1-5)", range=[0.9, 5.1], row=1, col=1
        )
        fig.update_xaxes(title_text="r (self with others)", zeroline=True, row=1, col=2)
        fig.update_yaxes(range=[-0.7, 1.7], row=1, col=2, tickvals=[1, 0], ticktext=["lower", "higher"])
        fig.update_layout(
            height=500,
            template="plotly_white",
            margin={"t": 40, "b": 40},
            legend={"orientation": "h", "y": -0.18},
        )
        return fig

    def _label(self, level: str, n: int) -> str:
        t = int(self.threshold.value)
        rule = f"below {t}" if level == "low" else f"{t} or more"
        return f"{'Lower' if level == 'low' else 'Higher'} distress ({rule}), n = {n:,}"

    def _redraw(self) -> None:
        data, labels, groups = self._data, self.split.labels, self.split.groups.set_index(stats.GROUP)
        ends = [*groups[stats.CI_LOW].dropna(), *groups[stats.CI_HIGH].dropna(), -0.2, 0.8]
        with self.figure.batch_update():
            self.figure.layout.xaxis2.range = [min(ends) - 0.05, max(ends) + 0.05]
            traces = self.figure.data
            for k, level in enumerate(("low", "high")):
                dots, line, rdot = traces[2 * k], traces[2 * k + 1], traces[5 + k]
                part = data[labels == level]
                row = groups.loc[level]
                dots.name = self._label(level, len(part))
                dots.x, dots.y = part[_X].tolist(), part[_Y].tolist()
                dots.customdata = part["distress_total"].astype(int).tolist()
                line.name = f"Fitted line, {'lower' if level == 'low' else 'higher'} distress"
                if len(part) >= _MIN_GROUP and np.ptp(part[_X].to_numpy()) > 0:
                    slope, intercept = line_fit(part[_X], part[_Y])
                    x0, x1 = float(part[_X].min()), float(part[_X].max())
                    line.x, line.y = [x0, x1], [intercept + slope * x0, intercept + slope * x1]
                else:
                    line.x, line.y = [], []
                if np.isfinite(row[stats.R]):
                    r = float(row[stats.R])
                    rdot.x, rdot.y = [r], [1 - k]
                    rdot.error_x.array = [float(row[stats.CI_HIGH]) - r]
                    rdot.error_x.arrayminus = [r - float(row[stats.CI_LOW])]
                else:
                    rdot.x, rdot.y = [], []
            you = traces[4]
            sc, co = self.you
            if sc is not None and co is not None:
                you.mode, you.x, you.y, you.text = "markers+text", [sc], [co], [f"You ({sc:.2f}, {co:.2f})"]
            elif sc is not None:
                you.mode, you.x, you.y, you.text = "lines", [sc, sc], [1, 5], []
            elif co is not None:
                you.mode, you.x, you.y, you.text = "lines", [1, 5], [co, co], []
            else:
                you.x, you.y, you.text = [], [], []
            pop = traces[7]
            pop_r = [(self.population[level], 1 - k) for k, level in enumerate(("low", "high"))]
            pop.x = [r for r, _ in pop_r if math.isfinite(r)]
            pop.y = [y for r, y in pop_r if math.isfinite(r)]
        self._describe()

    def _describe(self) -> None:
        groups = self.split.groups.set_index(stats.GROUP)
        t = int(self.threshold.value)
        ov = self.overall
        self.sample_text.value = (
            f"<p><small>Simulated sample: {len(self._data):,} people drawn with seed {self.seed.value} from "
            f"card '{escape(self.card.id)}' ({escape(self.card.title)}). No real person's answers; the "
            "distress scales are simulated only. The strength of the self/others link and how it changes "
            "with distress are teaching assumptions on the card: "
            f"<code>sclab.load_card('{escape(self.card.id)}').provenance()</code>.</small></p>"
        )
        parts = []
        for level in ("low", "high"):
            row = groups.loc[level]
            who = "lower" if level == "low" else "higher"
            if np.isfinite(row[stats.R]):
                parts.append(
                    f"{who} distress: <strong>r = {row[stats.R]:.2f}</strong> "
                    f"(95% CI {row[stats.CI_LOW]:.2f} to {row[stats.CI_HIGH]:.2f}, n = {int(row[stats.N]):,})"
                )
            else:
                parts.append(f"{who} distress: only {int(row[stats.N])} people, too few for an r")
        test = self.split.test
        if test is not None:
            tr = test.iloc[0]
            verdict = (
                "a difference this large would be rare if the two groups shared one correlation"
                if tr[stats.P_VAL] < 0.05
                else "a difference this size could easily arise by chance"
            )
            test_text = (
                f"Fisher's z test of the difference: diff = {tr[stats.DIFF]:.2f} "
                f"(95% CI {tr[stats.CI_LOW]:.2f} to {tr[stats.CI_HIGH]:.2f}), z = {tr[stats.Z]:.2f}, "
                f"{escape(_p(tr[stats.P_VAL]))}: {verdict}."
            )
        else:
            test_text = (
                f"Each group needs at least {_MIN_GROUP} people for a comparison; move the threshold "
                "toward the middle."
            )
        self.text.value = (
            f"<p>Distress here is the sum of the three simulated scales (depression + anxiety + stress, "
            f"each 0-21), so 0-63. The split at {t} is a teaching choice, not a clinical cut-off.</p>"
            f"<p>{'; '.join(parts)}. In the whole sample r = {ov[stats.R]:.2f} "
            f"(n = {int(ov[stats.N]):,}).</p>"
            f"<p>{test_text}</p>"
            f"<p>In the simulated population ({POPULATION_N:,} people, split the same way; black bars on "
            f"the right) r is {_r(self.population['low'])} with lower and {_r(self.population['high'])} "
            "with higher distress: the values samples scatter around.</p>"
        )
        pop = self.population
        rows = []
        for level in ("low", "high"):
            row = groups.loc[level]
            label = self._label(level, int(row[stats.N]))
            if np.isfinite(row[stats.R]):
                rows.append(
                    [
                        label,
                        f"{row[stats.R]:.2f}",
                        f"{row[stats.CI_LOW]:.2f} to {row[stats.CI_HIGH]:.2f}",
                        _p(row[stats.P_VAL]),
                        _r(pop[level]),
                    ]
                )
            else:
                rows.append([label, "too few", "", "", _r(pop[level])])
        rows.append(
            [
                f"Everyone, n = {int(ov[stats.N]):,}",
                f"{ov[stats.R]:.2f}",
                f"{ov[stats.CI_LOW]:.2f} to {ov[stats.CI_HIGH]:.2f}",
                _p(ov[stats.P_VAL]),
                _r(pop["all"]),
            ]
        )
        if test is not None:
            tr = test.iloc[0]
            rows.append(
                [
                    "Difference, lower minus higher (Fisher z)",
                    f"{tr[stats.DIFF]:.2f}",
                    f"{tr[stats.CI_LOW]:.2f} to {tr[stats.CI_HIGH]:.2f}",
                    f"z = {tr[stats.Z]:.2f}, {_p(tr[stats.P_VAL])}",
                    _r(pop["low"] - pop["high"]),
                ]
            )
        self.table.value = table(
            f"Self-compassion with compassion for others, split at a distress total of {t}; the population "
            f"column is the same split of {POPULATION_N:,} simulated people",
            ["Group", "r (this sample)", "95% CI", "Test", "Population r"],
            rows,
        )
        sc, co = self.you
        if sc is None and co is None:
            self.you_text.value = ""
        else:
            known = []
            if sc is not None:
                known.append(f"self-compassion {sc:.2f}")
            if co is not None:
                known.append(f"compassion for others {co:.2f}")
            shape = "a star" if sc is not None and co is not None else "a dotted line (one score so far)"
            self.you_text.value = (
                f"<p><strong>You</strong> ({', '.join(known)}) are {shape} on the plane. You have no "
                "distress score: the course never asks for one, so you belong to neither group. Your "
                "scores come from the course's practice inventories, while the sample's self-compassion is "
                "on the published SCS: setting them side by side is illustrative, not a measurement.</p>"
            )
