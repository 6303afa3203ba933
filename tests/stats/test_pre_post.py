"""sclab.stats.pre_post against pingouin and numpy, computed here independently of the wrapper."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest

from sclab.stats.pre_post import change_difference, paired_change


@pytest.fixture
def frame():
    rng = np.random.default_rng(11)
    pre = rng.normal(3.5, 0.6, 80)
    post = pre + rng.normal(0.2, 0.4, 80)
    post[40:] -= 0.2  # the second group does not change on average
    return pd.DataFrame({"pre": pre, "post": post, "school": ["a"] * 40 + ["b"] * 40})


def test_paired_change_agrees_with_pingouins_paired_t_test(frame):
    out = paired_change(frame, "pre", "post").iloc[0]
    ref = pingouin.ttest(frame["post"], frame["pre"], paired=True).iloc[0]
    assert out["t"] == pytest.approx(ref["T"], rel=1e-10)
    assert out["df"] == ref["dof"] and out["n"] == 80
    assert out["p_val"] == pytest.approx(ref["p_val"] if "p_val" in ref else ref["p-val"], rel=1e-8)
    low, high = ref["CI95"] if "CI95" in ref else ref["CI95%"]
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((low, high), abs=0.006)  # pingouin rounds to .01
    change = frame["post"] - frame["pre"]
    assert out["d_z"] == pytest.approx(change.mean() / change.std(ddof=1), rel=1e-12)
    d_av = change.mean() / np.sqrt((frame["pre"].var() + frame["post"].var()) / 2)
    assert out["d_av"] == pytest.approx(d_av, rel=1e-10)


def test_change_difference_is_welchs_test_on_the_change_scores(frame):
    out = change_difference(frame, "pre", "post", "school", levels=("a", "b")).iloc[0]
    change = frame["post"] - frame["pre"]
    a, b = change[:40], change[40:]
    ref = pingouin.ttest(a, b, correction=True).iloc[0]
    assert out["t"] == pytest.approx(ref["T"], rel=1e-10)
    assert out["df"] == pytest.approx(ref["dof"], rel=1e-10)
    assert out["diff"] == pytest.approx(a.mean() - b.mean(), rel=1e-12)
    sd_pre = np.sqrt((frame["pre"][:40].var() + frame["pre"][40:].var()) / 2)  # equal groups
    assert out["d_change"] == pytest.approx((a.mean() - b.mean()) / sd_pre, rel=1e-10)
    other = change_difference(frame, "pre", "post", "school", levels=("a", "b"), standardiser=0.5).iloc[0]
    assert other["d_change"] == pytest.approx((a.mean() - b.mean()) / 0.5, rel=1e-12)
    flipped = change_difference(frame, "pre", "post", "school", levels=("b", "a")).iloc[0]
    assert flipped["diff"] == pytest.approx(-out["diff"]) and flipped["group1"] == "b"


def test_bad_input_names_the_column_and_the_rule(frame):
    with pytest.raises(ValueError, match="unknown column 'later'"):
        paired_change(frame, "pre", "later")
    with pytest.raises(ValueError, match="two different columns"):
        paired_change(frame, "pre", "pre")
    same = frame.assign(post=frame["pre"] + 1)
    with pytest.raises(ValueError, match="same amount"):
        paired_change(same, "pre", "post")
    with pytest.raises(ValueError, match="levels must name two different groups"):
        change_difference(frame, "pre", "post", "school", levels=("a", "c"))
    with pytest.raises(ValueError, match="standardiser must be a positive SD"):
        change_difference(frame, "pre", "post", "school", standardiser=0.0)


def test_rows_missing_a_score_are_left_out(frame):
    holes = frame.copy()
    holes.loc[[0, 5], "post"] = np.nan
    assert paired_change(holes, "pre", "post")["n"].item() == 78
