"""The model behind IncrementalValidityExplorer, checked with statsmodels fitted here, independently,
on the model's own simulated parents; and the card's population figures against a large sample."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm

from sclab import simulate
from sclab.formatting import number, p_value, r_value
from sclab.lessons import incremental_validity as model

SEEDS = [2014, 7]


def nested(data, outcome, scores):
    y, sev, sc = (model.column(v, scores) for v in (outcome, model.SEVERITY, model.SELF_COMPASSION))
    m1 = smf.ols(f"{y} ~ {sev}", data=data).fit()
    m2 = smf.ols(f"{y} ~ {sev} + {sc}", data=data).fit()
    return m1, m2, anova_lm(m1, m2)


@pytest.mark.parametrize("outcome", model.OUTCOMES)
@pytest.mark.parametrize("scores", list(model.SCORES))
def test_analysis_is_the_nested_ols_and_its_f_test(outcome, scores):
    data = model.sample(51, 2014)
    a = model.analyse(data, outcome, scores)
    m1, m2, table = nested(data, outcome, scores)
    assert a.step(1)["r2"] == pytest.approx(m1.rsquared, abs=1e-12)
    assert a.step(2)["r2"] == pytest.approx(m2.rsquared, abs=1e-12)
    assert a.step(2)["delta_r2"] == pytest.approx(m2.rsquared - m1.rsquared, abs=1e-12)
    assert a.step(2)["f_change"] == pytest.approx(table["F"].iloc[1], rel=1e-9)
    assert a.step(2)["p_val"] == pytest.approx(table["Pr(>F)"].iloc[1], rel=1e-9)
    cols = [*m2.model.exog_names[1:], m2.model.endog_names]
    z = (data[cols] - data[cols].mean()) / data[cols].std()
    std = smf.ols(f"{cols[-1]} ~ {cols[0]} + {cols[1]}", data=z).fit()
    assert a.betas.to_numpy() == pytest.approx(std.params[cols[:2]].to_numpy(), abs=1e-9)
    assert a.partial.attrs["coef"] == pytest.approx(m2.params[cols[1]], rel=1e-9)
    assert a.n == 51


def test_the_sample_is_the_cards_simulation_with_true_scores():
    data = model.sample(60, 3)
    fresh = simulate(model.CARD, 60, seed=3, true_scores=True)
    assert data.equals(fresh)
    assert {"severity_true", "scs_true", "parental_stress_true"} <= set(data.columns)
    assert not data.equals(model.sample(60, 4))


def test_population_figures_are_what_a_large_sample_gives():
    big = simulate(model.CARD, 100_000, seed=5, true_scores=True)
    for outcome in model.OUTCOMES:
        pop, (m1, m2, _) = model.population(outcome), nested(big, outcome, "observed")
        assert pop.r2_step1 == pytest.approx(m1.rsquared, abs=0.015), outcome
        assert pop.r2_step2 == pytest.approx(m2.rsquared, abs=0.015), outcome
        assert pop.delta_r2 == pytest.approx(m2.rsquared - m1.rsquared, abs=0.015), outcome


def test_true_scores_give_the_latent_figures_and_higher_r2():
    big = simulate(model.CARD, 100_000, seed=6, true_scores=True)
    for outcome in model.OUTCOMES:
        true, seen = model.population(outcome, "true"), model.population(outcome, "observed")
        _, m2, _ = nested(big, outcome, "true")
        assert true.r2_step2 == pytest.approx(m2.rsquared, abs=0.02), outcome
        assert true.r2_step1 > seen.r2_step1 and true.r2_step2 > seen.r2_step2, outcome


def test_self_compassion_adds_for_every_outcome_at_large_n_as_the_paper_reports():
    data = model.sample(2000, 11)
    for outcome in model.OUTCOMES:
        a = model.analyse(data, outcome)
        assert a.step(2)["delta_r2"] > 0.05 and a.step(2)["p_val"] < 0.001, outcome
    assert model.analyse(data, "life_satisfaction").betas[model.SELF_COMPASSION] > 0
    assert model.analyse(data, "depression").betas[model.SELF_COMPASSION] < 0


@pytest.mark.parametrize("seed", SEEDS)
def test_summary_and_table_show_the_analysis_numbers(seed):
    a = model.analyse(model.sample(51, seed), "depression")
    head, rest = model.summary(a)
    two = a.step(2)
    assert head == f"ΔR² = {r_value(two['delta_r2'], 3)}, n = 51 simulated parents."
    assert f"F(1, 48) = {number(two['f_change'])}, {p_value(two['p_val'])}" in rest
    t = model.comparison_table(a)
    assert t.header == ["figure", "this sample", "card (population)", "Neff & Faso (published)"]
    cells = {row[0]: row[1:] for row in t.rows}
    pop = model.population("depression")
    assert cells["R², step 1 (symptom severity)"] == [
        r_value(a.step(1)["r2"], 3),
        r_value(pop.r2_step1, 3),
        "not in reach",
    ]
    assert cells["n (parents)"] == ["51", "population", "51 (abstract)"]
    assert all(len(row) == 4 for row in t.rows)


def test_bars_give_sample_and_card_r2_by_step():
    a = model.analyse(model.sample(51, 2014), "life_satisfaction")
    b = model.bars(a)
    assert b.sample == [a.step(1)["r2"], a.step(2)["r2"]]
    pop = model.population("life_satisfaction")
    assert b.card == [pop.r2_step1, pop.r2_step2]
    assert np.all(np.diff(b.card) > 0)


@pytest.mark.parametrize(
    ("outcome", "scores", "message"),
    [
        ("hope", "observed", "outcome must be one of life_satisfaction"),
        ("depression", "latent", "scores must be one of observed, true"),
    ],
)
def test_bad_choices_are_refused_by_name(outcome, scores, message):
    with pytest.raises(ValueError, match=message):
        model.analyse(model.sample(51, 1), outcome, scores)


def test_caption_names_card_seed_and_provenance():
    text = model.sample_caption(51, 2014)
    assert "seed 2014" in text and "parents-autism" in text and "provenance()" in text
