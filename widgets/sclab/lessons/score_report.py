"""What a score report says, as plain data: no widgets, no plots (``sclab.ui.score_report`` shows it).

>>> import pandas as pd, sclab
>>> inst = sclab.load_instrument("sc-practice")
>>> row = inst.score(pd.DataFrame([{i: 3 for i in inst.item_ids}])).iloc[0]
>>> rep = build_report(inst, row)
>>> rep.total, rep.band
(3.0, None)
>>> rep.profile["score"].tolist()[:2]
[3.0, 3.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from sclab.formatting import number, percent
from sclab.measure.instrument import Instrument
from sclab.populations.comparison import ComparisonSample, percentile

__all__ = [
    "NOT_A_DIAGNOSIS",
    "PROFILE_HEADER",
    "Line",
    "Report",
    "build_report",
    "follow_refusal",
    "profile_caption",
]

#: Columns of the component table.
PROFILE_HEADER = ("Component", "Side", "You", "Sample mean")
_WHAT_IT_IS = (
    "describes how you answered these statements today, and no total or percentile says what kind of "
    "person you are."
)
#: What every report says beside the total and the percentile (the care note below it says more).
NOT_A_DIAGNOSIS = f"This report is not a diagnosis: it {_WHAT_IT_IS}"


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
    'Your component scores (1-5)'
    """
    notes = [
        f"for the {h.id} components, higher means more of that response"
        for h in inst.halves
        if h.polarity == "negative" and h.higher_is_more
    ]
    return f"Your component scores ({'; '.join([inst.response.range_text, *notes])})"


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

    def _total_range(self) -> str:
        lo, hi = self.instrument.total_range()
        return f"{lo}-{hi}"

    @property
    def title(self) -> str:
        return f"Your {self.instrument.short_name} report"

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

    def lines(self) -> list[Line]:
        """The report as a list: total with its interval, the halves, the band, where you stand, and
        that it is not a diagnosis."""
        inst = self.instrument
        alpha, sd = inst.reliability.alpha.value, inst.reliability.sd.value
        rule = inst.total.rule.replace("_", " ")
        out = [
            Line(
                "Total:",
                f"{number(self.total)} on a {self._total_range()} scale ({rule}). "
                f"With measurement error it could plausibly be anywhere from {number(self.ci_low)} to "
                f"{number(self.ci_high)} (95% interval, SEM from alpha {number(alpha, bounded=True)} and "
                f"SD {number(sd)}).",
            )
        ]
        for h in inst.halves:
            more = "; higher = more" if h.polarity == "negative" and h.higher_is_more else ""
            out.append(Line(h.label, f"({h.members}{more}): {number(self.halves[h.id])}"))
        out.append(Line("", self.band_text))
        if self.percentile is not None:
            out.append(
                Line(
                    "Where you stand:",
                    f"about {percent(self.percentile / 100)} of the comparison sample scored lower than you.",
                    self.compared_with or "",
                )
            )
        out.append(Line("Not a diagnosis:", f"this report {_WHAT_IT_IS}"))
        return out

    def summary(self) -> str:
        """The report in a few plain sentences (the text alternative to the plots), ending with
        :data:`NOT_A_DIAGNOSIS`."""
        inst = self.instrument
        parts = [
            f"Your {inst.short_name} total is {number(self.total)} on a {self._total_range()} scale. "
            f"Allowing for measurement error, it could plausibly lie between {number(self.ci_low)} and "
            f"{number(self.ci_high)}."
        ]
        if self.halves:
            sides = "; ".join(f"{h.label.lower()}: {number(self.halves[h.id])}" for h in inst.halves)
            parts.append(sides[:1].upper() + sides[1:] + " (higher means more of it).")
        parts.append(self.band_text)
        if self.percentile is not None:
            parts.append(
                f"About {percent(self.percentile / 100)} of the comparison sample scored lower than you. "
                f"{self.compared_with}"
            )
        parts.append(NOT_A_DIAGNOSIS)
        return " ".join(parts)


def _band_text(inst: Instrument, band: str | None) -> str:
    if inst.bands is None:
        return f"No band: {inst.bands_note or 'this instrument has no published guide for bands.'}"
    if band is None:
        return "No band: the total could not be scored."
    level = next(b for b in inst.bands.levels if b.label == band)
    rng = f" ({level.published})" if level.published else ""
    return f"Band: {band}{rng}, by {inst.bands.source}"


def _caveats(inst: Instrument, comparison: ComparisonSample | None) -> list[str]:
    out = []
    if inst.kind == "practice":
        out.append(
            f"{inst.short_name} is a course-written practice inventory, not the validated scale; "
            "comparing it with a sample built from the published scale's figures is illustrative only."
        )
    if not inst.interpret_subscales and inst.interpretation_note:
        out.append(" ".join(inst.interpretation_note.split()))
    if comparison is not None and comparison.instrument_id != inst.id and inst.kind != "practice":
        out.append(f"The comparison sample answered {comparison.instrument_id}, not {inst.id}.")
    return out


def build_report(
    instrument: Instrument,
    scores: Mapping[str, object] | pd.Series,
    comparison: ComparisonSample | None = None,
    group_level: str | None = None,
) -> Report:
    """Assemble a :class:`Report` from one row of ``Instrument.score`` and an optional comparison."""
    if pd.isna(scores.get("total")):
        raise ValueError(f"the total was not scored, so there is no report: {scores.get('flags')}")
    sides = {h.polarity: h.id for h in instrument.halves}
    rows = []
    for s in instrument.subscales:
        ref_mean = None
        if comparison is not None and comparison.column(s.id) in comparison.data:
            ref_mean = float(comparison.values(s.id, group_level).mean())
        side = sides.get(s.polarity, "component")
        rows.append(
            {
                "subscale": s.id,
                "label": s.label,
                "side": side,
                "score": float(scores[s.id]),
                "sample_mean": ref_mean,
            }
        )
    profile = pd.DataFrame(rows)
    halves = {h.id: float(scores[h.id]) for h in instrument.halves}
    band = None if pd.isna(scores.get("band")) else str(scores["band"])
    pct = who = None
    if comparison is not None:
        pct = percentile(float(scores["total"]), comparison.values("total", group_level))
        who = comparison.compared_with(group_level)
    return Report(
        instrument=instrument,
        profile=profile,
        halves=halves,
        total=float(scores["total"]),
        ci_low=float(scores["total_ci_low"]),
        ci_high=float(scores["total_ci_high"]),
        band=band,
        band_text=_band_text(instrument, band),
        percentile=pct,
        compared_with=who,
        caveats=_caveats(instrument, comparison),
    )
