"""sclab.stats.mediation: parallel mediation against pingouin and statsmodels, deterministic by seed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
import statsmodels.formula.api as smf

from sclab import stats

MEDIATORS = ["scs_total", "friends", "family"]


def test_mediation_wraps_pingouin_and_is_deterministic(adults):
    calls: list[float] = []
    out = stats.mediation(
        adults, "distress", MEDIATORS, "satisfaction", n_boot=200, seed=7, progress=calls.append
    )
    assert calls == [0.0, 1.0]
    ref = pingouin.mediation_analysis(
        data=adults, x="distress", m=MEDIATORS, y="satisfaction", n_boot=200, seed=7
    )
    assert out.columns.tolist() == [
        "path", "effect", "mediator", "coef", "se", "p_val", "ci_low", "ci_high", "n",
    ]  # fmt: skip
    same = out["effect"] != "b"  # a, total, direct, indirect: pingouin's numbers, renamed
    np.testing.assert_allclose(
        out.loc[same, ["coef", "se", "p_val", "ci_low", "ci_high"]].to_numpy(),
        ref.loc[same.to_numpy(), ["coef", "se", "pval", "CI2.5", "CI97.5"]].to_numpy(),
        rtol=1e-12,
    )
    # b = each mediator's slope in satisfaction ~ distress + mediators, so a * b is the indirect effect
    full = smf.ols("satisfaction ~ distress + scs_total + friends + family", data=adults).fit()
    b = out[out["effect"] == "b"].set_index("mediator")
    np.testing.assert_allclose(b["coef"], full.params[MEDIATORS], rtol=1e-10)
    np.testing.assert_allclose(b["se"], full.bse[MEDIATORS], rtol=1e-10)
    a = out[out["effect"] == "a"].set_index("mediator")["coef"]
    indirect = out[out["effect"] == "indirect"].set_index("mediator")["coef"]
    np.testing.assert_allclose(a * b["coef"], indirect, rtol=1e-10)
    direct = out.loc[out["effect"] == "direct", "coef"].iloc[0]
    assert direct == pytest.approx(full.params["distress"], rel=1e-10)
    assert direct + indirect.sum() == pytest.approx(out.loc[out["effect"] == "total", "coef"].iloc[0])
    again = stats.mediation(adults, "distress", MEDIATORS, "satisfaction", n_boot=200, seed=7)
    pd.testing.assert_frame_equal(out, again)
    other = stats.mediation(adults, "distress", MEDIATORS, "satisfaction", n_boot=200, seed=8)
    assert not np.allclose(other["ci_low"], out["ci_low"])


def test_mediation_refuses_bad_input(adults):
    with pytest.raises(ValueError, match="n_boot must be a whole number, at least 100"):
        stats.mediation(adults, "distress", MEDIATORS, "satisfaction", n_boot=10, seed=1)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        stats.mediation(adults, "distress", MEDIATORS, "satisfaction", seed=-1)
    with pytest.raises(ValueError, match="column 'distress' is given twice"):
        stats.mediation(adults, "distress", ["distress"], "satisfaction", seed=1)
    with pytest.raises(ValueError, match="at least 6 complete rows"):
        stats.mediation(adults.head(5), "distress", ["family"], "satisfaction", seed=1)
    with pytest.raises(ValueError, match="unknown column 'support'"):
        stats.mediation(adults, "distress", ["support"], "satisfaction", seed=1)
