"""``ScoreReport``: your scores, what they mean and what they do not, against a named sample.

>>> import sclab
>>> from sclab.ui import Questionnaire, ScoreReport
>>> q = Questionnaire("sc-practice", seed=4)
>>> report = ScoreReport("sc-practice").follow(q)
>>> q.use_simulated_respondent(); q.submit()
>>> report.report.total == q.scores["total"]
True
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from sclab.formatting import number
from sclab.lessons.comparison import AUTO, comparison_for, group_choices
from sclab.lessons.score_report import (
    PROFILE_HEADER,
    Line,
    Report,
    build_report,
    follow_refusal,
    profile_caption,
)
from sclab.measure.instrument import Instrument, load_instrument
from sclab.ui._figures import figure, wrap
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import table
from sclab.ui.care_note import CareNote
from sclab.ui.palette import SAMPLE, side_colour

if TYPE_CHECKING:
    from sclab.populations.comparison import ComparisonSample

__all__ = ["ScoreReport"]

_WAITING = "<p>Submit the questionnaire above to see your report here.</p>"


def _lines_html(lines: list[Line]) -> str:
    items = []
    for line in lines:
        lead = f"<strong>{escape(line.lead)}</strong> " if line.lead else ""
        note = f"<br><small>{escape(line.note)}</small>" if line.note else ""
        items.append(f"<li>{lead}{escape(line.text)}{note}</li>")
    return "".join(items)


def _bar(side: str) -> go.Bar:
    return go.Bar(
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


def _sample_dots() -> go.Scatter:
    return go.Scatter(
        name="Sample mean",
        mode="markers",
        x=[],
        y=[],
        marker={"symbol": "diamond", "size": 12, "color": "white", "line": {"width": 2, "color": SAMPLE}},
        hovertemplate="%{y}: sample mean %{x:.2f}<extra></extra>",
    )


class ScoreReport(FollowsQuestionnaire, widgets.VBox):
    """A personal report: profile plot and table, halves, total with its interval, band, percentile.

    Parameters: ``instrument`` (id or Instrument whose scores it shows) and ``comparison`` (a
    :class:`~sclab.populations.comparison.ComparisonSample`, a shipped sample's name, ``"auto"``
    for the first shipped sample measuring what the instrument measures, or ``None``). A sample
    of another construct is refused. ``care=False`` leaves out the care note (for a page that shows
    it itself). Feed it with :meth:`follow` (a Questionnaire of the same
    instrument) or :meth:`show_scores`.

    Traitlets: ``scores`` (the scores shown, one row of ``Instrument.score`` as a dict, or None)
    and ``report`` (the :class:`~sclab.lessons.score_report.Report` on screen, or None).
    """

    scores = traitlets.Dict(allow_none=True, default_value=None)
    report = traitlets.Instance(Report, allow_none=True, default_value=None)

    def __init__(
        self,
        instrument: str | Instrument = "sc-practice",
        comparison: ComparisonSample | str | None = AUTO,
        *,
        care: bool = True,
        **kwargs,
    ) -> None:
        self.instrument = load_instrument(instrument) if isinstance(instrument, str) else instrument
        self.comparison = comparison_for(self.instrument, comparison)
        self._sides = [h.id for h in self.instrument.halves] or ["component"]
        choices = group_choices(self.comparison)
        self.group = widgets.ToggleButtons(
            options=choices,
            value="",
            description="Compare with",
            tooltips=["the whole sample"] + [f"only the group {g}" for _, g in choices[1:]],
            style={"description_width": "initial"},
        )
        self.message = widgets.HTML(_WAITING)
        self.summary = widgets.HTML("")
        self.figure = wrap(self._profile_figure())
        self.table = widgets.HTML("")
        self.caveats = widgets.HTML("")
        self._details = widgets.VBox([self.group, self.summary, self.figure, self.table, self.caveats])
        self._details.layout.display = "none"
        # the care note and help resources; ``care=False`` where the page shows them itself
        super().__init__([self.message, self._details, *([CareNote()] if care else [])], **kwargs)
        self.observe(self._render, names=["scores"])
        self.group.observe(self._render, names=["value"])

    def _profile_figure(self) -> go.Figure:
        fig = figure(height=360, legend_y=-0.2)
        for side in self._sides:
            fig.add_trace(_bar(side))
        fig.add_trace(_sample_dots())
        scale = self.instrument.response
        fig.update_layout(
            title={"text": "Your profile (bars) and the sample mean (diamonds)"},
            xaxis={"range": [0, scale.max + 0.1], "title": f"score ({scale.range_text})"},
            yaxis={
                "categoryorder": "array",
                "categoryarray": [s.label for s in self.instrument.subscales],
                "autorange": "reversed",
            },
            barmode="overlay",
            margin={"l": 170, "r": 20, "t": 50, "b": 40},
        )
        return fig

    # --- feeding it ---------------------------------------------------------------------
    def refusal(self, instrument: Instrument) -> str | None:
        return follow_refusal(self.instrument, instrument)

    def show_scores(self, instrument: Instrument, scores: Mapping[str, Any] | None) -> None:
        """Show ``instrument``'s ``scores`` (one row of ``Instrument.score``; None clears the report)."""
        reason = self.refusal(instrument)
        if reason:
            raise ValueError(f"ScoreReport.show_scores: {reason}")
        self.scores = None if scores is None else dict(scores)

    # --- drawing --------------------------------------------------------------------------
    def _render(self, change=None) -> None:
        rep, self.message.value = None, _WAITING
        if self.scores is not None:
            try:
                rep = build_report(self.instrument, self.scores, self.comparison, self.group.value or None)
            except ValueError as exc:
                self.message.value = f"<p><strong>No report yet.</strong> {escape(str(exc))}</p>"
        self.report = rep
        self._details.layout.display = "none" if rep is None else ""
        if rep is None:
            return
        self.message.value = ""
        self.summary.value = f"<h4>{escape(rep.title)}</h4><ul>{_lines_html(rep.lines())}</ul>"
        self._draw(rep)
        self.table.value = table(profile_caption(self.instrument), PROFILE_HEADER, rep.table_rows())
        self.caveats.value = "".join(f"<p><em>{escape(c)}</em></p>" for c in rep.caveats)

    def _draw(self, rep: Report) -> None:
        prof = rep.profile
        with self.figure.batch_update():
            *bars, dots = self.figure.data
            for bar, side in zip(bars, self._sides, strict=True):
                part = prof if side == "component" else prof[prof["side"] == side]
                bar.x, bar.y = part["score"].tolist(), part["label"].tolist()
                bar.text = [number(v) for v in part["score"]]
            has_ref = prof["sample_mean"].notna().any()
            dots.x = prof["sample_mean"].tolist() if has_ref else []
            dots.y = prof["label"].tolist() if has_ref else []
