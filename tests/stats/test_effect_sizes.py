"""sclab.stats.effect_sizes: Cohen's d and Hedges' g against pingouin and the textbook formula."""

from __future__ import annotations

import math

import pingouin
import pytest

from sclab import stats


def test_cohens_d_and_hedges_g_match_pingouin(trial, scalar):
    levels = ("self_compassion", "usual_care")
    sc = trial.loc[trial["arm"] == levels[0], "scp_post_total"]
    tau = trial.loc[trial["arm"] == levels[1], "scp_post_total"]
    for fn, eftype, col in ((stats.cohens_d, "cohen", "d"), (stats.hedges_g, "hedges", "g")):
        out = fn(trial, "scp_post_total", "arm", levels=levels)
        assert out.columns.tolist() == ["group1", "group2", col, "ci_low", "ci_high", "n1", "n2"]
        value = pingouin.compute_effsize(sc, tau, eftype=eftype)
        assert scalar(out, col) == pytest.approx(value, rel=1e-12)
        ci = pingouin.compute_esci(stat=value, nx=25, ny=25, eftype=eftype, decimals=6)
        assert (scalar(out, "ci_low"), scalar(out, "ci_high")) == pytest.approx(tuple(ci), abs=1e-6)
        flipped = fn(trial, "scp_post_total", "arm", levels=levels[::-1])
        assert scalar(flipped, col) == pytest.approx(-scalar(out, col))
    # d by the textbook formula: mean difference over the pooled SD
    pooled = math.sqrt((24 * sc.var(ddof=1) + 24 * tau.var(ddof=1)) / 48)
    d = scalar(stats.cohens_d(trial, "scp_post_total", "arm", levels=levels), "d")
    assert d == pytest.approx((sc.mean() - tau.mean()) / pooled)


def test_cohens_d_refuses_bad_input(trial):
    with pytest.raises(ValueError, match=r"'arm' has 3 groups .* levels="):
        stats.cohens_d(trial, "scp_post_total", "arm")
    with pytest.raises(ValueError, match="levels must name two different groups"):
        stats.cohens_d(trial, "scp_post_total", "arm", levels=("self_compassion", "waitlist"))
    with pytest.raises(ValueError, match="column 'arm' holds"):
        stats.cohens_d(trial, "arm", "scp_post_total")
