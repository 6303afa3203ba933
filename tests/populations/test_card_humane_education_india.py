"""The humane-education card: its figures, their sources, and a large simulated sample hitting them.

Tolerances as in ``test_simulate``/``test_true_scores``: means 0.02 points, SDs 0.02, d 0.04,
correlations 0.03, Cronbach's alpha 0.02 at n = 60,000.
"""

from __future__ import annotations

import numpy as np
import pingouin
import pytest

from sclab import load_card, load_sample, simulate

CARD = "humane-education-india"
N = 60_000


@pytest.fixture(scope="module")
def big():
    return simulate(CARD, N, seed=7)


def test_the_study_figures_carry_their_source_and_the_rest_their_reason():
    card = load_card(CARD)
    assert (card.n.value, card.n.source.ref) == (100, "lakhmani-arur-2024")
    ref = card.reference("lakhmani-arur-2024")
    assert ref.doi == "10.25215/1203.298" and "ex post facto" in ref.text
    sourced = [path for path, fig in card.figures_with_paths() if fig.source is not None]
    assert sourced == ["n"]  # the study's means, SDs and t values were not in reach
    for e in card.group_effects:
        assert e.d.assumption and "lakhmani-arur-2024" in e.d.assumption
    assert {e.variable: e.d.value for e in card.group_effects} == {
        "empathy_post": 0.2,
        "compassion_post": 0.5,
    }


def test_the_schools_start_equal_and_differ_at_the_posttest_by_the_cards_d(big):
    card = load_card(CARD)
    for outcome in ("empathy", "compassion"):
        pre, post = f"{outcome}_pre_total", f"{outcome}_post_total"
        prog, comp = (big.loc[big["school"] == s] for s in ("humane_education", "comparison"))
        assert pingouin.compute_effsize(prog[pre], comp[pre]) == pytest.approx(0.0, abs=0.04)
        want = next(e.d.value for e in card.group_effects if e.variable == f"{outcome}_post")
        assert pingouin.compute_effsize(prog[post], comp[post]) == pytest.approx(want, abs=0.04)
        v_pre, v_post = card.variable(f"{outcome}_pre"), card.variable(f"{outcome}_post")
        assert big[pre].mean() == pytest.approx(v_pre.mean.value, abs=0.02)
        assert big[post].mean() == pytest.approx(v_post.mean.value, abs=0.02)
        assert big[pre].std() == pytest.approx(v_pre.sd.value, abs=0.02)
        assert big[post].std() == pytest.approx(v_post.sd.value, abs=0.02)
        # the comparison school does not change on average: only the programme moves the mean
        assert (comp[post] - comp[pre]).mean() == pytest.approx(0.0, abs=0.02)


def test_retest_within_each_school_and_alpha_land_on_the_card(big):
    card = load_card(CARD)
    for rep in card.repeated:
        a, b = (card.score_column(x) for x in rep.between)
        for _, part in big.groupby("school"):
            assert np.corrcoef(part[a], part[b])[0, 1] == pytest.approx(rep.retest.value, abs=0.03)
    for vid in ("empathy_pre", "compassion_post"):
        v = card.variable(vid)
        items = big[[f"{vid}_{j}" for j in range(1, v.items + 1)]]
        assert pingouin.cronbach_alpha(items)[0] == pytest.approx(v.alpha.value, abs=0.02)
    assert big["cop_pre_total"].mean() == pytest.approx(card.variable("cop_pre").mean.value, abs=0.02)


def test_the_shipped_snapshot_is_the_card_at_its_n_and_seed():
    shipped = load_sample(CARD)
    fresh = simulate(CARD, 100, seed=2024)
    assert shipped.shape == fresh.shape == (100, fresh.shape[1])
    np.testing.assert_allclose(shipped["compassion_post_total"], fresh["compassion_post_total"], atol=1e-6)
    assert shipped["school"].value_counts().to_dict() == {"comparison": 50, "humane_education": 50}
