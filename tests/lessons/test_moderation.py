"""The model behind ModerationExplorer: the distress split checked against scipy/numpy on the same data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from sclab.formatting import ci, number, p_value, r_value, with_ci
from sclab.lessons import moderation as model
from sclab.populations.simulate import simulate

CARD = "spain-compassion-distress"
Z975 = sps.norm.ppf(0.975)


@pytest.fixture(scope="module")
def data():
    return model.simulated_sample(CARD, 600, seed=3)


def test_the_sample_is_the_seeded_simulation_with_the_sum_of_the_three_distress_scales(data):
    again = simulate(CARD, n=600, seed=3)
    assert data["scs_total"].tolist() == again["scs_total"].tolist()
    distress = again["depression_total"] + again["anxiety_total"] + again["stress_total"]
    assert data["distress_total"].tolist() == distress.tolist()
    assert model.distress_range(CARD) == (0, 63)
    with pytest.raises(ValueError, match="lack the distress column"):
        model.distress_total(pd.DataFrame({"depression": [1]}))


@pytest.mark.parametrize("threshold", [10, 15, 25])
def test_each_group_is_scipys_r_fisher_interval_and_line_and_the_difference_is_fishers_z(data, threshold):
    m = model.analyse(data, CARD, threshold)
    low = data[data["distress_total"] < threshold]
    high = data[data["distress_total"] >= threshold]
    assert len(low) + len(high) == 600
    for part, g in ((low, m.groups["low"]), (high, m.groups["high"])):
        res = sps.pearsonr(part["scs_total"], part["cop_total"])
        half = Z975 / math.sqrt(len(part) - 3)
        assert g.n == len(part) and g.r == pytest.approx(res.statistic) and g.p == pytest.approx(res.pvalue)
        assert g.ci_low == pytest.approx(math.tanh(math.atanh(res.statistic) - half))
        assert g.ci_high == pytest.approx(math.tanh(math.atanh(res.statistic) + half))
        fit = sps.linregress(part["scs_total"], part["cop_total"])
        xs, ys = g.line
        assert xs == [part["scs_total"].min(), part["scs_total"].max()]
        assert ys == pytest.approx([fit.intercept + fit.slope * x for x in xs])
    r1, r2 = m.groups["low"].r, m.groups["high"].r
    z = (math.atanh(r1) - math.atanh(r2)) / math.sqrt(1 / (len(low) - 3) + 1 / (len(high) - 3))
    assert m.test["diff"] == pytest.approx(r1 - r2) and m.test["z"] == pytest.approx(z)
    assert m.test["p_val"] == pytest.approx(2 * sps.norm.sf(abs(z)))
    assert m.overall["r"] == pytest.approx(sps.pearsonr(data["scs_total"], data["cop_total"]).statistic)


def test_a_group_below_the_minimum_has_no_r_no_line_and_there_is_no_test(data):
    m = model.analyse(data, CARD, 55)
    high = m.groups["high"]
    assert high.n == int((data["distress_total"] >= 55).sum()) < model.MIN_GROUP
    assert math.isnan(high.r) and high.line is None and m.test is None
    assert "too few for an r" in model.reading(CARD, m)[1]
    assert "move the threshold toward the middle" in model.reading(CARD, m)[2]
    assert model.split_table(m).rows[1][1:4] == ["too few", "", ""]


def test_the_population_values_are_numpys_r_in_each_half_of_the_large_simulated_population():
    big = simulate(CARD, n=model.POPULATION_N, seed=model.POPULATION_SEED)
    distress = big["depression_total"] + big["anxiety_total"] + big["stress_total"]
    pop = model.population_split(CARD, "scs_total", "cop_total", 20)
    for level, mask in (("low", distress < 20), ("high", distress >= 20)):
        r = np.corrcoef(big.loc[mask, "scs_total"], big.loc[mask, "cop_total"])[0, 1]
        assert pop[level] == pytest.approx(r)
    assert pop["all"] == pytest.approx(np.corrcoef(big["scs_total"], big["cop_total"])[0, 1])
    assert pop["low"] > pop["high"] + 0.05  # stronger with low distress, as the Spanish study reports


def test_the_texts_and_table_carry_the_numbers_in_apa_style(data):
    m = model.analyse(data, CARD, 15)
    low, test = m.groups["low"], m.test
    paragraphs = model.reading(CARD, m)
    assert paragraphs[0].startswith(
        "Distress here is the sum of the three simulated scales (depression + anxiety + stress, each 0-21), "
        "so 0-63."
    )
    assert f"lower distress: {with_ci('r', low.r, low.ci_low, low.ci_high)}, n = {low.n:,}" in paragraphs[1]
    diff = with_ci("diff", test["diff"], test["ci_low"], test["ci_high"], bounded=False)
    assert f"{diff}, z = {number(test['z'])}, {p_value(test['p_val'])}:" in paragraphs[2]
    caption, _, rows = model.split_table(m)
    assert caption.startswith("Self-compassion with compassion for others, split at a distress total of 15")
    assert rows[0] == [
        f"Lower distress (below 15), n = {low.n:,}",
        r_value(low.r),
        ci(low.ci_low, low.ci_high),
        p_value(low.p),
        r_value(m.population["low"]),
    ]
    assert [r[0] for r in rows[2:]] == ["Everyone, n = 600", "Difference, lower minus higher (Fisher z)"]


def test_the_you_note_names_the_known_scores_and_never_a_group():
    assert model.you_note(CARD, None, None) is None
    head, rest = model.you_note(CARD, 2.5, None)
    assert head == "You" and rest.startswith("(self-compassion 2.50) are a dotted line")
    head, rest = model.you_note(CARD, 2.5, 4.0)
    assert "(self-compassion 2.50, compassion for others 4.00) are a star" in rest
    assert "belong to neither group" in rest and "published SCS" in rest
