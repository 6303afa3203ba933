"""The words of the pre-post explorer (:mod:`sclab.lessons.pre_post`): labels, the note on what is
simulated, and the paragraph that says what one reading shows. Written by the course authors.

>>> SCHOOL_LABELS["comparison"]
'Comparison school'
"""

from __future__ import annotations

import math
from html import escape

from sclab.formatting import number, p_value

__all__ = ["DESIGNS", "OUTCOMES", "SCHOOL_LABELS", "SIMULATION_NOTE", "describe"]

OUTCOMES = {
    "compassion": "Compassion toward animals (CTAQ-style, 1-5)",
    "empathy": "Empathy (IECA-style, 1-5)",
}

DESIGNS = {
    "two_group": "With a comparison school",
    "one_group": "Programme school only",
}
SCHOOL_LABELS = {
    "humane_education": "Programme school",
    "comparison": "Comparison school",
}
SIMULATION_NOTE = (
    "<p><strong>What is real and what is simulated.</strong> Lakhmani and Arur (2024) measured "
    "students in two schools once, one of them already running a humane education programme, and "
    "compared the schools: there was no pretest and no random assignment. The pretest, the "
    "posttest and the size of every change below are a teaching simulation built around that study "
    "(card humane-education-india); every student is simulated.</p>"
)


def _change(row) -> str:
    if math.isnan(row.t):
        return f"{int(row.n)} students, too few to test"
    return (
        f"{row.diff:+.2f} points, 95% CI [{number(row.ci_low)}, {number(row.ci_high)}], "
        f"t({int(row.df)}) = {row.t:.2f}, {p_value(row.p_val)}, d<sub>z</sub> = {number(row.d_z)}"
    )


def _taken_in(result) -> str:
    if result.cutoff is None:
        return "every student drawn is taken in"
    return (
        f"only the lowest {result.lowest}% at the pretest are taken in ({len(result.taken)} students, "
        f"pretest {number(result.cutoff)} or below)"
    )


def _regression(result) -> str:
    if result.cutoff is None:
        return ""
    shown = result.by_school.set_index("school")
    control = ""
    if "comparison" in shown.index and not math.isnan(shown.loc["comparison", "t"]):
        control = (
            " The comparison school, which had no programme, changed by "
            f"{shown.loc['comparison', 'diff']:+.2f}; in one sample, chance moves this"
            " around the expected value."
        )
    return (
        f"<p><strong>Regression to the mean.</strong> The students taken in scored below the mean of "
        f"everyone drawn ({number(result.all_pre_mean)}) at the pretest, partly by bad luck on the day. "
        f"A score measured twice correlates only about r = {number(result.figures.retest, bounded=True)} "
        "here (card, assumption), so on the posttest their luck evens out: with no programme at all they "
        f"are expected to score about {number(result.expected_rise)} points higher (their pretest mean: "
        f"{number(result.taken_pre_mean)}).{control}</p>"
    )


def _design_warning(result) -> str:
    if result.design == "two_group":
        return ""
    return (
        "<p><strong>No comparison group.</strong> This change mixes what the programme did with "
        "regression to the mean, growing up, getting used to the questions and anything else that "
        "happened during the year. Nothing in a one-group design separates them: add the comparison "
        "school to see how much the students change without the programme.</p>"
    )


def _between(result) -> str:
    if result.between is None:
        return ""
    b = result.between.iloc[0]
    return (
        f"<p>Programme school minus comparison school, in change: {b['diff']:+.2f} points, 95% CI "
        f"[{number(b['ci_low'])}, {number(b['ci_high'])}], Welch's t({number(b['df'], 1)}) = "
        f"{b['t']:.2f}, {p_value(b['p_val'])}, d = {number(b['d_change'])} (in SDs of everyone's pretest). "
        f"The card builds in d = {number(result.figures.d)} between the schools at the posttest "
        "(assumption: the study's own means and SDs are not in reach).</p>"
    )


def describe(result) -> str:
    """What one reading (a :class:`~sclab.lessons.pre_post.PrePostResult`) shows, in words (HTML):
    sample and seed, each school's paired change, the difference in change, and the notes on
    regression to the mean and on a missing comparison group."""
    changes = "".join(
        f"<li>{escape(SCHOOL_LABELS[r.school])}: {_change(r)}</li>" for r in result.by_school.itertuples()
    )
    return (
        f"<p><strong>{result.n_drawn} simulated students, seed {result.seed}</strong> (not real "
        f"students); {escape(DESIGNS[result.design].lower())}; {_taken_in(result)}. "
        f"{escape(OUTCOMES[result.outcome])}, change from pretest to posttest (paired t test):</p>"
        f"<ul>{changes}</ul>" + _between(result) + _regression(result) + _design_warning(result)
    )
