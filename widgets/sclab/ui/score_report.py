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
from itertools import count
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

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
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import table
from sclab.ui._profile_chart import profile_chart
from sclab.ui.care_note import CareNote

if TYPE_CHECKING:
    from sclab.populations.comparison import ComparisonSample

__all__ = ["ScoreReport"]

_WAITING = "<p>Submit the questionnaire above to see your report here.</p>"
_CHART_TITLE = "Your profile (bars) and the sample mean (diamonds)"
_TABLES = count(1)  # one id per report's table in this kernel, for the chart it describes


def _lines_html(lines: list[Line]) -> str:
    items = []
    for line in lines:
        lead = f"<strong>{escape(line.lead)}</strong> " if line.lead else ""
        note = f"<br><small>{escape(line.note)}</small>" if line.note else ""
        items.append(f"<li>{lead}{escape(line.text)}{note}</li>")
    return "".join(items)


class ScoreReport(FollowsQuestionnaire, widgets.VBox):
    """A personal report: profile chart and table, halves, total with its interval, band, percentile.

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
        self.chart = widgets.HTML("")
        self._table_id = f"sclab-profile-table-{next(_TABLES)}"
        self.table = widgets.HTML("")
        self.caveats = widgets.HTML("")
        self._details = widgets.VBox([self.group, self.summary, self.chart, self.table, self.caveats])
        self._details.layout.display = "none"
        # the care note and help resources; ``care=False`` where the page shows them itself
        super().__init__([self.message, self._details, *([CareNote()] if care else [])], **kwargs)
        self.observe(self._render, names=["scores"])
        self.group.observe(self._render, names=["value"])

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
        scale = self.instrument.response
        self.chart.value = profile_chart(
            rep.profile, low=scale.min, high=scale.max, title=_CHART_TITLE, describedby=self._table_id
        )
        self.table.value = table(
            profile_caption(self.instrument), PROFILE_HEADER, rep.table_rows(), id=self._table_id
        )
        self.caveats.value = "".join(f"<p><em>{escape(c)}</em></p>" for c in rep.caveats)
