"""Comparison samples: who they are, their groups and scores, and the percentile of a score in them."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import percentileofscore

import sclab
from sclab.populations.comparison import ComparisonSample, percentile


def test_percentile_counts_ties_as_half_like_scipy():
    values = np.array([1.0, 2.0, 2.0, 3.0, 4.0])
    assert percentile(2.0, values) == pytest.approx(100 * (1 + 0.5 * 2) / 5)
    assert percentile(2.5, values) == percentileofscore(values, 2.5, kind="mean")
    with pytest.raises(ValueError, match="empty sample"):
        percentile(1.0, np.array([]))


def test_percentile_agrees_with_scipy_on_a_shipped_sample_and_on_missing_values():
    """Counted with numpy (no scipy on a student's page): the same number as scipy's kind="mean"."""
    values = ComparisonSample.shipped("students-scs").values("total")
    rng = np.random.default_rng(11)
    scores = [*np.unique(values)[:20], *rng.uniform(values.min() - 0.5, values.max() + 0.5, 50)]
    for score in scores:
        assert percentile(float(score), values) == percentileofscore(values, score, kind="mean"), score
    with_missing = np.array([1.0, np.nan, 3.0])
    assert np.isnan(percentile(2.0, with_missing)) and np.isnan(percentileofscore(with_missing, 2.0))
    assert np.isnan(percentile(float("nan"), values))


def test_a_sample_names_who_and_filters_groups():
    ref = ComparisonSample.shipped("students-scs")
    assert ref.groups() == ["woman", "man"]
    women = ref.values("total", "woman")
    assert len(women) == (ref.data["gender"] == "woman").sum() < ref.n
    line = ref.compared_with("woman")
    assert f"{len(women):,} simulated people" in line and "students-scs" in line and "Simulated" in line
    assert "Garcia-Campayo" in line and "seed 2014" in line
    with pytest.raises(ValueError, match="unknown group 'robot'; valid: woman, man"):
        ref.values("total", "robot")
    with pytest.raises(ValueError, match="no score 'kindness'"):
        ref.values("kindness")
    with pytest.raises(ValueError, match="unknown sample 'nope'"):
        ComparisonSample.shipped("nope")


def test_the_variable_is_chosen_by_id_or_by_what_it_measures():
    spain = ComparisonSample.shipped("spain-compassion-distress")
    assert spain.variable == "scs" and spain.instrument.id == "scs"  # the first, as before
    cop = ComparisonSample.shipped("spain-compassion-distress", measures="compassion for others")
    assert cop.variable == "cop" and cop.instrument.measures == "compassion for others"
    assert (
        ComparisonSample.shipped("spain-compassion-distress", variable="cop").instrument_id == "co-practice"
    )
    with pytest.raises(
        ValueError, match="no variable measuring mental toughness in sport; its variables measure scs: self"
    ):
        ComparisonSample.shipped("students-scs", measures="mental toughness in sport")
    with pytest.raises(ValueError, match="no instrument variable 'x'; valid: scs, cop"):
        ComparisonSample.shipped("spain-compassion-distress", variable="x")


@pytest.mark.parametrize(
    ("instrument", "card", "variable"),
    [
        ("sc-practice", "students-scs", "scs"),
        ("scs-sf", "students-scs", "scs"),
        ("co-practice", "spain-compassion-distress", "cop"),
        ("mt-practice", "table-tennis-athletes", "mtp"),
    ],
)
def test_shipped_for_finds_the_first_sample_measuring_the_same(instrument, card, variable):
    sample = ComparisonSample.shipped_for(sclab.load_instrument(instrument, wording=False))
    assert (sample.card_id, sample.variable) == (card, variable)


def test_a_fresh_sample_checks_its_size_and_seed():
    fresh = ComparisonSample.simulated(
        "table-tennis-athletes", n=50, seed=3, measures="mental toughness in sport"
    )
    assert fresh.n == 50 and fresh.variable == "mtp" and not fresh.shipped_snapshot
    with pytest.raises(
        ValueError, match="n must be a whole number of simulated people from 10 to 1000000; got 5"
    ):
        ComparisonSample.simulated(n=5)
    with pytest.raises(ValueError, match="seed must be a whole number from 0"):
        ComparisonSample.simulated(n=50, seed=-1)
