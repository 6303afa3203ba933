"""The score report model: its numbers come from the scores and the sample, its words from the instrument."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import percentileofscore

import sclab
from sclab.formatting import number
from sclab.lessons.score_report import NOT_A_DIAGNOSIS, build_report, follow_refusal, profile_caption
from sclab.populations.comparison import ComparisonSample


def row_of(instrument: str, value_for):
    inst = sclab.load_instrument(instrument, wording=False)
    answers = pd.DataFrame([{inst.item_id(it.number): value_for(it) for it in inst.items}])
    return inst, inst.score(answers).iloc[0]


def kind(it):
    return 2 if it.reversed else 4


def test_report_numbers_come_from_the_scores_and_the_sample():
    inst, row = row_of("sc-practice", kind)  # kind to self: total 4
    ref = ComparisonSample.shipped("students-scs")
    rep = build_report(inst, row, ref, "man")
    assert rep.total == 4.0 and rep.halves == {"compassionate": 4.0, "uncompassionate": 2.0}
    assert rep.percentile == pytest.approx(percentileofscore(ref.values("total", "man"), 4.0, kind="mean"))
    men = ref.data[ref.data["gender"] == "man"]
    sk = rep.profile.set_index("subscale").loc["self_kindness"]
    assert sk["score"] == 4.0 and sk["side"] == "compassionate"
    assert sk["sample_mean"] == pytest.approx(men["scs_self_kindness"].mean())
    assert any("practice inventory written for the course" in c for c in rep.caveats)
    # practice inventories are not banded, and the report says so plainly (no "No band: Not banded ...")
    assert rep.band_text == (
        "This practice inventory has no published cut-offs, so your total is not called low, medium or high."
    )
    assert "band" not in rep.summary().lower()
    assert "95%" not in rep.summary() and "would probably fall between" in rep.summary()
    assert rep.table_rows()[0] == ["Self-kindness", "compassionate", "4.00", f"{sk['sample_mean']:.2f}"]
    # the sample in words, for the group chosen; the card, seed and citations only behind the disclosure
    men_n = len(ref.values("total", "man"))
    assert (
        rep.compared_words == f"{men_n} simulated students (men only) built from a Spanish university study"
    )
    visible = " ".join(f"{line.lead} {line.text} {line.note}" for line in rep.lines())
    assert "students-scs" not in visible and "seed" not in visible and "SEM" not in visible
    workings = " ".join(f"{line.text} {line.note}" for line in rep.workings())
    assert (
        "card 'students-scs' (seed 2014)" in workings and "https://doi.org/10.1186/1477-7525-12-4" in workings
    )


def test_the_title_and_interval_are_in_plain_words():
    inst, row = row_of("sc-practice", kind)
    rep = build_report(inst, row)
    assert rep.title == "Your self-compassion practice report" and "SCPI" not in rep.summary()
    lo, hi = row["total_ci_low"], row["total_ci_high"]
    assert rep.interval_text() == (
        f"If you answered again on another day, your total would probably fall between {lo:.1f} and {hi:.1f}."
    )
    total = rep.lines()[0]
    assert total.lead == "Your total:" and "kinder to yourself when things go wrong" in total.text
    sem = next(line for line in rep.workings() if line.lead == "The interval:")
    assert f"= {inst.sem():.2f}" in sem.text and f"{lo:.2f} to {hi:.2f}" in sem.text
    assert build_report(*row_of("scs", kind)).title == "Your self-compassion report"


@pytest.mark.parametrize(("answer", "low"), [(1, True), (2, True), (4, False), (5, False)])
def test_a_low_scorer_reads_a_kind_word_and_a_high_scorer_does_not(answer, low):
    inst, row = row_of("sc-practice", lambda it: 6 - answer if it.reversed else answer)
    rep = build_report(inst, row, ComparisonSample.shipped("students-scs"))
    assert (rep.percentile < 25) == low
    leads = [line.lead for line in rep.lines()]
    assert ("A word about low scores:" in leads) == low
    assert ("a low score is common" in rep.summary()) == low
    # no comparison: low means below the middle of the scale
    assert build_report(inst, row).is_low() == (answer < 3)


def test_extreme_shares_are_not_said_as_0_or_100_percent():
    ref = ComparisonSample.shipped("students-scs")
    top = build_report(*row_of("sc-practice", lambda it: 1 if it.reversed else 5), ref)
    bottom = build_report(*row_of("sc-practice", lambda it: 5 if it.reversed else 1), ref)
    assert "More than 99% of the comparison group" in top.summary()
    assert "Fewer than 1% of the comparison group" in bottom.summary()


def test_a_dict_of_scores_gives_the_same_report():
    inst, row = row_of("sc-practice", kind)
    assert build_report(inst, row.to_dict()).lines() == build_report(inst, row).lines()


def test_report_refuses_an_unscored_total():
    inst, row = row_of("sc-practice", lambda it: None)
    with pytest.raises(ValueError, match="total was not scored"):
        build_report(inst, row)


def test_scs_sf_report_carries_its_band_and_subscale_caveat():
    sf, row = row_of("scs-sf", lambda it: 3)
    rep = build_report(sf, row)
    assert rep.band == "moderate" and "moderate range (2.50-3.50)" in rep.band_text
    assert "not clinical norms" in rep.band_text
    assert any("short-form subscales" in c for c in rep.caveats)


@pytest.mark.parametrize(
    ("instrument", "halves"),
    [
        (
            "sc-practice",
            [
                "4.00 (self-kindness, common humanity, mindfulness); a higher number means more of this "
                "kind response.",
                "2.00 (self-judgment, isolation, over-identification); a higher number means more of this "
                "harsh response.",
            ],
        ),
        (
            "co-practice",
            [
                "4.00 (kindness, common humanity, mindfulness); a higher number means more of this caring "
                "response.",
                "2.00 (indifference); a higher number means more of this uncaring response.",
            ],
        ),
        (
            "scs",
            [
                "4.00 (self-kindness, common humanity, mindfulness); a higher number means more of this "
                "kind response.",
                "2.00 (self-judgment, isolation, over-identification); a higher number means more of this "
                "harsh response.",
            ],
        ),
        ("mt-practice", []),
    ],
)
def test_lines_name_the_halves_from_the_instrument(instrument, halves):
    inst, row = row_of(instrument, kind)
    lines = build_report(inst, row).lines()
    assert lines[0].lead == "Your total:" and lines[0].text.startswith("4.00, on a scale from 1 to 5.")
    rel = inst.reliability
    workings = build_report(inst, row).workings()
    assert f"= {number(rel.sd.value)} x sqrt(1 - {number(rel.alpha.value, bounded=True)})" in workings[1].text
    got = [line.text for line in lines if line.lead.endswith("responding:")]
    assert got == halves
    summary = build_report(inst, row).summary()
    assert ("Compassionate responding: 4.00; uncompassionate responding: 2.00" in summary) == bool(halves)


def test_the_percentile_line_carries_who_was_compared():
    inst, row = row_of("co-practice", kind)
    sample = ComparisonSample.shipped("spain-compassion-distress", measures="compassion for others")
    lines = build_report(inst, row, sample).lines()
    stand = next(line for line in lines if line.lead == "Where you stand:")
    assert stand.note.startswith("The comparison group: 811 simulated adults built from a Spanish study")
    details = next(
        line for line in build_report(inst, row, sample).workings() if line.lead == "The comparison:"
    )
    assert "card 'spain-compassion-distress'" in details.note


@pytest.mark.parametrize("with_sample", [True, False])
def test_every_report_says_it_is_not_a_diagnosis_beside_the_total_and_percentile(with_sample):
    inst, row = row_of("sc-practice", kind)
    rep = build_report(inst, row, ComparisonSample.shipped("students-scs") if with_sample else None)
    leads = [line.lead for line in rep.lines()]
    assert leads[-1] == "Not a diagnosis:" and ("Where you stand:" in leads) == with_sample
    assert "not a diagnosis" in leads[-1].lower() and "what kind of person you are" in rep.lines()[-1].text
    summary = rep.summary()
    assert summary.endswith(NOT_A_DIAGNOSIS) and "not a diagnosis" in NOT_A_DIAGNOSIS
    assert ("scored lower than you" in summary) == with_sample


def test_caption_and_refusal_follow_the_instrument():
    sc, mt = sclab.load_instrument("sc-practice"), sclab.load_instrument("mt-practice")
    assert profile_caption(sc) == (
        "Your scores on each part (1-5; for the uncompassionate parts, higher means more of that response)"
    )
    assert profile_caption(mt) == "Your scores on each part (1-5)"
    assert follow_refusal(sc, sc) is None
    assert "own instrument (sc-practice)" in follow_refusal(sc, mt)
