"""The pre-post model on its own data, checked with scipy computed here (not through the wrapper)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sclab import load_card, load_sample
from sclab.lessons.pre_post import (
    CARD,
    SEED,
    analyse,
    card_figures,
    comparison_sample,
    describe,
    pre_post_sample,
    select_lowest,
    summary_rows,
)


def test_the_default_sample_is_the_shipped_snapshot():
    np.testing.assert_allclose(
        pre_post_sample(seed=SEED)["empathy_post_total"], load_sample(CARD)["empathy_post_total"], atol=1e-6
    )


def test_each_schools_paired_t_test_matches_scipy_on_the_students_taken_in():
    data = pre_post_sample(300, seed=4)
    for outcome in ("empathy", "compassion"):
        for lowest in (0, 30):
            res = analyse(data, outcome=outcome, design="two_group", lowest=lowest, seed=4)
            pre, post = f"{outcome}_pre_total", f"{outcome}_post_total"
            k = math.ceil(300 * lowest / 100) if lowest else 300
            taken = data.nsmallest(k, pre, keep="first") if lowest else data
            assert len(res.taken) == k and set(res.taken.index) == set(taken.index)
            for row in res.by_school.itertuples():
                part = taken[taken["school"] == row.school]
                ref = stats.ttest_rel(part[post], part[pre])
                assert row.t == pytest.approx(ref.statistic, rel=1e-10)
                assert row.p_val == pytest.approx(ref.pvalue, rel=1e-8)
                assert row.diff == pytest.approx((part[post] - part[pre]).mean(), rel=1e-12)
            prog, comp = (taken.loc[taken["school"] == s] for s in ("humane_education", "comparison"))
            welch = stats.ttest_ind(prog[post] - prog[pre], comp[post] - comp[pre], equal_var=False)
            assert res.between["t"].item() == pytest.approx(welch.statistic, rel=1e-10)


def test_the_one_group_design_shows_only_the_programme_school_and_warns():
    res = analyse(load_sample(CARD), outcome="compassion", design="one_group", lowest=0, seed=SEED)
    assert res.by_school["school"].tolist() == ["humane_education"] and res.between is None
    text = describe(res)
    assert "No comparison group" in text and f"seed {SEED}" in text
    assert len(summary_rows(res)) == 1


def test_regression_to_the_mean_lifts_the_comparison_school_by_about_the_expected_rise():
    # large n so chance is small: the school without a programme rises when picked for low scores
    data = pre_post_sample(5000, seed=9)
    everyone = analyse(data, outcome="empathy", design="two_group", lowest=0, seed=9)
    low = analyse(data, outcome="empathy", design="two_group", lowest=20, seed=9)
    comp_all = everyone.by_school.set_index("school").loc["comparison", "diff"]
    comp_low = low.by_school.set_index("school").loc["comparison", "diff"]
    assert abs(comp_all) < 0.03
    retest = load_card(CARD).repeated[0].retest.value
    gap = data["empathy_pre_total"].mean() - low.taken["empathy_pre_total"].mean()
    assert low.expected_rise == pytest.approx((1 - retest) * gap, rel=1e-12)
    assert comp_low == pytest.approx(low.expected_rise, abs=0.05) and comp_low > 0.15
    assert "Regression to the mean" in describe(low) and "Regression to the mean" not in describe(everyone)


def test_too_few_students_in_a_school_are_not_tested():
    data = pre_post_sample(40, seed=1)
    res = analyse(data, outcome="compassion", design="two_group", lowest=10, seed=1)
    assert len(res.taken) == 4 and res.between is None
    assert all("too few" in row[4] for row in summary_rows(res))


def test_card_figures_and_bad_choices():
    figures = card_figures("compassion")
    assert (figures.d, figures.retest, figures.pre_mean) == (0.5, 0.68, 3.6)
    assert figures.d_basis.startswith("assumption")
    with pytest.raises(ValueError, match="outcome must be one of"):
        analyse(load_sample(CARD), outcome="kindness")
    with pytest.raises(ValueError, match="lowest must be one of"):
        select_lowest(load_sample(CARD), "empathy", 15)
    with pytest.raises(ValueError, match="seed"):
        pre_post_sample(seed=-1)
    assert comparison_sample(100).instrument.id == "co-practice"
