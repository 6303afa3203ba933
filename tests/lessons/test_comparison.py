"""The comparison model: histogram, ECDF and summary against numpy/scipy; what may be compared with what."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import sclab
from sclab.lessons.comparison import (
    comparison_for,
    construct_refusal,
    distribution,
    ecdf,
    group_choices,
    group_reason,
    histogram,
    sample_words,
    score_refusal,
    summarise,
)
from sclab.populations.comparison import ComparisonSample

RNG = np.random.default_rng(7)
CONTINUOUS = RNG.normal(3, 0.6, 500)
TIED = np.round(RNG.normal(3, 0.6, 500) * 4) / 4  # item means take few values: many ties


def test_histogram_matches_numpy_and_sums_to_100_percent():
    h = histogram(TIED, 1, 5, bins=32)
    counts, edges = np.histogram(TIED, bins=32, range=(1, 5))
    assert np.allclose(h.edges, edges) and np.allclose(h.shares, 100 * counts / len(TIED))
    assert h.shares.sum() == pytest.approx(100 * np.sum((TIED >= 1) & (TIED <= 5)) / len(TIED))
    assert np.allclose(h.centres, (edges[:-1] + edges[1:]) / 2) and np.allclose(h.widths, 4 / 32)
    assert histogram(np.array([]), 1, 5).shares.sum() == 0


def test_ecdf_matches_scipy_at_every_kept_point_without_ties():
    x, y = ecdf(CONTINUOUS, points=120)
    assert len(x) == 120 and x[0] == CONTINUOUS.min() and x[-1] == CONTINUOUS.max()
    assert np.allclose(y / 100, stats.ecdf(CONTINUOUS).cdf.evaluate(x))


def test_ecdf_with_ties_draws_the_step_between_scipys_left_and_right_limits():
    x, y = ecdf(TIED)
    cdf = stats.ecdf(TIED).cdf
    right = cdf.evaluate(x)
    left = np.array([np.mean(TIED < v) for v in x])
    assert np.all(y / 100 <= right + 1e-12) and np.all(y / 100 > left - 1e-12)
    assert y[-1] == 100.0 and np.all(np.diff(x) >= 0) and np.all(np.diff(y) > 0)


def test_summary_matches_numpy_and_scipy():
    s = summarise(TIED)
    d = stats.describe(TIED)
    assert s.n == d.nobs and s.mean == pytest.approx(d.mean) and s.sd == pytest.approx(np.sqrt(d.variance))
    assert (s.q1, s.median, s.q3) == pytest.approx(tuple(np.percentile(TIED, [25, 50, 75])))
    assert s.row()[0] == "500" and s.row()[1] == f"{d.mean:.2f}"


def test_distribution_gathers_the_numbers_and_says_them():
    sample = ComparisonSample.shipped("students-scs")
    values = sample.values("total", "woman")
    dist = distribution(sample, "total", "woman", you=3.3)
    assert (dist.lo, dist.hi) == (1, 5)
    assert dist.percentile == pytest.approx(stats.percentileofscore(values, 3.3, kind="mean"))
    assert dist.you_lines() == ("You: 3.30.", f"About {dist.percentile:.0f}% of this sample scored lower.")
    assert (
        dist.sample_line()
        == f"Sample: mean {values.mean():.2f}, SD {values.std(ddof=1):.2f}, n = {len(values):,}."
    )
    assert "(group: woman)" in dist.compared_with
    assert distribution(sample).you_lines() is None and distribution(sample).you_label() == ""


def test_group_choices_name_the_cards_groups():
    assert group_choices(ComparisonSample.shipped("students-scs")) == [
        ("Everyone", ""),
        ("Women", "woman"),
        ("Men", "man"),
    ]
    assert group_choices(ComparisonSample.shipped("spain-compassion-distress")) == [("Everyone", "")]


def test_the_page_says_why_only_these_groups_citing_the_source_of_the_difference():
    students = group_reason(ComparisonSample.shipped("students-scs"))
    assert "with women or men only" in students and "(Yarnell et al., 2015)" in students
    assert "no figures for them" in students
    # the table-tennis card's gender effect on self-compassion comes from Papadakis (direction) and
    # Yarnell (size); Stamatis is the source of the effect on mental toughness, another variable
    athletes = ComparisonSample.shipped("table-tennis-athletes", variable="scp")
    assert "(Papadakis et al., 2025; Yarnell et al., 2015)" in group_reason(athletes)
    toughness = ComparisonSample.shipped("table-tennis-athletes", variable="mtp")
    assert "Stamatis et al., 2020" in group_reason(toughness)
    assert "Yarnell" not in group_reason(toughness)
    plain = group_reason(ComparisonSample.shipped("spain-compassion-distress"))
    assert plain.startswith("This sample is not split into groups")
    assert group_reason(None) == ""


def test_the_sample_is_named_in_words_with_its_size_for_the_group():
    sample = ComparisonSample.shipped("students-scs")
    assert sample_words(sample) == "268 simulated students built from a Spanish university study"
    men = len(sample.values("total", "man"))
    assert (
        sample_words(sample, "man")
        == f"{men} simulated students (men only) built from a Spanish university study"
    )
    fresh = ComparisonSample.simulated("parents-autism", n=40, seed=3)
    assert sample_words(fresh) == "40 simulated parents built from a study of parents"


def test_a_fresh_sample_says_why_its_share_can_differ_from_the_reports():
    shipped = distribution(ComparisonSample.shipped("students-scs"), you=3.3)
    fresh = distribution(ComparisonSample.simulated("students-scs", n=1000, seed=1), you=3.3)
    assert shipped.sample_note() == ""
    assert fresh.sample_note().startswith(
        "This plot draws its own sample: 1,000 simulated students built from a Spanish university study."
    )
    assert "differ from this one by a few points" in fresh.sample_note()


def test_refusals_name_the_construct_the_score_and_the_range():
    scs_sample = ComparisonSample.shipped("students-scs")
    sc, co = sclab.load_instrument("sc-practice"), sclab.load_instrument("co-practice")
    assert construct_refusal(sc, scs_sample) is None
    assert "co-practice measures compassion for others" in construct_refusal(co, scs_sample)
    assert score_refusal(sc, scs_sample, "self_kindness") is None
    halfless = sclab.load_instrument("mt-practice").model_copy(update={"measures": "self-compassion"})
    assert "has no 'compassionate' score" in score_refusal(halfless, scs_sample, "compassionate")


def test_comparison_for_picks_a_sample_of_the_same_construct():
    assert comparison_for(sclab.load_instrument("sc-practice")).card_id == "students-scs"
    co = comparison_for(sclab.load_instrument("co-practice"))
    assert (co.card_id, co.variable) == ("spain-compassion-distress", "cop")
    mt = comparison_for(sclab.load_instrument("mt-practice"))
    assert (mt.card_id, mt.variable) == ("table-tennis-athletes", "mtp")
    by_name = comparison_for(sclab.load_instrument("co-practice"), "spain-compassion-distress")
    assert by_name.variable == "cop"
    assert comparison_for(sclab.load_instrument("sc-practice"), None) is None
    with pytest.raises(ValueError, match="comparison: co-practice measures compassion for others"):
        comparison_for(sclab.load_instrument("co-practice"), ComparisonSample.shipped("students-scs"))
