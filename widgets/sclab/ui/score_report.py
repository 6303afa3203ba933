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
from datetime import date
from html import escape
from itertools import count
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from sclab.lessons.comparison import AUTO, comparison_for, group_choices, group_reason
from sclab.lessons.report_file import REPORT_CLASS, file_name, page_style, report_document
from sclab.lessons.score_report import (
    PROFILE_HEADER,
    WORKINGS_TITLE,
    Line,
    Report,
    build_report,
    follow_refusal,
    profile_caption,
)
from sclab.measure.instrument import Instrument, load_instrument
from sclab.ui._download import SaveButton
from sclab.ui._follower import FollowsQuestionnaire
from sclab.ui._html import table
from sclab.ui._profile_chart import profile_chart
from sclab.ui.care_note import CareNote, care_html

if TYPE_CHECKING:
    from sclab.populations.comparison import ComparisonSample

__all__ = ["ScoreReport"]

_WAITING = "<p>Submit the questionnaire above to see your report here.</p>"
_CHART_TITLE = "Your score on each part (bars) and the comparison group's average (diamonds)"
_TABLES = count(1)  # one id per report's table in this kernel, for the chart it describes


def _lines_html(lines: list[Line]) -> str:
    items = []
    for line in lines:
        lead = f"<strong>{escape(line.lead)}</strong> " if line.lead else ""
        note = f"<br><small>{escape(line.note)}</small>" if line.note else ""
        items.append(f"<li>{lead}{escape(line.text)}{note}</li>")
    return "".join(items)


def _summary_html(rep: Report, *, heading: bool = True) -> str:
    """The title, the report's lines, and the technical details behind a disclosure."""
    return (
        f"{f'<h4>{escape(rep.title)}</h4>' if heading else ''}<ul>{_lines_html(rep.lines())}</ul>"
        f"<details class='sclab-workings'><summary>{escape(WORKINGS_TITLE)}</summary>"
        f"<ul>{_lines_html(rep.workings())}</ul></details>"
    )


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

    "Save my report" (``save_button``) hands the student's browser one self-contained HTML file
    (:meth:`report_file`), made only when pressed; the page's print rules (``@media print``,
    scoped to the report's box) hide the controls and keep rows whole.
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
            tooltips=["the whole sample"] + [f"only {label.lower()}" for label, _ in choices[1:]],
            style={"description_width": "initial"},
        )
        self.group.layout.display = "none" if len(choices) < 2 else ""
        reason = group_reason(self.comparison)
        self.groups_note = widgets.HTML(f"<p><small>{escape(reason)}</small></p>" if reason else "")
        self.message = widgets.HTML(_WAITING)
        self.summary = widgets.HTML("")
        self.chart = widgets.HTML("")
        self._table_id = f"sclab-profile-table-{next(_TABLES)}"
        self.table = widgets.HTML("")
        self.caveats = widgets.HTML("")
        self.save_button = SaveButton(self.report_file)
        self._details = widgets.VBox(
            [
                self.summary,
                self.group,
                self.groups_note,
                self.chart,
                self.table,
                self.caveats,
                self.save_button,
                widgets.HTML(page_style()),
            ]
        )
        self._details.layout.display = "none"
        # the care note and help resources; ``care=False`` where the page shows them itself
        super().__init__([self.message, self._details, *([CareNote()] if care else [])], **kwargs)
        self.add_class(REPORT_CLASS)
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

    # --- keeping it ------------------------------------------------------------------------
    def report_html(self, saved_on: date | None = None) -> str:
        """The report on screen as one self-contained HTML document, care note and help included."""
        if self.report is None:
            raise ValueError("there is no report yet: submit the questionnaire first")
        day = saved_on or date.today()
        body = "".join(
            [
                _summary_html(self.report, heading=False),  # the file's own title is its heading
                self.groups_note.value if self.group.value else "",
                self.chart.value,
                self.table.value,
                self.caveats.value,
                care_html(),
            ]
        )
        return report_document(self.report.title, body, saved_on=f"{day.day} {day:%B %Y}")

    def report_file(self) -> tuple[str, str]:
        """``(file name, HTML)`` of the report, for :class:`~sclab.ui._download.SaveButton`."""
        html = self.report_html()
        return file_name(self.report.title, date.today().isoformat()), html

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
        self.summary.value = _summary_html(rep)
        scale = self.instrument.response
        self.chart.value = profile_chart(
            rep.profile, low=scale.min, high=scale.max, title=_CHART_TITLE, describedby=self._table_id
        )
        self.table.value = table(
            profile_caption(self.instrument), PROFILE_HEADER, rep.table_rows(), id=self._table_id
        )
        self.caveats.value = "".join(f"<p><em>{escape(c)}</em></p>" for c in rep.caveats)
