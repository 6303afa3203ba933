"""``CorrelationExplorer``: self-compassion against distress or well-being, and how r varies between studies.

>>> view = CorrelationExplorer(n=150, seed=3)
>>> view.outcome.value, view.seed.value, len(view.draws.of("depression"))
('depression', 3, 1)
>>> view.new_sample_button.click(); view.seed.value, len(view.draws.of("depression"))
(4, 2)
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from sclab import stats
from sclab.lessons.correlation import Draws, card_link, line_fit
from sclab.populations.card import load_card
from sclab.populations.simulate import simulate
from sclab.ui._controls import seed_box, size_slider
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, SAMPLE, UNCOMPASSIONATE, YOU
from sclab.validation import MAX_SEED, whole_number

__all__ = ["CorrelationExplorer"]

_CARD = "spain-compassion-distress"
_X = "scs"
_X_COLUMN = "scs_total"
_N_MIN, _N_MAX = 20, 2000
_MANY = 20
_WIDE = {"description_width": "initial"}
_OUTCOMES = {
    "depression": "Depression",
    "anxiety": "Anxiety",
    "stress": "Stress",
    "wellbeing": "Well-being",
}


class CorrelationExplorer(widgets.VBox):
    """A scatter of self-compassion against one outcome in a simulated sample, with the sample's r.

    Controls: the outcome (depression, anxiety, stress, well-being), the sample size, the seed and
    "New sample" (the next seed), "Draw 20 more" (twenty further seeds at once) and "Clear the
    list". Every sample's r is kept and shown as a dot under the scatter, beside the population
    value, so the spread of r from study to study becomes visible. A panel compares the card's
    correlation corrected for unreliability with the weaker one between scale scores.
    :meth:`set_you` marks a self-compassion score (a vertical line: distress is never asked).
    """

    def __init__(
        self,
        card: str = _CARD,
        *,
        outcome: str = "depression",
        n: int = 200,
        seed: int = 1,
        **kwargs,
    ) -> None:
        self.card = load_card(card)
        if outcome not in _OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(_OUTCOMES)}; got {outcome!r}")
        n = whole_number(n, "n", _N_MIN, _N_MAX, "of simulated people")
        seed = whole_number(seed, "seed", 0, MAX_SEED)
        self._links = {o: card_link(self.card, _X, o) for o in _OUTCOMES}
        self.draws = Draws()
        self.you: float | None = None
        self._you_source = ""

        self.outcome = widgets.ToggleButtons(
            options=[(label, key) for key, label in _OUTCOMES.items()],
            value=outcome,
            description="Outcome",
            tooltip="Which simulated outcome to set against self-compassion",
            tooltips=[f"self-compassion against simulated {label.lower()}" for label in _OUTCOMES.values()],
            style={"button_width": "auto"},
        )
        self.n = size_slider(n, _N_MIN, _N_MAX, step=10, tooltip="How many simulated people one study has")
        self.seed = seed_box(seed)
        self.new_sample_button = widgets.Button(
            description="New sample", tooltip="Another study of the same size from the same population"
        )
        self.many_button = widgets.Button(
            description=f"Draw {_MANY} more",
            tooltip=f"Run {_MANY} more studies of this size at once (the next {_MANY} seeds)",
        )
        self.clear_button = widgets.Button(
            description="Clear the list", tooltip="Forget the correlations drawn so far"
        )
        self.new_sample_button.on_click(lambda _: self._step_seed(1))
        self.progress = widgets.IntProgress(
            value=0,
            min=0,
            max=_MANY,
            description="Studies run",
            tooltip="How many of the requested studies have been drawn",
            style=_WIDE,
        )
        self.many_button.on_click(lambda _: self.draw_many(_MANY))
        self.clear_button.on_click(lambda _: self.clear())
        self.outcome.observe(self._on_outcome, names=["value"])
        for ctl in (self.n, self.seed):
            ctl.observe(self._on_sample, names=["value"])

        self.sample_text = widgets.HTML("")
        self.text = widgets.HTML("")
        self.table = widgets.HTML("")
        self.draws_text = widgets.HTML("")
        self.draws_table = widgets.HTML("")
        self.attenuation_text = widgets.HTML("")
        self.attenuation_table = widgets.HTML("")

        self.figure = self._empty_figure()
        self._data = simulate(self.card, n=n, seed=seed)
        self._record()
        self._redraw()
        # Draw into a plain figure first: Voila's page only receives the widget's initial state.
        self.figure = go.FigureWidget(self.figure)

        sample_row = widgets.HBox([self.n, self.seed, self.new_sample_button])
        draws_row = widgets.HBox([self.many_button, self.clear_button, self.progress])
        attenuation = widgets.VBox(
            [
                widgets.HTML("<h4>Corrected for unreliability, or between scale scores?</h4>"),
                self.attenuation_text,
                self.attenuation_table,
            ]
        )
        super().__init__(
            [
                self.outcome,
                sample_row,
                self.sample_text,
                self.figure,
                draws_row,
                self.text,
                self.table,
                self.draws_text,
                self.draws_table,
                attenuation,
            ],
            **kwargs,
        )

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
        if x is not None:
            if isinstance(x, bool) or not isinstance(x, (int, float, np.number)) or not np.isfinite(x):
                raise ValueError(f"your self-compassion score must be a finite number; got {x!r}")
            if not 1 <= x <= 5:
                raise ValueError(f"your self-compassion score must lie on the 1-5 scale; got {x!r}")
        self.you = None if x is None else float(x)
        self._you_source = source
        self._redraw()

    @property
    def sample(self):
        """The simulated sample on screen (a copy): one row per simulated person, item answers and scores."""
        return self._data.copy()

    def connect(self, questionnaire, instrument=None) -> CorrelationExplorer:
        """Mark the questionnaire's total whenever it is submitted (e.g. ``sc-practice``); returns self.

        A questionnaire already submitted is marked at once. The instrument must measure self-compassion.
        """
        inst = instrument or questionnaire.instrument
        if inst.measures != "self-compassion":
            raise ValueError(
                f"questionnaire must measure self-compassion (e.g. 'sc-practice'); {inst.id!r} measures "
                f"{inst.measures}"
            )

        def update(change):
            if change["new"] is not None:
                total = float(inst.score(change["new"])["total"].iloc[0])
                self.set_you(total if np.isfinite(total) else None, source=inst.short_name)

        questionnaire.observe(update, names=["answers"])
        if questionnaire.answers is not None:
            update({"new": questionnaire.answers})
        return self

    def _step_seed(self, k: int) -> None:
        self.seed.value = min(int(self.seed.value) + k, MAX_SEED)

    def draw_many(self, k: int = _MANY) -> None:
        """Run ``k`` more studies (the next ``k`` seeds), keep their r's, and show the last one."""
        k = whole_number(k, "k", 1, 200, "of studies")
        start, n, outcome = int(self.seed.value), int(self.n.value), self.outcome.value
        seeds = range(start + 1, min(start + k, MAX_SEED) + 1)
        self.many_button.disabled = True
        self.progress.max, self.progress.value, self.progress.bar_style = max(len(seeds), 1), 0, ""
        try:
            for done, s in enumerate(seeds, start=1):
                data = simulate(self.card, n=n, seed=s)
                r = float(stats.correlation(data, _X_COLUMN, outcome)[stats.R].iloc[0])
                self.draws.add(outcome, n, s, r)
                self.progress.value = done
            self.progress.bar_style = "success"
        finally:
            self.many_button.disabled = False
        self._step_seed(k)

    def clear(self) -> None:
        """Forget the drawn correlations, keeping the sample on screen as the first one."""
        self.draws.clear()
        self._record()
        self._redraw()

    def _on_outcome(self, change: dict) -> None:
        self._record()
        self._redraw()

    def _on_sample(self, change: dict) -> None:
        self._data = simulate(self.card, n=int(self.n.value), seed=int(self.seed.value))
        self._record()
        self._redraw()

    def _record(self) -> None:
        self._result = stats.correlation(self._data, _X_COLUMN, self.outcome.value).iloc[0]
        self.draws.add(
            self.outcome.value, len(self._data), int(self.seed.value), float(self._result[stats.R])
        )

    # --- drawing ------------------------------------------------------------------------------
    def _range(self, outcome: str) -> tuple[float, float]:
        v = self.card.variable(outcome)
        lo, hi = v.items * v.response.min, v.items * v.response.max
        return (lo, hi) if v.score == "sum" else (v.response.min, v.response.max)

    def _empty_figure(self) -> go.Figure:
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=2,
            cols=1,
            row_heights=[0.7, 0.3],
            vertical_spacing=0.16,
            subplot_titles=["This simulated sample", "r of every sample drawn so far"],
        )
        fig.add_trace(
            go.Scatter(
                name="One simulated person",
                mode="markers",
                marker={"color": COMPASSIONATE, "opacity": 0.35, "size": 6},
                hovertemplate="self-compassion %{x:.2f}<br>score %{y}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(name="Least-squares line", mode="lines", line={"color": "black", "width": 3}),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="You (self-compassion only)",
                mode="lines+text",
                line={"color": YOU, "width": 3, "dash": "dash"},
                textposition="bottom right",
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="r of an earlier sample",
                mode="markers",
                marker={"color": SAMPLE, "size": 8, "symbol": "circle-open", "line": {"width": 2}},
                hovertemplate="r = %{x:.2f}<br>n = %{y}<br>%{customdata}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="r of this sample",
                mode="markers",
                marker={"color": COMPASSIONATE, "size": 13, "symbol": "diamond"},
                hovertemplate="this sample: r = %{x:.2f}, n = %{y}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="Population r between scale scores",
                mode="lines",
                line={"color": "black", "width": 2, "dash": "dash"},
                hoverinfo="skip",
            ),
            row=2,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="True-score r (corrected for unreliability)",
                mode="lines",
                line={"color": UNCOMPASSIONATE, "width": 3, "dash": "dot"},
                hoverinfo="skip",
            ),
            row=2,
            col=1,
        )
        fig.update_xaxes(title_text="Self-compassion (SCS-26 total, 1-5)", range=[0.9, 5.1], row=1, col=1)
        fig.update_xaxes(title_text="correlation r", range=[-1, 1], dtick=0.25, zeroline=True, row=2, col=1)
        sizes = [20, 50, 100, 200, 500, 1000, 2000]
        fig.update_yaxes(
            title_text="sample size",
            type="log",
            range=[1.2, 3.4],
            tickvals=sizes,
            ticktext=[f"{v:,}" for v in sizes],
            row=2,
            col=1,
        )
        fig.update_layout(
            height=640,
            template="plotly_white",
            margin={"t": 40, "b": 40},
            legend={"orientation": "h", "y": -0.12},
        )
        return fig

    def _redraw(self) -> None:
        outcome = self.outcome.value
        link = self._links[outcome]
        data = self._data
        x, y = data[_X_COLUMN].to_numpy(), data[outcome].to_numpy()
        slope, intercept = line_fit(x, y)
        lo, hi = self._range(outcome)
        res = self._result
        r = float(res[stats.R])
        earlier = [d for d in self.draws.of(outcome) if not (d.n == len(data) and d.seed == self.seed.value)]
        with self.figure.batch_update():
            dots, line, you, strip, this, pop, true = self.figure.data
            dots.x, dots.y = x.tolist(), y.tolist()
            line.x = [1.0, 5.0]
            line.y = [intercept + slope * 1.0, intercept + slope * 5.0]
            if self.you is None:
                you.x, you.y, you.text = [], [], []
            else:
                you.x, you.y, you.text = [self.you, self.you], [lo, hi], ["", f"You: {self.you:.2f}"]
            strip.x = [d.r for d in earlier]
            strip.y = [d.n for d in earlier]
            strip.customdata = [f"seed {d.seed}" for d in earlier]
            this.x, this.y = [r], [len(data)]
            pop.x, pop.y = [link.population_r] * 2, [15, 2500]
            true.x, true.y = [link.spearman_latent] * 2, [15, 2500]
            self.figure.layout.yaxis.title.text = f"{_OUTCOMES[outcome]} (simulated, {lo}-{hi})"
            self.figure.layout.yaxis.range = [lo - 0.5, hi + 0.5]
        self._describe(link, res, slope)

    def _describe(self, link, res, slope: float) -> None:
        outcome = self.outcome.value
        name = _OUTCOMES[outcome].lower()
        r, low, high, n = (float(res[c]) for c in (stats.R, stats.CI_LOW, stats.CI_HIGH, stats.N))
        p = float(res[stats.P_VAL])
        p_text = "p < .001" if p < 0.001 else f"p = {p:.3f}"
        self.sample_text.value = (
            f"<p><small>Simulated sample: {int(n):,} people drawn with seed {self.seed.value} from card "
            f"'{escape(self.card.id)}' ({escape(self.card.title)}). No real person's answers; distress and "
            "well-being are simulated only. Every figure behind it: "
            f"<code>sclab.load_card('{escape(self.card.id)}').provenance()</code>.</small></p>"
        )
        you = ""
        if self.you is not None:
            you = (
                f"<p>The dashed line is your self-compassion score, {self.you:.2f}"
                + (f" ({escape(self._you_source)})" if self._you_source else "")
                + ". Your distress and well-being are not asked, so you are a line, not a point. "
                "A practice-inventory score set beside a sample that answered the SCS is illustrative "
                "only.</p>"
            )
        self.text.value = (
            f"<p><strong>r = {r:.2f}</strong> (95% CI {low:.2f} to {high:.2f}, n = {int(n):,}, "
            f"{escape(p_text)}) "
            f"between self-compassion and {name} in this simulated sample. Along the line, one point more "
            f"self-compassion goes with {abs(slope):.2f} points {'less' if slope < 0 else 'more'} {name}. "
            f"In the population the sample comes from, r = {link.population_r:.2f} between these scale "
            f"scores.</p>{you}"
        )
        self.table.value = table(
            f"This sample (seed {self.seed.value}) beside the population it was drawn from",
            ["Outcome", "r (this sample)", "95% CI", "n", "p", "Slope of the line", "Population r"],
            [
                [
                    _OUTCOMES[outcome],
                    f"{r:.2f}",
                    f"{low:.2f} to {high:.2f}",
                    f"{int(n):,}",
                    p_text,
                    f"{slope:.2f}",
                    f"{link.population_r:.2f}",
                ]
            ],
        )
        drawn = self.draws.of(outcome)
        rs = np.array([d.r for d in drawn])
        sizes = sorted({d.n for d in drawn})
        size_text = f"n = {sizes[0]:,}" if len(sizes) == 1 else f"n from {sizes[0]:,} to {sizes[-1]:,}"
        if len(rs) > 1:
            spread = (
                f"They range from {rs.min():.2f} to {rs.max():.2f} (SD {rs.std(ddof=1):.2f}) around a "
                f"population value of {link.population_r:.2f} (dashed line). "
            )
        else:
            spread = "Press <em>New sample</em> or <em>Draw 20 more</em> to run more studies. "
        self.draws_text.value = (
            f"<p><strong>{len(rs)} sample(s) of {name} drawn so far</strong> ({size_text}). {spread}"
            "Every dot is a study of the same population: only chance makes them differ. Smaller samples "
            "(lower on the plot) scatter more widely.</p>"
        )
        rows = [[f"{d.n:,}", str(d.seed), f"{d.r:.2f}"] for d in drawn[-10:][::-1]]
        self.draws_table.value = table(
            f"Last {len(rows)} of {len(rs)} samples, newest first",
            ["Sample size", "Seed", "r"],
            rows,
        )
        self._describe_attenuation(link, r)

    def _describe_attenuation(self, link, r: float) -> None:
        name = _OUTCOMES[link.y].lower()
        ax, ay = link.alpha_x, link.alpha_y
        corrected = float(stats.disattenuate(r, ax, ay))
        if link.metric == "latent":
            published = (
                f"The card's figure, <strong>{link.card_r:.2f}</strong>, is a pooled correlation corrected "
                f"for unreliability ({escape(link.basis)}): the link between the constructs themselves. "
                f"Scale scores carry measurement error, which weakens any correlation. Spearman's formula "
                f"predicts the observed r: {link.card_r:.2f} &times; &radic;({ax:.2f} &times; {ay:.2f}) = "
                f"<strong>{link.spearman_observed:.2f}</strong>, using the alphas on the card."
            )
        else:
            published = (
                f"The card's figure, <strong>{link.card_r:.2f}</strong>, is a correlation between scale "
                f"scores ({escape(link.basis)}). Corrected for unreliability with the card's alphas it "
                f"becomes {link.card_r:.2f} / &radic;({ax:.2f} &times; {ay:.2f}) = "
                f"<strong>{link.spearman_latent:.2f}</strong>: the link the constructs would show if both "
                "were measured without error."
            )
        gap = ""
        if abs(link.population_r - link.spearman_observed) > 0.03:
            v = self.card.variable(link.y)
            lo, hi = self._range(link.y)
            mean = float(v.mean.value)
            bunched = " and most people score near the bottom" if mean < lo + 0.35 * (hi - lo) else ""
            gap = (
                f" The simulated scales land even lower, at {link.population_r:.2f} in the population: "
                f"the {name} scale has only {v.items} items with {v.response.max - v.response.min + 1} "
                f"answer options{bunched}. Such coarse scores lose more than alpha accounts for, so "
                "Spearman's correction does not bring them all the way back."
            )
        self.attenuation_text.value = (
            f"<p>{published}{gap}</p><p>This sample's r of {r:.2f}, corrected with the same alphas, is "
            f"{corrected:.2f}. When you compare a study with a meta-analysis, check which kind of r "
            "each reports.</p>"
        )
        self.attenuation_table.value = table(
            f"Self-compassion and {name}: corrected and observed correlations",
            ["Correlation", "Value", "Where it comes from"],
            [
                [
                    "True-score r (corrected for unreliability)",
                    f"{link.spearman_latent:.2f}",
                    "the card" if link.metric == "latent" else "the card's r / sqrt(alpha x alpha)",
                ],
                [
                    "Expected r between scale scores (Spearman)",
                    f"{link.spearman_observed:.2f}",
                    "the card's r x sqrt(alpha x alpha)" if link.metric == "latent" else "the card",
                ],
                [
                    "Population r between the simulated scale scores",
                    f"{link.population_r:.2f}",
                    "the simulator",
                ],
                ["This sample's r", f"{r:.2f}", f"n = {len(self._data):,}, seed {self.seed.value}"],
                ["This sample's r, corrected", f"{corrected:.2f}", "sample r / sqrt(alpha x alpha)"],
                ["Alphas used", f"{ax:.2f} and {ay:.2f}", "the card (self-compassion, " + name + ")"],
            ],
        )
