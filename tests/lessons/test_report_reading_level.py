"""The score report reads at grade 9 or below (textstat), for every practice inventory and score level.

What is checked is the prose a student reads on the report: the title, the lines, the groups note
and the caveats. The technical details behind "How was this worked out?" are left out on purpose.
Before issue 15 the report's text scored up to grade 13 on textstat's consensus (``text_standard``).
"""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest
import textstat

import sclab
from sclab.lessons.comparison import comparison_for
from sclab.lessons.score_report import build_report

PRACTICE = ["sc-practice", "co-practice", "mt-practice"]
#: Every item answered this way (the uncompassionate items mirrored): from the lowest total to the highest.
LEVELS = [1, 2, 3, 4, 5]
GRADE = 9


def _report(instrument: str, level: int, *, compare: bool = True, group: str | None = None):
    inst = sclab.load_instrument(instrument, wording=False)
    answers = {
        iid: 6 - level if it.reversed else level for iid, it in zip(inst.item_ids, inst.items, strict=True)
    }
    row = inst.score(pd.DataFrame([answers])).iloc[0]
    return build_report(inst, row, comparison_for(inst) if compare else None, group)


def _grades(text: str) -> tuple[float, float]:
    return textstat.flesch_kincaid_grade(text), textstat.text_standard(text, float_output=True)


@pytest.mark.parametrize("instrument", PRACTICE)
@pytest.mark.parametrize("level", LEVELS)
def test_the_report_text_reads_at_grade_nine_or_below(instrument, level):
    rep = _report(instrument, level)
    fk, consensus = _grades(rep.visible_text())
    assert fk <= GRADE and consensus <= GRADE, (fk, consensus, rep.visible_text())


@pytest.mark.parametrize("instrument", PRACTICE)
def test_without_a_comparison_or_within_a_group_it_stays_at_grade_nine(instrument):
    texts = [_report(instrument, 2, compare=False).visible_text()]
    sample = comparison_for(sclab.load_instrument(instrument, wording=False))
    texts += [_report(instrument, 2, group=g).visible_text() for g in sample.groups()]
    for text in texts:
        fk, consensus = _grades(text)
        assert fk <= GRADE and consensus <= GRADE, (fk, consensus, text)


def test_the_widget_shows_the_text_that_was_checked_and_hides_the_details():
    from sclab.ui import Questionnaire, ScoreReport

    q = Questionnaire("sc-practice", seed=4)
    report = ScoreReport("sc-practice", care=False).follow(q)
    q.use_simulated_respondent()
    q.submit()
    plain = report.summary.value.split("<details")[0]
    shown = unescape(re.sub(r"<[^>]+>", " ", plain + report.groups_note.value + report.caveats.value))
    words = " ".join(shown.split())
    checked = " ".join(report.report.visible_text().split())
    for line in report.report.lines():
        assert " ".join(f"{line.lead} {line.text}".split()) in words and line.text in checked
    fk, consensus = _grades(words)
    assert fk <= GRADE and consensus <= GRADE, (fk, consensus, words)
    # the technical details are really behind the disclosure, and they are not for grade 9
    assert "SEM" in report.summary.value.split("<details")[1] and "SEM" not in words
