"""MetaAnalysisExplorer: build it, move every control, and check the model, figure and table follow."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.meta_analysis import combine_effects

from sclab.ui.explorers.meta_analysis_explorer import MetaAnalysisExplorer


@pytest.fixture
def view():
    return MetaAnalysisExplorer(seed=2008)


def _study_xs(view):
    return list(view.figure.data[0].x)


def test_first_state_draws_every_study_and_both_pooled_estimates(view):
    studies, pooled, truth = view.figure.data
    assert len(studies.x) == view.k.value == 10
    assert list(pooled.y) == ["Fixed effect (pooled)", "Random effects (pooled)"]
    assert list(truth.x) == [-0.3, -0.3]
    published = view.result.published
    r, n = published["r"].to_numpy(), published["n"].to_numpy()
    ref = combine_effects(np.arctanh(r), 1 / (n - 3), method_re="dl")
    assert list(pooled.x) == pytest.approx(np.tanh([ref.mean_effect_fe, ref.mean_effect_re]).tolist())
    assert view.pooled_random == pytest.approx(np.tanh(ref.mean_effect_re))
    assert "seed 2008" in view.table.value and "Seed 2008" in view.text.value
    assert view.table.value.count("<tr>") == 1 + 10 + 2
    assert "One study like Thompson and Waltz" in view.one_study.value
    assert view.provenance.value.count("assumption: ") == 5  # every built-in value with its basis


def test_k_changes_the_number_of_studies_and_the_height(view):
    height = view.figure.layout.height
    view.k.value = 25
    assert len(view.figure.data[0].x) == 25 and view.figure.layout.height > height
    assert view.table.value.count("<tr>") == 1 + 25 + 2


def test_n_range_changes_the_study_sizes(view):
    view.n_range.value = (10, 20)
    assert view.result.published["n"].between(10, 20).all()
    assert "10 to 20 people" in view.text.value


def test_tau_changes_the_true_correlations(view):
    before = view.result.published["true_r"].to_numpy()
    view.tau.value = 0.35
    after = view.result.published["true_r"].to_numpy()
    assert np.std(np.arctanh(after)) > np.std(np.arctanh(before))
    view.tau.value = 0.0
    assert np.allclose(view.result.published["true_r"], -0.3)


def test_settings_given_at_construction_are_on_show():
    view = MetaAnalysisExplorer(seed=5, k=4, n_range=(20, 60), tau=0.2, only_significant=True)
    assert (view.k.value, view.n_range.value, view.tau.value, view.only_significant.value) == (
        4,
        (20, 60),
        0.2,
        True,
    )
    assert view.design().only_significant and len(view.figure.data[0].x) == 4


def test_nan_tau_from_a_page_is_put_back(view):
    view.tau.value = 0.2
    shown = _study_xs(view)
    view.tau.value = float("nan")
    assert view.tau.value == 0.2 and _study_xs(view) == shown


def test_publish_only_significant_fills_the_file_drawer(view):
    view.n_range.value = (10, 40)
    view.only_significant.value = True
    assert view.result.file_drawer > 0
    assert (view.result.published["p_val"] < 0.05).all()
    assert "file drawer" in view.text.value
    assert len(view.figure.data[0].x) == 10


def test_new_studies_moves_the_seed_and_redraws(view):
    shown = _study_xs(view)
    view.new_studies_button.click()
    assert view.seed.value == 2009 and view.result.seed == 2009
    assert _study_xs(view) != shown
    view.seed.value = 2008
    assert _study_xs(view) == shown


def test_bad_settings_are_refused_at_construction():
    with pytest.raises(ValueError, match="k must be a whole number of studies from 2 to 40"):
        MetaAnalysisExplorer(k=41)
    with pytest.raises(ValueError, match=r"n_range\[1\] must be a whole number"):
        MetaAnalysisExplorer(n_range=(50, 20))
    with pytest.raises(ValueError, match=r"tau must be a number from 0\.0 to 0\.4"):
        MetaAnalysisExplorer(tau=0.5)
    with pytest.raises(ValueError, match="only_significant must be True or False"):
        MetaAnalysisExplorer(only_significant="yes")
    with pytest.raises(ValueError, match="seed"):
        MetaAnalysisExplorer(seed=-1)
