"""``ScoreReport``: your scores, what they mean and what they do not, against a named sample.

>>> import sclab
>>> from sclab.ui import Questionnaire, ScoreReport
>>> q = Questionnaire("sc-practice", seed=4)
>>> report = ScoreReport("sc-practice").connect(q)
>>> q.use_simulated_respondent(); q.submit()
>>> report.report.total == float(q.instrument.score(q.answers)["total"].iloc[0])
True
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from sclab.lessons.score_report import Report, build_report
from sclab.measure.instrument import Instrument, load_instrument
from sclab.populations.comparison import ComparisonSample
from sclab.ui._html import table
from sclab.ui.care_note import CareNote
from sclab.ui.palette import SAMPLE, side_colour

__all__ = ["ScoreReport", "group_options"]

_GROUP_NAMES = {"woman": "Women", "man": "Men"}


def group_options(comparison: ComparisonSample | None) -> list[tuple[str, str]]:
    """Options for the everyone / women / men choice: ``("Everyone", "")`` then the card's groups."""
    levels = comparison.groups() if comparison is not None else []
    return [("Everyone", "")] + [(_GROUP_NAMES.get(g, g.title()), g) for g in levels]


def _table(report: Report) -> str:
    rows = [
        [
            r.label,
            r.side,
            f"{r.score:.2f}",
            "" if r.sample_mean is None or pd.isna(r.sample_mean) else f"{r.sample_mean:.2f}",
        ]
        for r in report.profile.itertuples()
    ]
    caption = (
        "Your component scores (1-5; for the uncompassionate components, higher means more of that response)"
    )
    return table(caption, ["Component", "Side", "You", "Sample mean"], rows)


class ScoreReport(widgets.VBox):
    """A personal report: profile plot and table, halves, total with its interval, band, percentile.

    Parameters: ``instrument`` (id or Instrument the answers come from) and ``comparison`` (a
    :class:`~sclab.populations.comparison.ComparisonSample`, a shipped sample name, or ``None`` for no
    comparison). Feed it with :meth:`connect` (a Questionnaire), :meth:`show_answers` or
    :meth:`show_scores`.
    """

    def __init__(
        self,
        instrument: str | Instrument = "sc-practice",
        comparison: ComparisonSample | str | None = "students-scs",
        **kwargs,
    ) -> None:
        self.instrument = load_instrument(instrument) if isinstance(instrument, str) else instrument
        self.comparison = ComparisonSample.shipped(comparison) if isinstance(comparison, str) else comparison
        self.scores: pd.Series | None = None
        self.report: Report | None = None

        self.group = widgets.ToggleButtons(
            options=group_options(self.comparison),
            value="",
            description="Compare with",
            tooltips=["the whole sample"]
            + [f"only the group {g}" for g in (self.comparison.groups() if self.comparison else [])],
            style={"description_width": "initial"},
        )
        self.group.observe(self._on_group, names=["value"])
        self.message = widgets.HTML("<p>Submit the questionnaire above to see your report here.</p>")
        self.summary = widgets.HTML("")
        sides = ["compassionate", "uncompassionate"] if self.instrument.has_polarity else ["component"]
        bars = [
            go.Bar(
                name=f"You: {side} side" if side != "component" else "You",
                orientation="h",
                x=[],
                y=[],
                marker={"color": side_colour(side)},
                text=[],
                textposition="inside",
                insidetextanchor="start",
                textfont={"color": "white"},
                hovertemplate=f"%{{y}}: %{{x:.2f}}<extra>You ({side})</extra>",
            )
            for side in sides
        ]
        labels = [s.label for s in self.instrument.subscales]
        self.figure = go.FigureWidget(
            data=[
                *bars,
                go.Scatter(
                    name="Sample mean",
                    mode="markers",
                    x=[],
                    y=[],
                    marker={
                        "symbol": "diamond",
                        "size": 12,
                        "color": "white",
                        "line": {"width": 2, "color": SAMPLE},
                    },
                    hovertemplate="%{y}: sample mean %{x:.2f}<extra></extra>",
                ),
            ],
            layout=go.Layout(
                title={"text": "Your profile (bars) and the sample mean (diamonds)"},
                xaxis={
                    "range": [0, self.instrument.response.max + 0.1],
                    "title": f"score ({self.instrument.response.min}-{self.instrument.response.max})",
                },
                yaxis={"categoryorder": "array", "categoryarray": labels, "autorange": "reversed"},
                barmode="overlay",
                height=360,
                margin={"l": 170, "r": 20, "t": 50, "b": 40},
                legend={"orientation": "h", "y": -0.2},
                template="plotly_white",
            ),
        )
        self.table = widgets.HTML("")
        self.caveats = widgets.HTML("")
        self._details = widgets.VBox([self.group, self.summary, self.figure, self.table, self.caveats])
        self._details.layout.display = "none"
        super().__init__([self.message, self._details, CareNote()], **kwargs)

    # --- feeding it ---------------------------------------------------------------------
    def connect(self, questionnaire) -> ScoreReport:
        """Update whenever ``questionnaire`` is submitted; returns self so a cell can end with it."""
        questionnaire.observe(lambda change: self.show_answers(change["new"]), names=["answers"])
        return self

    def show_answers(self, answers: pd.DataFrame | None) -> None:
        if answers is None:
            return
        self.show_scores(self.instrument.score(answers).iloc[0])

    def show_scores(self, scores: pd.Series) -> None:
        self.scores = scores
        self._render()

    def _on_group(self, change: dict) -> None:
        if self.scores is not None:
            self._render()

    # --- drawing --------------------------------------------------------------------------
    def _render(self) -> None:
        try:
            rep = build_report(self.instrument, self.scores, self.comparison, self.group.value or None)
        except ValueError as exc:
            self.message.value = f"<p><strong>No report yet.</strong> {escape(str(exc))}</p>"
            self._details.layout.display = "none"
            return
        self.report = rep
        self.message.value = ""
        self._details.layout.display = ""
        inst = rep.instrument
        halves = ""
        if rep.halves:
            halves = (
                f"<li><strong>Compassionate responding</strong> (kindness, common humanity, mindfulness): "
                f"{rep.halves['compassionate']:.2f}</li><li><strong>Uncompassionate responding</strong> "
                f"(self-judgment, isolation, over-identification; higher = more): "
                f"{rep.halves['uncompassionate']:.2f}</li>"
            )
        pct = ""
        if rep.percentile is not None:
            pct = (
                f"<li><strong>Where you stand:</strong> about {rep.percentile:.0f}% of the comparison "
                f"sample scored lower than you.<br><small>{escape(rep.compared_with)}</small></li>"
            )
        lo, hi = inst.total_range()
        self.summary.value = (
            f"<h4>Your {escape(inst.short_name)} report</h4><ul>"
            f"<li><strong>Total:</strong> {rep.total:.2f} on a {lo}-{hi} scale "
            f"({escape(inst.total.rule.replace('_', ' '))}). With measurement error it could plausibly "
            f"be anywhere from {rep.ci_low:.2f} to {rep.ci_high:.2f} (95% interval, SEM from "
            f"alpha {inst.reliability.alpha.value:.2f} and SD {inst.reliability.sd.value:.2f}).</li>"
            f"{halves}<li>{escape(rep.band_text)}</li>{pct}</ul>"
        )
        prof = rep.profile
        with self.figure.batch_update():
            *bars, dots = self.figure.data
            for bar in bars:
                side = "component" if len(bars) == 1 else bar.name.removeprefix("You: ").removesuffix(" side")
                part = prof if side == "component" else prof[prof["side"] == side]
                bar.x, bar.y = part["score"].tolist(), part["label"].tolist()
                bar.text = [f"{v:.2f}" for v in part["score"]]
            has_ref = prof["sample_mean"].notna().any()
            dots.x = prof["sample_mean"].tolist() if has_ref else []
            dots.y = prof["label"].tolist() if has_ref else []
        self.table.value = _table(rep)
        self.caveats.value = "".join(f"<p><em>{escape(c)}</em></p>" for c in rep.caveats)
