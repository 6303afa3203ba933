"""The generator: each card's figures land at n = 200,000, its findings hold, and samples at the
paper's N vary from seed to seed as real samples would.

Tolerances (stated once): means and SDs 0.03 in item units (a sum of k items: 0.03 * k),
correlations 0.03, Cronbach's alpha 0.02, standardised group differences 0.03.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sclab import load_card, load_instrument, simulate
from sclab.populations.calibration import Items, _fit_scale, _item_chat, _thresholds
from sclab.populations.plan import calibration, plan
from sclab.validation import MAX_SEED

BIG = 200_000
TOL_ITEM, TOL_R, TOL_ALPHA, TOL_D = 0.03, 0.03, 0.02, 0.03
CASES = [
    ("students-scs", None),
    ("spain-compassion-distress", None),
    ("table-tennis-athletes", None),
    ("emerging-adults", None),
    ("sc-intervention-trial", "ferrari-2019"),
    ("sc-intervention-trial", "wilson-2019"),
]
_BIG: dict = {}


def big(card_id: str, variant: str | None = None) -> pd.DataFrame:
    key = (card_id, variant)
    if key not in _BIG:
        _BIG[key] = simulate(card_id, BIG, seed=11, variant=variant)
    return _BIG[key]


def alpha(frame: pd.DataFrame) -> float:
    return float(pg.cronbach_alpha(data=frame)[0])


def pooled_d(x: pd.Series, y: pd.Series) -> float:
    sp = math.sqrt(((len(x) - 1) * x.var() + (len(y) - 1) * y.var()) / (len(x) + len(y) - 2))
    return (x.mean() - y.mean()) / sp


# --- fidelity at n = 200,000 -----------------------------------------------------------------
@pytest.mark.parametrize(("card_id", "variant"), CASES)
def test_means_sds_and_reliabilities_land_on_the_card(card_id, variant):
    card = load_card(card_id).with_variant(variant)
    df = big(card_id, variant)
    cal = calibration(card_id, variant).set_index("what")["value"]
    checked = 0
    for v in card.variables:
        if v.kind == "instrument":
            inst = load_instrument(v.instrument, wording=False)
            f = inst.total_scale()
            total = df[f"{v.id}_total"]
            assert total.mean() == pytest.approx(v.mean.value, abs=TOL_ITEM * f), v.id
            assert total.std() == pytest.approx(v.sd.value, abs=TOL_ITEM * f), v.id
            keyed = inst.keyed(df, items=f"{v.id}_{{n}}")
            sample = keyed.iloc[:50_000]
            assert alpha(sample) == pytest.approx(v.alpha.value, abs=TOL_ALPHA), v.id
            shift = cal[f"subscale mean shift ({v.id})"]
            assert abs(shift) < 0.05  # the published subscale means are kept within 0.05
            lo, hi = inst.response.min, inst.response.max
            for sub in inst.subscales:
                cols = [inst.item_id(it.number) for it in inst.subscale_items(sub.id)]
                assert alpha(sample[cols]) == pytest.approx(v.subscale_alpha.value, abs=TOL_ALPHA), sub.id
                fig = v.subscale_means.get(sub.id)
                if fig is None:
                    continue
                raw_scoring = inst.subscale_scoring == "raw"
                keyed_target = (
                    lo + hi - fig.value if raw_scoring and sub.polarity == "negative" else fig.value
                )
                want = keyed_target + shift
                want = lo + hi - want if raw_scoring and sub.polarity == "negative" else want
                assert df[f"{v.id}_{sub.id}"].mean() == pytest.approx(want, abs=TOL_ITEM), sub.id
                assert df[f"{v.id}_{sub.id}"].mean() == pytest.approx(fig.value, abs=TOL_ITEM + 0.05)
        elif v.kind == "scale":
            k = v.items if v.score == "sum" else 1
            total = df[f"{v.id}_total"]  # every scored scale is <id>_total
            assert total.mean() == pytest.approx(v.mean.value, abs=TOL_ITEM * k), v.id
            assert total.std() == pytest.approx(v.sd.value, abs=TOL_ITEM * k), v.id
            items = df[[f"{v.id}_{j}" for j in range(1, v.items + 1)]].iloc[:50_000]
            assert alpha(items) == pytest.approx(v.alpha.value, abs=TOL_ALPHA), v.id
            assert items.min().min() >= v.response.min and items.max().max() <= v.response.max
        elif v.kind == "continuous":
            assert df[v.id].mean() == pytest.approx(v.mean.value, abs=TOL_ITEM * v.sd.value), v.id
            assert df[v.id].std() == pytest.approx(v.sd.value, abs=TOL_ITEM * v.sd.value), v.id
        else:
            shares = df[v.id].value_counts(normalize=True)
            for level, f in v.shares.items():
                assert shares[level] == pytest.approx(f.value, abs=0.01)
        checked += 1
    assert checked == len(card.variables)


@pytest.mark.parametrize(("card_id", "variant"), [c for c in CASES if load_card(c[0]).correlations])
def test_correlations_land_on_the_card(card_id, variant):
    card = load_card(card_id).with_variant(variant)
    df = big(card_id, variant)
    p = plan(card_id, variant)
    for c in card.correlations:
        if c.half is not None:  # a half's link (test_true_scores checks the halves)
            var, half, other = c.half
            r = df[f"{var}_{half}"].corr(df[card.score_column(other)])
            assert r == pytest.approx(p.observed_half_r(var, half, other), abs=TOL_R), c.between
            continue
        a, b = c.between
        r = df[card.score_column(a)].corr(df[card.score_column(b)])
        if c.metric == "observed":
            assert r == pytest.approx(c.r.value, abs=TOL_R), (a, b)
        else:  # corrected for unreliability: the scores' r is weaker, as the generator predicts
            assert abs(r) <= abs(c.r.value) + TOL_R
            assert r == pytest.approx(p.observed_r(a, b), abs=TOL_R), (a, b)


def test_paths_give_their_standardised_weights_back():
    card = load_card("emerging-adults")
    df = big("emerging-adults")
    cols = {v: card.score_column(v) for v in ("distress", "scs", "friends", "family", "satisfaction")}
    assert cols["distress"] == "distress_total" and cols["friends"] == "friends"
    z = (df[list(cols.values())] - df[list(cols.values())].mean()) / df[list(cols.values())].std()
    for path in card.paths:
        xs = list(path.predictors)
        beta, *_ = np.linalg.lstsq(
            z[[cols[x] for x in xs]].to_numpy(), z[cols[path.outcome]].to_numpy(), rcond=None
        )
        for x, b in zip(xs, beta, strict=True):
            assert b == pytest.approx(path.predictors[x].value, abs=TOL_R), (path.outcome, x)


@pytest.mark.parametrize(
    ("card_id", "variant"), [c for c in CASES if load_card(c[0]).with_variant(c[1]).group_effects]
)
def test_group_effects_land_on_the_card(card_id, variant):
    card = load_card(card_id).with_variant(variant)
    df = big(card_id, variant)
    for e in card.group_effects:
        ref = card.variable(e.group).levels[0]
        col = df[card.score_column(e.variable)]
        d = pooled_d(col[df[e.group] == e.level], col[df[e.group] == ref])
        assert d == pytest.approx(e.d.value, abs=TOL_D), (e.variable, e.level)


# --- each card's finding ---------------------------------------------------------------------
def test_students_men_score_a_little_higher_and_most_are_moderate():
    df = big("students-scs")
    scored = load_instrument("scs", wording=False).score(df)
    pd.testing.assert_series_equal(scored["total"], df["scs_total"], check_names=False)
    assert scored["band"].value_counts().idxmax() == "moderate"
    men, women = df.loc[df.gender == "man", "scs_total"], df.loc[df.gender == "woman", "scs_total"]
    assert 0.1 < pooled_d(men, women) < 0.3


def test_spain_self_compassion_not_compassion_for_others_goes_with_less_distress():
    df = big("spain-compassion-distress")
    for d in ("depression_total", "anxiety_total", "stress_total"):
        assert df["scs_total"].corr(df[d]) < -0.25
        assert abs(df["cop_total"].corr(df[d])) < 0.1
    wellbeing = df["wellbeing_total"]
    assert df["scs_total"].corr(wellbeing) > 0.3 and df["cop_total"].corr(wellbeing) > 0.15


def test_spain_self_others_link_is_stronger_in_the_low_distress_half():
    df = big("spain-compassion-distress")
    distress = df["depression_total"] + df["anxiety_total"] + df["stress_total"]
    low = distress <= distress.median()
    r_low = df.loc[low, "scs_total"].corr(df.loc[low, "cop_total"])
    r_high = df.loc[~low, "scs_total"].corr(df.loc[~low, "cop_total"])
    assert r_low - r_high > 0.1
    assert r_low > 0 and r_high > 0


def test_athletes_halves_point_opposite_ways_on_toughness():
    df = big("table-tennis-athletes")
    mt = df["mtp_total"]
    assert df["scp_compassionate"].corr(mt) > 0.25
    assert df["scp_uncompassionate"].corr(mt) < -0.25
    identity, communication = df["identity_total"], df["communication_total"]
    assert identity.corr(mt) > 0.2 and communication.corr(mt) > 0.2
    assert identity.mean() > 5 and communication.mean() > 3.8  # "high"
    assert 2.8 < df["scp_total"].mean() < 3.4 and 2.8 < df["mtp_total"].mean() < 3.6  # "moderate"


def test_emerging_adults_mediators_carry_part_of_distress_effect():
    df = big("emerging-adults")
    z = (df - df.mean(numeric_only=True)) / df.std(numeric_only=True)
    total = float(np.polyfit(z["distress_total"], z["satisfaction_total"], 1)[0])
    x = z[["distress_total", "scs_total", "friends", "family"]].to_numpy()
    direct = np.linalg.lstsq(x, z["satisfaction_total"].to_numpy(), rcond=None)[0][0]
    assert total < -0.3
    assert total < direct < 0
    assert direct - total > 0.15  # the indirect part


@pytest.mark.parametrize("variant", ["ferrari-2019", "wilson-2019"])
def test_trial_self_compassion_arm_improves_more_and_keeps_its_gain(variant):
    df = big("sc-intervention-trial", variant)
    change = df.groupby("arm")[["scp_pre_total", "scp_post_total"]].mean().diff(axis=1)["scp_post_total"]
    assert change["self_compassion"] > change["mindfulness"] > change["usual_care"]
    arm, ref = df["arm"] == "self_compassion", df["arm"] == "usual_care"
    for m in ("scp_{}_total", "gad_{}_total", "dep_{}_total"):
        post = abs(pooled_d(df.loc[arm, m.format("post")], df.loc[ref, m.format("post")]))
        fu = abs(pooled_d(df.loc[arm, m.format("fu")], df.loc[ref, m.format("fu")]))
        pre = abs(pooled_d(df.loc[arm, m.format("pre")], df.loc[ref, m.format("pre")]))
        assert fu > 0.2 and pre < 0.03
        if m.startswith("dep"):  # depression improvements continued to grow (Ferrari et al. 2019)
            assert fu > post + TOL_D
        else:  # self-compassion gains maintained; anxiety kept at its post effect
            assert fu == pytest.approx(post, abs=2 * TOL_D)


def test_the_two_meta_analyses_give_different_effects():
    a = big("sc-intervention-trial", "ferrari-2019")
    b = big("sc-intervention-trial", "wilson-2019")
    d = {}
    for name, df in (("f", a), ("w", b)):
        col = df["scp_post_total"]
        d[name] = pooled_d(col[df.arm == "self_compassion"], col[df.arm == "usual_care"])
    assert d["f"] - d["w"] == pytest.approx(0.75 - 0.52, abs=2 * TOL_D)


# --- sampling behaviour at the paper's N -----------------------------------------------------
def test_same_seed_same_sample_and_other_seeds_differ():
    a = simulate("spain-compassion-distress", 811, seed=5)
    b = simulate("spain-compassion-distress", 811, seed=5)
    pd.testing.assert_frame_equal(a, b)
    c = simulate("spain-compassion-distress", 811, seed=6)
    assert not a.equals(c)
    assert a["scs_total"].corr(a["wellbeing_total"]) != c["scs_total"].corr(c["wellbeing_total"])


def test_seed_to_seed_spread_of_r_is_what_sampling_theory_says():
    n = load_card("spain-compassion-distress").n.value
    rs = [
        simulate("spain-compassion-distress", int(n), seed=s)[["scs_total", "wellbeing_total"]]
        .corr()
        .iloc[0, 1]
        for s in range(30)
    ]
    rho = float(np.mean(rs))
    expected = (1 - rho**2) / math.sqrt(n)
    assert float(np.std(rs, ddof=1)) == pytest.approx(expected, rel=0.35)
    assert rho == pytest.approx(0.47, abs=3 * expected / math.sqrt(30) + 0.01)


def test_small_samples_are_honestly_noisy():
    ds = []
    for s in range(20):
        df = simulate("students-scs", 268, seed=s)
        ds.append(
            pooled_d(df.loc[df.gender == "man", "scs_total"], df.loc[df.gender == "woman", "scs_total"])
        )
    # at N = 268 the gender d of 0.18 comes out anywhere from near zero to about twice as large
    assert np.std(ds, ddof=1) > 0.08 and min(ds) < 0.1 < 0.25 < max(ds)


def test_blocked_allocation_gives_equal_arms():
    df = simulate("sc-intervention-trial", 75, seed=3)
    assert df["arm"].value_counts().tolist() == [25, 25, 25]


# --- exact mode, arguments, the numerical engine --------------------------------------------
def test_exact_mode_makes_the_latent_correlations_those_of_the_card(tmp_path):
    import yaml

    from sclab.populations.card import read_card_file

    fig = {"assumption": "a value for this test only"}
    data = {
        "id": "tiny",
        "title": "t",
        "population": "p",
        "finding": "f",
        "n": {"value": 50, **fig},
        "references": [{"key": "none", "text": "none"}],
        "variables": [
            {
                "id": x,
                "kind": "continuous",
                "label": x,
                "meaning": x,
                "decimals": 6,
                "mean": {"value": 10, **fig},
                "sd": {"value": 2, **fig},
            }
            for x in "abc"
        ],
        "correlations": [
            {"between": ["a", "b"], "r": {"value": 0.5, **fig}},
            {"between": ["a", "c"], "r": {"value": -0.3, **fig}},
        ],
    }
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    card = read_card_file(path)
    loose = simulate(card, 50, seed=1)
    tight = simulate(card, 50, seed=1, exact=True)
    want = np.array([[1, 0.5, -0.3], [0.5, 1, 0], [-0.3, 0, 1]])
    assert np.abs(tight.corr().to_numpy() - want).max() < 1e-5
    assert np.abs(loose.corr().to_numpy() - want).max() > 0.02


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_n_must_be_a_positive_whole_number(bad):
    with pytest.raises(ValueError, match="n must be a whole number of respondents"):
        simulate("students-scs", bad, seed=1)


def test_seed_is_required_and_checked():
    with pytest.raises(TypeError):
        simulate("students-scs", 10)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="seed must be a whole number"):
        simulate("students-scs", 10, seed=-1)


def test_item_covariance_series_matches_the_bivariate_normal_cdf():
    tau, lam = np.array([-1.2, 0.1, 0.9]), 0.7
    c = _item_chat(tau, lam)
    series = float(c @ c)
    exact = 0.0
    for a in tau:
        for b in tau:
            p2 = stats.multivariate_normal(cov=[[1, lam**2], [lam**2, 1]]).cdf([-a, -b])
            exact += p2 - stats.norm.cdf(-a) * stats.norm.cdf(-b)
    assert series == pytest.approx(exact, abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(3, 12),
    st.sampled_from([(0, 3), (1, 5), (1, 7)]),
    st.floats(0.3, 0.7),
    st.floats(0.5, 1.2),
    st.floats(0.3, 0.85),
)
def test_calibration_hits_its_targets_exactly(m, bounds, where, spread, lam):
    lo, hi = bounds
    mu = lo + where * (hi - lo)
    truth = Items(m, lo, hi, _thresholds(mu, spread, lo, hi), lam)
    mean, var = truth.moments()
    var_sum = truth.var_sum()
    a = m / (m - 1) * (1 - m * var / var_sum)
    fit = _fit_scale(m, lo, hi, mean, var, a, "test")
    assert fit.moments()[0] == pytest.approx(mean, abs=1e-6)
    assert fit.moments()[1] == pytest.approx(var, abs=1e-6)
    assert fit.var_sum() == pytest.approx(var_sum, rel=1e-6)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 40), st.integers(0, MAX_SEED))
def test_any_sample_rescores_to_its_own_columns(n, seed):
    df = simulate("table-tennis-athletes", n, seed=seed)
    assert len(df) == n
    for inst_id, vid in (("sc-practice", "scp"), ("mt-practice", "mtp")):
        inst = load_instrument(inst_id, wording=False)
        scored = inst.score(df, items=f"{vid}_{{n}}")
        assert (scored["status"] == "complete").all()
        np.testing.assert_allclose(scored["total"].to_numpy(), df[f"{vid}_total"].to_numpy())


def test_a_seed_outside_the_course_range_is_refused_by_name():
    with pytest.raises(ValueError, match=r"seed must be a whole number from 0 to 2147483647; got 2147483648"):
        simulate("students-scs", n=5, seed=MAX_SEED + 1)
