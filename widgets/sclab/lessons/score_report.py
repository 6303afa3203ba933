"""What a score report says, as plain data: no widgets, no plots (``sclab.ui.score_report`` shows it).

The words are for a first-year student: short sentences, plain names, the interval and the
comparison in words. The technical details (the scoring rule, the SEM, the card, seed and
citations) are in :meth:`Report.workings`, which the report keeps behind a "How was this worked
out?" disclosure.

>>> import pandas as pd, sclab
>>> inst = sclab.load_instrument("sc-practice")
>>> row = inst.score(pd.DataFrame([{i: 3 for i in inst.item_ids}])).iloc[0]
>>> rep = build_report(inst, row)
>>> rep.total, rep.band, rep.title
(3.0, None, 'Your self-compassion practice report')
>>> rep.profile["score"].tolist()[:2]
[3.0, 3.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from sclab.formatting import number, percent
from sclab.lessons.comparison import group_reason, sample_words
from sclab.measure.instrument import Instrument
from sclab.populations.comparison import ComparisonSample, percentile

__all__ = [
    "LOW_SHARE",
    "NOT_A_DIAGNOSIS",
    "PROFILE_HEADER",
    "WORKINGS_TITLE",
    "Line",
    "Report",
    "build_report",
    "follow_refusal",
    "profile_caption",
]

#: Columns of the component table.
PROFILE_HEADER = ("Part", "Side", "You", "Sample mean")
#: The summary line of the disclosure that holds the technical details.
WORKINGS_TITLE = "How was this worked out?"
#: Below this percentile (or below the middle of the scale, with no comparison) the report adds a
#: kind word about low scores.
LOW_SHARE = 25.0
_WHAT_IT_IS = "shows how you answered these statements today. It does not say what kind of person you are."
#: What every report says beside the total and the percentile (the care note below it says more).
NOT_A_DIAGNOSIS = f"This report is not a diagnosis. It {_WHAT_IT_IS}"


@dataclass(frozen=True)
class _Words:
    """How one construct's scores read: what a higher total means, each side, and a kind word."""

    total: str
    positive: str
    negative: str
    low: str


_WORDS = {
    "self-compassion": _Words(
        total="A higher total means you tend to be kinder to yourself when things go wrong. "
        "A lower total means you tend to be harder on yourself.",
        positive="a higher number means more of this kind response",
        negative="a higher number means more of this harsh response",
        low="Many people find it hard to be kind to themselves, so a low score is common. It is not a "
        "grade on you, and it can change: being kind to yourself is a skill you can learn.",
    ),
    "compassion for others": _Words(
        total="A higher total means you tend to meet other people's troubles with care. "
        "A lower total means you tend to brush them aside more often.",
        positive="a higher number means more of this caring response",
        negative="a higher number means more of this uncaring response",
        low="A low score is common and says nothing fixed about you. It shows how you answered today, "
        "and care for others can grow with practice.",
    ),
    "mental toughness in sport": _Words(
        total="A higher total means you tend to feel sure of yourself, focused and calm in sport. "
        "A lower total means that is harder for you right now.",
        positive="a higher number means more of it",
        negative="a higher number means more of it",
        low="A low score is common and is not a verdict on you. It shows how you answered today, and "
        "these skills can grow with practice.",
    ),
}


def _words(inst: Instrument) -> _Words:
    return _WORDS.get(
        inst.measures,
        _Words(
            total=f"A higher total means more {inst.measures}. A lower total means less.",
            positive="a higher number means more of it",
            negative="a higher number means more of this response",
            low="A low score is common. It shows how you answered today, not who you are.",
        ),
    )


def follow_refusal(own: Instrument, other: Instrument) -> str | None:
    """Why a report on ``own`` cannot show ``other``'s scores (it shows its own instrument's), or None."""
    if other.id == own.id:
        return None
    return (
        f"a report shows the scores of its own instrument ({own.id}), and this questionnaire gives "
        f"{other.id} scores; use ScoreReport({other.id!r}) for it"
    )


def profile_caption(inst: Instrument) -> str:
    """The caption of the component table: the range, and which way the raw-scored sides point.

    >>> from sclab.measure.instrument import load_instrument
    >>> profile_caption(load_instrument("mt-practice"))
    'Your scores on each part (1-5)'
    """
    notes = [
        f"for the {h.id} parts, higher means more of that response"
        for h in inst.halves
        if h.polarity == "negative" and h.higher_is_more
    ]
    return f"Your scores on each part ({'; '.join([inst.response.range_text, *notes])})"


@dataclass(frozen=True)
class Line:
    """One line of the report's list: a lead in bold, the text, and small print under it."""

    lead: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class Report:
    """Everything a score report shows, unrounded (rounding happens on screen)."""

    instrument: Instrument
    profile: pd.DataFrame  # subscale, label, side, score, sample_mean
    halves: dict[str, float]
    total: float
    ci_low: float
    ci_high: float
    band: str | None
    band_text: str
    percentile: float | None
    compared_with: str | None
    caveats: list[str] = field(default_factory=list)
    compared_words: str | None = None
    groups_note: str = ""

    @property
    def title(self) -> str:
        """``"Your self-compassion practice report"``: what it measures, in words, not an acronym."""
        kind = " practice" if self.instrument.kind == "practice" else ""
        return f"Your {self.instrument.measures}{kind} report"

    def _scale(self) -> str:
        lo, hi = self.instrument.total_range()
        return f"on a scale from {lo} to {hi}"

    def interval_text(self) -> str:
        """The 95% interval in words."""
        return (
            "If you answered again on another day, your total would probably fall between "
            f"{number(self.ci_low, 1)} and {number(self.ci_high, 1)}."
        )

    def is_low(self) -> bool:
        """A low score: below :data:`LOW_SHARE` of the sample, or (no sample) below the scale's middle."""
        if self.percentile is not None:
            return self.percentile < LOW_SHARE
        lo, hi = self.instrument.total_range()
        return self.total < (lo + hi) / 2

    def table_rows(self) -> list[list[str]]:
        """The component table's rows under :data:`PROFILE_HEADER` (no sample mean: an empty cell)."""
        return [
            [
                r.label,
                r.side,
                number(r.score),
                "" if r.sample_mean is None or pd.isna(r.sample_mean) else number(r.sample_mean),
            ]
            for r in self.profile.itertuples()
        ]

    def _half_lines(self) -> list[Line]:
        words, out = _words(self.instrument), []
        for h in self.instrument.halves:
            way = words.positive if h.polarity == "positive" else words.negative
            if h.polarity == "negative" and not h.higher_is_more:
                way = "scored so that a higher number means less of this response"
            out.append(Line(f"{h.label}:", f"{number(self.halves[h.id])} ({h.members}); {way}."))
        return out

    def _stand_line(self) -> Line:
        share = self.percentile / 100
        amount = (
            "Fewer than 1%"
            if share < 0.005
            else "More than 99%"
            if share > 0.995
            else f"About {percent(share)}"
        )
        text = f"{amount} of the comparison group scored lower than you."
        note = f"The comparison group: {self.compared_words}. No real person's answers are used."
        return Line("Where you stand:", text, note)

    def lines(self) -> list[Line]:
        """The report as a list: the total, what it means, its interval, the two sides, cut-offs,
        where you stand (with a kind word for a low score), and that it is not a diagnosis."""
        words = _words(self.instrument)
        out = [
            Line("Your total:", f"{number(self.total)}, {self._scale()}. {words.total}"),
            Line("How sure is this?", self.interval_text()),
            *self._half_lines(),
            Line("Cut-offs:", self.band_text),
        ]
        if self.percentile is not None:
            out.append(self._stand_line())
        if self.is_low():
            out.append(Line("A word about low scores:", words.low))
        out.append(Line("Not a diagnosis:", f"This report {_WHAT_IT_IS}"))
        return out

    def workings(self) -> list[Line]:
        """The technical details behind the report (for the "How was this worked out?" disclosure)."""
        inst = self.instrument
        rel = inst.reliability
        rule = inst.total.rule.replace("_", " ")
        out = [
            Line("The total:", f"{rule}. {' '.join(inst.total.source.split())}"),
            Line(
                "The interval:",
                f"95% interval {number(self.ci_low)} to {number(self.ci_high)}: the total plus or minus "
                f"1.96 standard errors of measurement, SEM = SD x sqrt(1 - alpha) = {number(rel.sd.value)} "
                f"x sqrt(1 - {number(rel.alpha.value, bounded=True)}) = {number(inst.sem())}, kept inside "
                "the scale.",
                f"Alpha ({rel.alpha.basis}). SD ({rel.sd.basis}).",
            ),
        ]
        if self.percentile is not None:
            out.append(
                Line(
                    "The comparison:",
                    f"{number(self.percentile, 1)}% of the sample below your total, ties counted as half "
                    "(scipy's percentileofscore, kind='mean'). A plot that draws its own sample can show a "
                    "share a few points away: each simulated sample is a new draw, and with a few hundred "
                    "people a share moves by a few points from one draw to the next.",
                    self.compared_with or "",
                )
            )
        out.extend(Line("Note:", c) for c in self.caveats)
        return out

    def visible_text(self) -> str:
        """The prose a student reads on the report (not the disclosure), for reading-level checks."""
        parts = [f"{self.title}."]
        for line in self.lines():
            parts += [line.lead, line.text, line.note]
        parts += [self.groups_note, *self.caveats]
        return " ".join(p for p in parts if p)

    def summary(self) -> str:
        """The report in a few plain sentences (the text alternative to the chart), ending with
        :data:`NOT_A_DIAGNOSIS`."""
        words = _words(self.instrument)
        parts = [f"Your total is {number(self.total)}, {self._scale()}. {words.total}", self.interval_text()]
        if self.halves:
            sides = "; ".join(
                f"{h.label.lower()}: {number(self.halves[h.id])}" for h in self.instrument.halves
            )
            parts.append(sides[:1].upper() + sides[1:] + ".")
        parts.append(self.band_text)
        if self.percentile is not None:
            parts += [self._stand_line().text, self._stand_line().note]
        if self.is_low():
            parts.append(words.low)
        parts.append(NOT_A_DIAGNOSIS)
        return " ".join(parts)


def _band_text(inst: Instrument, band: str | None) -> str:
    if inst.bands is None:
        name = "practice inventory" if inst.kind == "practice" else "questionnaire"
        return f"This {name} has no published cut-offs, so your total is not called low, medium or high."
    if band is None:
        return "Your total could not be placed in a range, because it was not scored."
    level = next(b for b in inst.bands.levels if b.label == band)
    rng = f" ({level.published})" if level.published else ""
    return f"Your total is in the {band} range{rng} of a rough guide: {inst.bands.source}"


def _caveats(inst: Instrument, comparison: ComparisonSample | None) -> list[str]:
    out = []
    if inst.kind == "practice":
        out.append(
            "This is a practice inventory written for the course. It has not been tested the way a "
            "published scale has, so the comparison is only a rough guide."
        )
    if not inst.interpret_subscales and inst.interpretation_note:
        out.append(" ".join(inst.interpretation_note.split()))
    if comparison is not None and comparison.instrument_id != inst.id and inst.kind != "practice":
        out.append(f"The comparison sample answered {comparison.instrument_id}, not {inst.id}.")
    return out


def _profile(
    instrument: Instrument, scores, comparison: ComparisonSample | None, group_level: str | None
) -> pd.DataFrame:
    sides = {h.polarity: h.id for h in instrument.halves}
    rows = []
    for s in instrument.subscales:
        ref_mean = None
        if comparison is not None and comparison.column(s.id) in comparison.data:
            ref_mean = float(comparison.values(s.id, group_level).mean())
        rows.append(
            {
                "subscale": s.id,
                "label": s.label,
                "side": sides.get(s.polarity, "component"),
                "score": float(scores[s.id]),
                "sample_mean": ref_mean,
            }
        )
    return pd.DataFrame(rows)


def build_report(
    instrument: Instrument,
    scores: Mapping[str, object] | pd.Series,
    comparison: ComparisonSample | None = None,
    group_level: str | None = None,
) -> Report:
    """Assemble a :class:`Report` from one row of ``Instrument.score`` and an optional comparison."""
    if pd.isna(scores.get("total")):
        raise ValueError(f"the total was not scored, so there is no report: {scores.get('flags')}")
    band = None if pd.isna(scores.get("band")) else str(scores["band"])
    pct = who = words = None
    if comparison is not None:
        pct = percentile(float(scores["total"]), comparison.values("total", group_level))
        who = comparison.compared_with(group_level)
        words = sample_words(comparison, group_level)
    return Report(
        instrument=instrument,
        profile=_profile(instrument, scores, comparison, group_level),
        halves={h.id: float(scores[h.id]) for h in instrument.halves},
        total=float(scores["total"]),
        ci_low=float(scores["total_ci_low"]),
        ci_high=float(scores["total_ci_high"]),
        band=band,
        band_text=_band_text(instrument, band),
        percentile=pct,
        compared_with=who,
        caveats=_caveats(instrument, comparison),
        compared_words=words,
        groups_note=group_reason(comparison),
    )
