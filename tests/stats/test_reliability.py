"""sclab.stats.reliability: Cronbach's alpha against the textbook formula and pingouin (it depends on
reverse keying), and Spearman's correction for unreliability on a worked example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sclab
from sclab import stats
from sclab.stats import cronbach_alpha


# --- Cronbach's alpha --------------------------------------------------------------------------
def test_alpha_matches_the_textbook_formula_and_pingouin():
    rng = np.random.default_rng(7)
    latent = rng.normal(size=300)
    items = pd.DataFrame(
        {f"i{k}": np.clip(np.round(3 + latent + rng.normal(size=300)), 1, 5) for k in range(6)}
    )
    k = items.shape[1]
    by_formula = k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))
    out = cronbach_alpha(items)
    assert out["alpha"].iloc[0] == pytest.approx(by_formula, abs=1e-12)
    assert out["alpha"].iloc[0] == pytest.approx(pingouin.cronbach_alpha(items)[0], abs=1e-12)
    assert out["ci_low"].iloc[0] < out["alpha"].iloc[0] < out["ci_high"].iloc[0]
    assert out[["n", "k"]].iloc[0].tolist() == [300, 6]
    assert out.columns.tolist() == [stats.CRONBACH_ALPHA, stats.CI_LOW, stats.CI_HIGH, stats.N, stats.K]


def test_alpha_is_listwise_and_refuses_too_little_data():
    items = pd.DataFrame({"a": [1, 2, 3, np.nan], "b": [1, 3, 3, 4], "c": [2, 2, 4, 5]})
    assert cronbach_alpha(items)["n"].iloc[0] == 3
    assert (
        cronbach_alpha(items.assign(id=["p1", "p2", "p3", "p4"]), columns=["a", "b", "c"])["n"].iloc[0] == 3
    )
    with pytest.raises(ValueError, match="at least 2 item columns"):
        cronbach_alpha(items[["a"]])
    with pytest.raises(ValueError, match="at least 2 rows with every item answered"):
        cronbach_alpha(items.iloc[[0]])


def test_forgetting_reverse_keys_collapses_alpha():
    # Simulated respondents with one self-compassion trait: positive items rise with it,
    # negative ones fall. Alpha on keyed items is high; on raw answers it collapses.
    scs = sclab.load_instrument("scs")
    rng = np.random.default_rng(11)
    trait = rng.normal(size=2000)
    sign = np.array([-1 if it.reversed else 1 for it in scs.items])
    raw = np.clip(np.round(3 + 0.9 * sign * trait[:, None] + rng.normal(size=(2000, 26))), 1, 5)
    frame = pd.DataFrame(raw, columns=scs.item_ids)
    keyed = cronbach_alpha(scs.keyed(frame))["alpha"].iloc[0]
    unkeyed = cronbach_alpha(frame)["alpha"].iloc[0]
    assert keyed > 0.85 and unkeyed < 0.3


# --- unreliability -----------------------------------------------------------------------------
def test_spearman_correction_worked_example():
    # r = .40 between scales with reliabilities .80 and .80: .40 / sqrt(.64) = .50
    assert stats.disattenuate(0.40, 0.80, 0.80) == pytest.approx(0.50)
    assert stats.attenuate(0.50, 0.80, 0.80) == pytest.approx(0.40)
    curve = stats.attenuate(np.array([-0.54, 0.0, 0.47]), 0.87, np.array([0.9, 0.8, 0.7]))
    assert curve.shape == (3,) and curve[1] == 0
    with pytest.raises(ValueError, match="rel_x must be a reliability in"):
        stats.disattenuate(0.3, 0.0, 0.8)
    with pytest.raises(ValueError, match="rho must lie between -1 and 1"):
        stats.attenuate(1.2, 0.8, 0.8)


@settings(max_examples=100, deadline=None)
@given(r=st.floats(-1, 1), rel_x=st.floats(0.05, 1), rel_y=st.floats(0.05, 1))
def test_attenuate_undoes_disattenuate(r, rel_x, rel_y):
    rho = stats.disattenuate(r, rel_x, rel_y)
    assert abs(rho) >= abs(r) - 1e-12  # correcting never weakens a correlation
    if abs(rho) <= 1:
        assert stats.attenuate(rho, rel_x, rel_y) == pytest.approx(r, abs=1e-12)
