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

from dataclasses import dataclass, field

import pandas as pd

from sclab.measure.instrument import Instrument
from sclab.populations.comparison import ComparisonSample, percentile

__all__ = ["Report", "build_report"]


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

    def summary(self) -> str:
        """The report in a few plain sentences (the text alternative to the plots)."""
        inst = self.instrument
        lo, hi = inst.total_range()
        parts = [
            f"Your {inst.short_name} total is {self.total:.2f} on a {lo}-{hi} scale. Allowing for "
            f"measurement error, it could plausibly lie between {self.ci_low:.2f} and {self.ci_high:.2f}."
        ]
        if self.halves:
            parts.append(
                f"Compassionate responding: {self.halves['compassionate']:.2f}; uncompassionate responding: "
                f"{self.halves['uncompassionate']:.2f} (higher means more of it)."
            )
        parts.append(self.band_text)
        if self.percentile is not None:
            parts.append(
                f"About {self.percentile:.0f}% of the comparison sample scored lower than you. "
                f"{self.compared_with}"
            )
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
    scores: pd.Series,
    comparison: ComparisonSample | None = None,
    group_level: str | None = None,
) -> Report:
    """Assemble a :class:`Report` from one row of ``Instrument.score`` and an optional comparison."""
    if pd.isna(scores.get("total")):
        raise ValueError(f"the total was not scored, so there is no report: {scores.get('flags')}")
    sides = {"positive": "compassionate", "negative": "uncompassionate"}
    rows = []
    for s in instrument.subscales:
        ref_mean = None
        if comparison is not None and comparison.column(s.id) in comparison.data:
            ref_mean = float(comparison.values(s.id, group_level).mean())
        side = sides[s.polarity] if instrument.has_polarity else "component"
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
    halves = {}
    if instrument.has_polarity:
        halves = {
            "compassionate": float(scores["compassionate"]),
            "uncompassionate": float(scores["uncompassionate"]),
        }
    band = None if pd.isna(scores["band"]) else str(scores["band"])
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
