"""The mediation model: the sample, least-squares paths against statsmodels and the bootstrap run
against pingouin, both fitted here on the same data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
import statsmodels.api as sm

from sclab.lessons.mediation import (
    CARD,
    LABELS,
    MEDIATORS,
    X,
    Y,
    analyse,
    check_n_boot,
    estimates,
    runs_at_once,
    simulated_sample,
    standardise,
)
from sclab.populations.card import load_card

M = list(MEDIATORS)


def rows(result: pd.DataFrame, effect: str) -> pd.DataFrame:
    return result[result["effect"] == effect].reset_index(drop=True)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return simulated_sample(300, seed=8)


def test_the_sample_has_the_models_columns_and_follows_its_seed(data):
    assert data.columns.tolist() == [X, *M, Y] and len(data) == 300
    pd.testing.assert_frame_equal(data, simulated_sample(300, seed=8))
    assert not data.equals(simulated_sample(300, seed=9))


def test_the_columns_are_the_cards_score_columns_and_each_has_its_label(data):
    card = load_card(CARD)
    variables = ("distress", "scs", "friends", "family", "satisfaction")
    assert [X, *M, Y] == [card.score_column(v) for v in variables]
    assert (X, Y) == ("distress_total", "satisfaction_total")
    assert [LABELS[c] for c in data.columns] == [
        "Distress",
        "Self-compassion",
        "Support from friends",
        "Support from family",
        "Life satisfaction",
    ]


def test_standardise_gives_z_scores(data):
    z = standardise(data)
    np.testing.assert_allclose(z.mean(), 0, atol=1e-12)
    np.testing.assert_allclose(z.std(ddof=1), 1, rtol=1e-12)


def test_least_squares_paths_are_statsmodels(data):
    for standardised in (True, False):
        frame = standardise(data) if standardised else data
        out = estimates(data, standardised=standardised)
        full = sm.OLS(frame[Y], sm.add_constant(frame[[X, *M]])).fit()
        alone = sm.OLS(frame[Y], sm.add_constant(frame[[X]])).fit()
        a = [sm.OLS(frame[m], sm.add_constant(frame[[X]])).fit().params[X] for m in M]
        np.testing.assert_allclose(rows(out, "a")["coef"], a, rtol=1e-10)
        np.testing.assert_allclose(rows(out, "b")["coef"], full.params[M], rtol=1e-10)
        np.testing.assert_allclose(rows(out, "b")["ci_low"], full.conf_int().loc[M, 0], rtol=1e-10)
        assert rows(out, "direct")["coef"].iloc[0] == pytest.approx(full.params[X], rel=1e-10)
        assert rows(out, "total")["coef"].iloc[0] == pytest.approx(alone.params[X], rel=1e-10)
        np.testing.assert_allclose(rows(out, "indirect")["coef"], np.array(a) * full.params[M].to_numpy())
        assert rows(out, "indirect")["ci_low"].isna().all()


def test_the_bootstrap_run_is_pingouin(data):
    out = analyse(data, n_boot=200, seed=8)
    ref = pingouin.mediation_analysis(data=standardise(data), x=X, m=M, y=Y, n_boot=200, seed=8)
    indirect = ref[ref["path"].str.startswith("Indirect")]
    np.testing.assert_allclose(rows(out, "indirect")["coef"], indirect["coef"], rtol=1e-10)
    np.testing.assert_allclose(rows(out, "indirect")["ci_low"], indirect["CI2.5"], rtol=1e-10)
    np.testing.assert_allclose(rows(out, "indirect")["ci_high"], indirect["CI97.5"], rtol=1e-10)


def test_least_squares_paths_match_the_bootstrap_run(data):
    for standardised in (True, False):
        quick, full = (
            estimates(data, standardised=standardised),
            analyse(data, n_boot=200, seed=8, standardised=standardised),
        )
        np.testing.assert_allclose(quick["coef"], full["coef"], rtol=1e-9, atol=1e-12)
        firm = quick["effect"] != "indirect"
        np.testing.assert_allclose(quick.loc[firm, "ci_low"], full.loc[firm, "ci_low"], rtol=1e-9, atol=1e-12)
        assert quick.loc[~firm, "ci_low"].isna().all()


def test_which_runs_start_by_themselves():
    assert runs_at_once(200, 1000) and not runs_at_once(201, 1000) and not runs_at_once(1000, 2000)


@pytest.mark.parametrize("bad", [300, True, "200"])
def test_bad_bootstrap_sizes_are_refused(bad, data):
    with pytest.raises(ValueError, match="n_boot must be one of 200, 500, 1000, 2000"):
        check_n_boot(bad)
    with pytest.raises(ValueError, match="n_boot must"):
        analyse(data, n_boot=bad, seed=1)


@pytest.mark.parametrize("bad", [50, 1001, 200.5, True])
def test_bad_sample_sizes_are_refused(bad):
    with pytest.raises(ValueError, match="n must be a whole number of simulated students from 100 to 1000"):
        simulated_sample(bad, seed=1)
