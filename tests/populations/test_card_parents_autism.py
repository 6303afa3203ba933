"""The parents-autism card (Neff & Faso 2015): what is sourced and what is assumed, and its figures
landing at large n under the true-score model (tolerances of test_simulate: correlations 0.03,
reliabilities 0.02, means and SDs 0.03 per item)."""

from __future__ import annotations

import numpy as np
import pingouin as pg
import pytest

from sclab import load_card, load_sample, simulate
from sclab.populations.plan import plan

CARD = "parents-autism"
N = 100_000
TOL_R, TOL_ALPHA, TOL_ITEM = 0.03, 0.02, 0.03
SCALES = ["severity", "life_satisfaction", "depression", "parental_stress"]


@pytest.fixture(scope="module")
def card():
    return load_card(CARD)


@pytest.fixture(scope="module")
def big():
    return simulate(CARD, N, seed=29, true_scores=True)


def test_only_the_abstracts_figures_are_sourced(card):
    ref = card.reference("neff-faso-2015")
    assert (
        "https://doi.org/10.1007/s12671-014-0359-2" in ref.text and "Mindfulness, 6(4), 938-947" in ref.text
    )
    assert ref.label == "Neff & Faso 2015"
    assert (card.n.value, card.n.source.ref) == (51, "neff-faso-2015")
    sourced = [path for path, fig in card.figures_with_paths() if fig.source is not None]
    assert sourced == ["n"]
    table = card.provenance()
    assert (table["kind"] == "assumption").sum() == len(table) - 1
    assert table["basis"].str.contains("not in reach|teaching value", case=False).iloc[1:].all()


def test_correlations_are_observed_and_follow_the_papers_directions(card):
    assert {c.metric for c in card.correlations} == {"observed"}
    r = {frozenset(c.between): c.r.value for c in card.correlations}
    assert r[frozenset(("scs", "life_satisfaction"))] > 0
    assert r[frozenset(("scs", "depression"))] < 0 and r[frozenset(("scs", "parental_stress"))] < 0
    assert r[frozenset(("severity", "parental_stress"))] == max(
        abs(v) for k, v in r.items() if "severity" in k and "scs" not in k
    )


def test_observed_correlations_land_on_the_card(card, big):
    for c in card.correlations:
        a, b = (card.score_column(v) for v in c.between)
        assert big[a].corr(big[b]) == pytest.approx(c.r.value, abs=TOL_R), c.between


def test_true_scores_follow_spearman_from_the_observed_figures(card, big):
    p = plan(card)
    for c in card.correlations:
        a, b = c.between
        rel = p.reliability(a) * p.reliability(b)
        true_r = big[f"{a}_true"].corr(big[f"{b}_true"])
        assert true_r == pytest.approx(c.r.value / np.sqrt(rel), abs=TOL_R), c.between
        assert abs(true_r) > abs(c.r.value)


def test_reliabilities_means_and_sds_land_on_the_card(card, big):
    for vid in SCALES:
        v = card.variable(vid)
        items = big[[f"{vid}_{j}" for j in range(1, v.items + 1)]]
        assert float(pg.cronbach_alpha(data=items)[0]) == pytest.approx(v.alpha.value, abs=TOL_ALPHA), vid
        r2 = big[f"{vid}_total"].corr(big[f"{vid}_true"]) ** 2
        assert r2 == pytest.approx(v.alpha.value, abs=TOL_ALPHA), vid
        assert big[f"{vid}_total"].mean() == pytest.approx(v.mean.value, abs=TOL_ITEM * v.items), vid
        assert big[f"{vid}_total"].std() == pytest.approx(v.sd.value, abs=TOL_ITEM * v.items), vid
    scs = card.variable("scs")
    assert big["scs_total"].mean() == pytest.approx(scs.mean.value, abs=TOL_ITEM)
    assert big["scs_total"].std() == pytest.approx(scs.sd.value, abs=TOL_ITEM)


def test_the_snapshot_is_at_the_papers_n_and_regenerates():
    shipped = load_sample(CARD)
    assert len(shipped) == 51
    fresh = simulate(CARD, 51, seed=2014)
    np.testing.assert_allclose(shipped["scs_total"], fresh["scs_total"], atol=1e-6)
    assert shipped["parental_stress_total"].tolist() == fresh["parental_stress_total"].tolist()
