"""ThreeArmTrial without a browser: build, drive every control, and check the numbers on screen
against pingouin computed here, independently."""

from __future__ import annotations

import numpy as np
import pingouin
import pytest

from sclab import simulate
from sclab.lessons.three_arm import baseline_note
from sclab.ui.explorers.three_arm_trial import ThreeArmTrial
from support.widget_tree import controls


def test_three_arm_plot_and_table_match_the_data():
    v = ThreeArmTrial()
    assert [len(t["y"]) for t in v.figure._widget_data] == [3, 3, 3]  # drawn before the page connects
    for outcome, col in (("gad", "gad_{}_total"), ("scp", "scp_{}_total")):
        v.outcome.value = outcome
        means = v.data.groupby("arm")[[col.format(t) for t in ("pre", "post", "fu")]].mean()
        for trace, arm in zip(v.figure.data, ("usual_care", "mindfulness", "self_compassion"), strict=True):
            np.testing.assert_allclose(trace.y, means.loc[arm].to_numpy(), rtol=1e-12)
        post = col.format("post")
        sc = v.data.loc[v.data["arm"] == "self_compassion", post].to_numpy()
        uc = v.data.loc[v.data["arm"] == "usual_care", post].to_numpy()
        g = pingouin.compute_effsize(sc, uc, eftype="hedges")
        assert v.summary().set_index("arm").loc["self_compassion", "g"] == pytest.approx(g, rel=1e-12)
        assert f"this sample shows g = {g:+.2f}" in v.text.value
    assert v.figure.layout.yaxis.title.text.startswith("Self-compassion")


def test_three_arm_variant_and_seed_redraw_and_are_shown():
    v = ThreeArmTrial(seed=5)
    assert "seed 5" in v.text.value and "Ferrari et al. 2019" in v.text.value
    before = list(v.figure.data[2].y)
    v.variant.value = "wilson-2019"
    assert "Wilson et al. 2019" in v.text.value and "g = -0.46" in v.text.value
    fresh = simulate("sc-intervention-trial", n=75, seed=5, variant="wilson-2019")
    assert v.data.equals(fresh)
    assert list(v.figure.data[2].y) != before
    v.new_sample_button.click()
    assert v.seed.value == 6 and "seed 6" in v.text.value
    assert v.table.value.count("<tr>") == 4
    found = controls(v)
    assert len(found) == 4 and all(w.description for w in found)


def test_the_baseline_note_follows_the_sample_and_the_outcome():
    v = ThreeArmTrial(seed=5)
    assert v.baseline in v.children
    seen = set()
    for seed in (5, 6, 7, 8):
        v.seed.value = seed
        for outcome in ("gad", "dep", "scp"):
            v.outcome.value = outcome
            assert v.baseline.value == baseline_note(v.data, outcome=outcome)
            seen.add(bool(v.baseline.value))
    assert seen == {True, False}  # some of these samples start level and some do not


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"variant": "mine"}, "variant must be 'ferrari-2019' or 'wilson-2019'"),
        ({"outcome": "stress"}, "outcome must be one of"),
        ({"seed": -3}, "seed must be a whole number"),
    ],
)
def test_three_arm_bad_arguments(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        ThreeArmTrial(**kwargs)
