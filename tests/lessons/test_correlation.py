"""The model behind CorrelationExplorer, checked against scipy and numpy computed here on the same data."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import stats as sps

from sclab.formatting import ci, p_value, r_value, with_ci
from sclab.lessons import card_variables as cards
from sclab.lessons import correlation as model
from sclab.populations.simulate import simulate

CARD = "spain-compassion-distress"
Z975 = sps.norm.ppf(0.975)


@pytest.fixture(scope="module")
def data():
    return simulate(CARD, n=300, seed=4)


def fisher_ci(r: float, n: int) -> tuple[float, float]:
    half = Z975 / math.sqrt(n - 3)
    return math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half)


@pytest.mark.parametrize("outcome", model.OUTCOMES)
def test_a_study_is_scipys_pearson_r_fisher_interval_and_least_squares_line(data, outcome):
    st = model.study(data, outcome, seed=4)
    x, y = data["scs_total"], data[f"{outcome}_total"]
    res, line = sps.pearsonr(x, y), sps.linregress(x, y)
    assert (st.outcome, st.n, st.seed) == (outcome, 300, 4)
    assert st.r == pytest.approx(res.statistic) and st.p == pytest.approx(res.pvalue)
    assert (st.ci_low, st.ci_high) == pytest.approx(fisher_ci(res.statistic, 300))
    assert (st.slope, st.intercept) == pytest.approx((line.slope, line.intercept))
    xs, ys = st.line(1.0, 5.0)
    assert xs == [1.0, 5.0]
    assert ys == pytest.approx([line.intercept + line.slope, line.intercept + 5 * line.slope])


def test_run_studies_draws_one_sample_per_seed_and_yields_its_r():
    drawn = list(model.run_studies(CARD, "wellbeing", 120, range(7, 10)))
    assert [(d.outcome, d.n, d.seed) for d in drawn] == [("wellbeing", 120, s) for s in (7, 8, 9)]
    for d in drawn:
        again = simulate(CARD, n=120, seed=d.seed)
        assert d.r == pytest.approx(sps.pearsonr(again["scs_total"], again["wellbeing_total"]).statistic)


def test_draws_keep_each_study_once_and_earlier_leaves_out_the_one_on_screen(data):
    draws = model.Draws()
    st = model.study(data, "stress", seed=4)
    assert draws.add(st.outcome, st.n, st.seed, st.r) and not draws.add(st.outcome, st.n, st.seed, st.r)
    draws.add("stress", 300, 5, -0.2)
    draws.add("anxiety", 300, 5, -0.1)
    assert [d.seed for d in draws.earlier(st)] == [5]
    small = model.Draws(limit=3)
    for s in range(5):
        small.add("stress", 100, s, 0.0)
    assert [d.seed for d in small.items] == [2, 3, 4]


def test_the_texts_carry_the_studys_numbers_in_apa_style(data):
    st = model.study(data, "depression", seed=4)
    link = cards.card_link(CARD, "scs", "depression")
    res = sps.pearsonr(data["scs_total"], data["depression_total"])
    low, high = fisher_ci(res.statistic, 300)
    head, rest = model.summary(st, link, "Self-compassion", "Depression")
    assert head == with_ci("r", res.statistic, low, high) and head.startswith("r = -.")
    assert rest.startswith(f"(n = 300, {p_value(res.pvalue)}) between self-compassion and depression")
    assert f"r = {r_value(link.population_r)} between these scale scores" in rest
    caption, header, rows = model.summary_table(st, link, "Depression")
    assert caption.startswith("This sample (seed 4)")
    assert dict(zip(header, rows[0], strict=True))["Confidence interval"] == ci(low, high)
    corrected = res.statistic / math.sqrt(link.alpha_x * link.alpha_y)
    sample_paragraph = model.attenuation_text(CARD, link, st.r)[1]
    assert f"corrected with the same alphas, is {r_value(corrected)}" in sample_paragraph


@pytest.mark.parametrize("outcome", model.OUTCOMES)
def test_the_attenuation_text_puts_the_error_on_both_scores_with_spearmans_formula(outcome):
    link = cards.card_link(CARD, "scs", outcome)
    text = model.attenuation_text(CARD, link, -0.3)[0]
    label = cards.short_label(CARD, outcome).lower()
    for alpha, name in ((link.alpha_x, "self-compassion"), (link.alpha_y, label)):
        assert f"√{r_value(alpha)} = {r_value(math.sqrt(alpha))} for {name}" in text
    product = f"√({r_value(link.alpha_x)} x {r_value(link.alpha_y)})"
    if link.metric == "latent":  # MacBeth & Gumley's corrected r: the observed r to expect
        expected = link.card_r * math.sqrt(link.alpha_x * link.alpha_y)
        assert f"{r_value(link.card_r)} x {product} = {r_value(expected)}" in text
    else:  # Zessin et al.'s observed r: the true-score r it implies
        expected = link.card_r / math.sqrt(link.alpha_x * link.alpha_y)
        assert f"{r_value(link.card_r)} / {product} = {r_value(expected)}" in text
    assert "coarse" not in text and "items" not in text  # the reason is unreliability, not item format


@pytest.mark.parametrize("shift", [0.0, 0.02, -0.02, 0.05, -0.08])
def test_a_gap_between_the_simulation_and_spearman_is_named_only_when_it_is_larger_than_gap_noted(shift):
    link = cards.card_link(CARD, "scs", "depression")
    moved = dataclasses.replace(link, population_r=link.spearman_observed + shift)
    text = model.attenuation_text(CARD, moved, -0.3)[0]
    noted = abs(shift) > model.GAP_NOTED
    assert ("The simulated scales land at" in text) == noted
    if noted:
        assert f"land at {r_value(moved.population_r)}" in text
        assert ("weaker" in text) == (abs(moved.population_r) < abs(link.spearman_observed))


def test_the_spread_of_drawn_rs_is_their_range_and_sample_sd():
    link = cards.card_link(CARD, "scs", "stress")
    drawn = [model.Draw("stress", n, s, r) for n, s, r in [(100, 1, -0.31), (100, 2, -0.42), (300, 3, -0.36)]]
    head, rest = model.draws_summary(drawn, link, "Stress")
    sd = np.std([-0.31, -0.42, -0.36], ddof=1)
    assert head == "3 sample(s) of stress drawn so far"
    assert rest.startswith(f"(n from 100 to 300). They range from -.42 to -.31 (SD {r_value(sd)})")
    assert "Draw 20 more" in model.draws_summary(drawn[:1], link, "Stress")[1]
    assert model.draws_table(drawn, last=2).rows == [["300", "3", "-.36"], ["100", "2", "-.42"]]
