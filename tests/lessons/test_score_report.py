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
    assert any("practice inventory, not the validated scale" in c for c in rep.caveats)
    assert "No band" in rep.band_text  # practice inventories are not banded
    assert "95%" not in rep.summary() and "plausibly lie between" in rep.summary()
    assert rep.table_rows()[0] == ["Self-kindness", "compassionate", "4.00", f"{sk['sample_mean']:.2f}"]


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
    assert rep.band == "moderate" and "2.50-3.50" in rep.band_text and "not clinical norms" in rep.band_text
    assert any("short-form subscales" in c for c in rep.caveats)


@pytest.mark.parametrize(
    ("instrument", "halves"),
    [
        (
            "sc-practice",
            [
                "(self-kindness, common humanity, mindfulness): 4.00",
                "(self-judgment, isolation, over-identification; higher = more): 2.00",
            ],
        ),
        (
            "co-practice",
            ["(kindness, common humanity, mindfulness): 4.00", "(indifference; higher = more): 2.00"],
        ),
        (
            "scs",
            [
                "(self-kindness, common humanity, mindfulness): 4.00",
                "(self-judgment, isolation, over-identification; higher = more): 2.00",
            ],
        ),
        ("mt-practice", []),
    ],
)
def test_lines_name_the_halves_from_the_instrument(instrument, halves):
    inst, row = row_of(instrument, kind)
    lines = build_report(inst, row).lines()
    assert lines[0].lead == "Total:" and lines[0].text.startswith("4.00 on a 1-5 scale")
    rel = inst.reliability
    assert f"alpha {number(rel.alpha.value, bounded=True)} and SD {number(rel.sd.value)})" in lines[0].text
    got = [line.text for line in lines if line.lead.endswith("responding")]
    assert got == halves
    summary = build_report(inst, row).summary()
    assert ("Compassionate responding: 4.00; uncompassionate responding: 2.00" in summary) == bool(halves)


def test_the_percentile_line_carries_who_was_compared():
    inst, row = row_of("co-practice", kind)
    sample = ComparisonSample.shipped("spain-compassion-distress", measures="compassion for others")
    lines = build_report(inst, row, sample).lines()
    stand = next(line for line in lines if line.lead == "Where you stand:")
    assert "spain-compassion-distress" in stand.note


@pytest.mark.parametrize("with_sample", [True, False])
def test_every_report_says_it_is_not_a_diagnosis_beside_the_total_and_percentile(with_sample):
    inst, row = row_of("sc-practice", kind)
    rep = build_report(inst, row, ComparisonSample.shipped("students-scs") if with_sample else None)
    leads = [line.lead for line in rep.lines()]
    assert leads[-1] == "Not a diagnosis:" and ("Where you stand:" in leads) == with_sample
    assert "not a diagnosis" in rep.lines()[-1].text + leads[-1].lower()
    summary = rep.summary()
    assert summary.endswith(NOT_A_DIAGNOSIS) and "not a diagnosis" in NOT_A_DIAGNOSIS
    assert ("scored lower than you" in summary) == with_sample


def test_caption_and_refusal_follow_the_instrument():
    sc, mt = sclab.load_instrument("sc-practice"), sclab.load_instrument("mt-practice")
    assert profile_caption(sc) == (
        "Your component scores (1-5; for the uncompassionate components, higher means more of that response)"
    )
    assert profile_caption(mt) == "Your component scores (1-5)"
    assert follow_refusal(sc, sc) is None
    assert "own instrument (sc-practice)" in follow_refusal(sc, mt)
