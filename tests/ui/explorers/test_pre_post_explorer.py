"""PrePostExplorer without a browser: build, drive every control, and check what is on screen
against the data, computed here with scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sclab import simulate
from sclab.lessons.pre_post import CARD, SEED
from sclab.ui.explorers.pre_post_explorer import PrePostExplorer
from support.widget_tree import controls


def test_the_plot_and_table_follow_the_data_and_the_design():
    v = PrePostExplorer()
    assert [len(t["y"]) for t in v.figure._widget_data] == [2, 0, 2]  # drawn before the page connects
    assert "teaching simulation" in v.note.value and "no pretest" in v.note.value
    prog = v.data[v.data["school"] == "humane_education"]
    pre, post = prog["compassion_pre_total"], prog["compassion_post_total"]
    np.testing.assert_allclose(v.figure.data[0].y, [pre.mean(), post.mean()], rtol=1e-12)
    assert f"{stats.ttest_rel(post, pre).statistic:.2f} (49)" in v.table.value
    assert v.table.value.count("<tr>") == 2 and "No comparison group" in v.text.value
    v.design.value = "two_group"
    assert v.figure.data[1].visible and len(v.figure.data[1].y) == 2
    assert v.table.value.count("<tr>") == 3 and "Welch" in v.text.value
    v.outcome.value = "empathy"
    assert v.figure.layout.yaxis.title.text == "Empathy (1-5)"
    np.testing.assert_allclose(v.figure.data[2].y, [v.data["empathy_pre_total"].mean()] * 2, rtol=1e-12)


def test_taking_in_the_lowest_scorers_shows_regression_to_the_mean():
    v = PrePostExplorer(design="two_group")
    before = list(v.figure.data[1].y)
    v.lowest.value = 20
    assert "Regression to the mean" in v.text.value and "lowest 20%" in v.text.value
    assert list(v.figure.data[1].y) != before
    assert v.result().taken.shape[0] == 20


def test_size_and_seed_redraw_and_the_seed_is_shown():
    v = PrePostExplorer(seed=5)
    assert "seed 5" in v.text.value and "seed 5" in v.table.value
    v.n.value = 400
    assert len(v.data) == 400 and "400 simulated students" in v.text.value
    v.new_sample_button.click()
    assert v.seed.value == 6 and "seed 6" in v.text.value
    assert v.data.equals(simulate(CARD, n=400, seed=6))
    found = controls(v)
    assert len(found) == 6 and all(w.description for w in found)


def test_bad_choices_are_refused():
    with pytest.raises(ValueError, match="design must be one of"):
        PrePostExplorer(design="three_group")
    with pytest.raises(ValueError, match="seed"):
        PrePostExplorer(seed=-3)
    assert PrePostExplorer().seed.value == SEED
