"""sclab.stats.meta_analysis against a published worked example and DerSimonian-Laird by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sclab.stats.meta_analysis import correlation_meta_analysis, fisher_z, pool

# BCG vaccine trials (Colditz et al. 1994; metafor's dat.bcg): tpos, tneg, cpos, cneg per trial.
BCG = np.array(
    [
        [4, 119, 11, 128], [6, 300, 29, 274], [3, 228, 11, 209], [62, 13536, 248, 12619],
        [33, 5036, 47, 5761], [180, 1361, 372, 1079], [8, 2537, 10, 619], [505, 87886, 499, 87892],
        [29, 7470, 45, 7232], [17, 1699, 65, 1600], [186, 50448, 141, 27197], [5, 2493, 3, 2338],
        [27, 16886, 29, 17825],
    ],
    dtype=float,
)  # fmt: skip


def _log_risk_ratios():
    a, b, c, d = BCG.T
    return np.log((a / (a + b)) / (c / (c + d))), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)


def _dl_by_hand(y, v):
    w = 1 / v
    fe = (w * y).sum() / w.sum()
    q = (w * (y - fe) ** 2).sum()
    df = len(y) - 1
    c = w.sum() - (w**2).sum() / w.sum()
    tau2 = max(0.0, (q - df) / c)
    w_re = 1 / (v + tau2)
    re = (w_re * y).sum() / w_re.sum()
    i2 = max(0.0, (q - df) / q)
    return fe, np.sqrt(1 / w.sum()), re, np.sqrt(1 / w_re.sum()), q, tau2, i2, w / w.sum(), w_re / w_re.sum()


def test_bcg_matches_the_published_fixed_and_random_effects_results():
    # metafor's test against Stata's metan (rdrr.io, test_misc_metan_vs_rma.uni_with_dat.bcg.r):
    # EE -0.4303 [-0.5097, -0.3509], Q = 152.2330; DL random effects -0.7141 [-1.0644, -0.3638]
    y, v = _log_risk_ratios()
    res = pool(y, v)
    fixed, random = res.pooled.iloc[0], res.pooled.iloc[1]
    assert fixed[["effect", "ci_low", "ci_high"]].tolist() == pytest.approx(
        [-0.4303, -0.5097, -0.3509], abs=5e-5
    )
    assert random[["effect", "ci_low", "ci_high"]].tolist() == pytest.approx(
        [-0.7141, -1.0644, -0.3638], abs=5e-5
    )
    assert res.heterogeneity["q"].iloc[0] == pytest.approx(152.2330, abs=5e-4)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pool_agrees_with_dersimonian_laird_by_hand(seed):
    rng = np.random.default_rng(seed)
    v = rng.uniform(0.005, 0.05, 12)
    y = rng.normal(0.3, 0.15, 12) + rng.normal(0, np.sqrt(v))
    fe, se_fe, re, se_re, q, tau2, i2, w_fe, w_re = _dl_by_hand(y, v)
    res = pool(y, v)
    assert res.pooled["effect"].tolist() == pytest.approx([fe, re], rel=1e-10)
    assert res.pooled["se"].tolist() == pytest.approx([se_fe, se_re], rel=1e-10)
    h = res.heterogeneity.iloc[0]
    assert [h["q"], h["tau2"], h["i2"], h["k"]] == pytest.approx([q, tau2, i2, 12], rel=1e-10)
    assert h["p_q"] == pytest.approx(stats.chi2.sf(q, 11), rel=1e-10)
    assert res.studies["weight_fixed"].tolist() == pytest.approx(w_fe.tolist())
    assert res.studies["weight_random"].tolist() == pytest.approx(w_re.tolist())


def test_tau2_is_truncated_at_zero_when_q_is_below_its_df():
    # statsmodels 0.15 leaves (Q - df) / C negative here and moves the random-effects mean to -0.14
    y, v = np.array([0.10, 0.12]), np.array([0.01, 0.02])
    fe, _, re, _, q, tau2, *_ = _dl_by_hand(y, v)
    assert tau2 == 0 and q < 1
    res = pool(y, v)
    assert res.pooled["effect"].tolist() == pytest.approx([fe, re])
    assert res.pooled["effect"].iloc[1] == pytest.approx(0.10667, abs=1e-5)
    assert res.heterogeneity[["tau2", "tau", "i2"]].iloc[0].tolist() == [0.0, 0.0, 0.0]


def test_fisher_z_matches_scipy_pearsonr_on_data():
    rng = np.random.default_rng(7)
    rs, ns = [], []
    for n in (20, 50, 200):
        x = rng.standard_normal(n)
        y = -0.3 * x + rng.standard_normal(n)
        out = stats.pearsonr(x, y)
        ci = out.confidence_interval(0.95)
        row = fisher_z([out.statistic], [n]).iloc[0]
        assert row["p_val"] == pytest.approx(out.pvalue, rel=1e-8)
        assert [row["ci_low"], row["ci_high"]] == pytest.approx([ci.low, ci.high], rel=1e-8)
        rs.append(out.statistic)
        ns.append(n)
    frame = fisher_z(rs, ns)
    assert frame["z"].tolist() == pytest.approx(np.arctanh(rs).tolist())
    assert frame["variance"].tolist() == pytest.approx([1 / (n - 3) for n in ns])


def test_correlation_meta_analysis_back_transforms_the_pooled_z():
    data = pd.DataFrame({"r": [-0.35, -0.2, -0.41, -0.1], "n": [60, 120, 45, 200]})
    res = correlation_meta_analysis(data)
    by_hand = _dl_by_hand(np.arctanh(data["r"].to_numpy()), 1 / (data["n"].to_numpy() - 3))
    assert res.pooled["r"].tolist() == pytest.approx(np.tanh([by_hand[0], by_hand[2]]).tolist())
    assert (res.pooled["ci_low"] < res.pooled["r"]).all() and (res.pooled["r"] < res.pooled["ci_high"]).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fisher_z([0.2, 1.0], [30, 40]), "strictly between -1 and 1"),
        (lambda: fisher_z([0.2], [3]), "at least 4"),
        (lambda: fisher_z([0.2, 0.1], [30]), "one value a study"),
        (lambda: pool([0.1], [0.01]), "at least 2 studies"),
        (lambda: pool([0.1, 0.2], [0.01, 0.0]), "above 0"),
        (lambda: pool([0.1, float("nan")], [0.01, 0.01]), "finite"),
        (lambda: correlation_meta_analysis(pd.DataFrame({"r": [0.1, 0.2]})), "unknown column 'n'"),
    ],
)
def test_bad_input_names_the_rule(call, message):
    with pytest.raises(ValueError, match=message):
        call()
