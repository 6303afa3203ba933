"""sclab.stats._common: every frame names its columns with the shared constants, defined once."""

from __future__ import annotations

from sclab import stats


def test_every_interval_uses_the_shared_column_names(adults, trial):
    frames = [
        stats.correlation(adults, "distress", "satisfaction"),
        stats.compare_correlations(0.3, 50, 0.1, 50),
        stats.regression(adults, "satisfaction", ["distress"]),
        stats.cohens_d(trial, "gad_post", "arm", levels=("self_compassion", "usual_care")),
        stats.power_by_simulation(0.5, 20, n_sims=50, seed=1),
    ]
    for frame in frames:
        assert {stats.CI_LOW, stats.CI_HIGH} <= set(frame.columns)
        assert (frame[stats.CI_LOW] <= frame[stats.CI_HIGH]).all()


def test_each_column_name_means_one_thing():
    # one name a concept: the significance level of a test is not Cronbach's alpha, and so on
    names = [getattr(stats, c) for c in stats.__all__ if c.upper() == c]
    assert len(names) == len(set(names)) > 20
    assert stats.ALPHA_LEVEL != stats.CRONBACH_ALPHA
