"""The three-arm model: effects read from the card file (checked against the YAML read here), the
summary against pingouin, and the words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
import yaml

from sclab.lessons.three_arm import (
    ARMS,
    NOTABLE_GAP,
    baseline_gaps,
    baseline_note,
    check_choices,
    describe_sample,
    published_g,
    summary_rows,
    three_arm_sample,
    three_arm_summary,
)
from sclab.resources import shipped


def card_yaml() -> dict:
    path = shipped("cards") / "sc-intervention-trial.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_published_g_is_the_cards_sourced_figure():
    variants = card_yaml()["variants"]
    for variant in ("ferrari-2019", "wilson-2019"):
        for outcome in ("gad", "dep", "scp"):
            effect = next(
                e
                for e in variants[variant]["group_effects"]
                if e["variable"] == f"{outcome}_post" and e["level"] == "self_compassion"
            )
            assert effect["d"]["source"]["ref"] == variant
            assert published_g(variant, outcome) == effect["d"]["value"]


def test_the_summary_matches_pingouin_and_the_means():
    data = three_arm_sample("wilson-2019", seed=5)
    for outcome, col in (("gad", "gad_{}_total"), ("scp", "scp_{}_total")):
        out = three_arm_summary(data, outcome=outcome).set_index("arm")
        assert list(out.index) == list(ARMS) and out["n"].tolist() == [25, 25, 25]
        means = data.groupby("arm")[[col.format(t) for t in ("pre", "post", "fu")]].mean()
        np.testing.assert_allclose(out.loc["mindfulness", ["pre", "post", "fu"]], means.loc["mindfulness"])
        post = col.format("post")
        sc = data.loc[data["arm"] == "self_compassion", post]
        uc = data.loc[data["arm"] == "usual_care", post]
        g = pingouin.compute_effsize(sc, uc, eftype="hedges")
        assert out.loc["self_compassion", "g"] == pytest.approx(g, rel=1e-12)
        assert np.isnan(out.loc["usual_care", "g"])


def test_the_default_sample_is_the_shipped_snapshot():
    from sclab import load_sample

    # the snapshot is a CSV: scores are rounded there and whole numbers come back as int64
    pd.testing.assert_frame_equal(
        three_arm_sample(), load_sample("sc-intervention-trial"), check_dtype=False, atol=1e-6
    )


def test_the_words_and_rows():
    summary = three_arm_summary(three_arm_sample("wilson-2019", seed=5), outcome="gad")
    text = describe_sample(summary, variant="wilson-2019", outcome="gad", seed=5)
    sc = summary.set_index("arm").loc["self_compassion"]
    assert "g = -0.46" in text and "Wilson et al. 2019" in text and "seed 5" in text
    assert f"this sample shows g = {sc['g']:+.2f}" in text
    rows = summary_rows(summary)
    assert [r[0] for r in rows] == ["Treatment as usual", "Mindfulness group", "Self-compassion group"]
    assert rows[0][-1] == "comparison arm" and rows[2][-1].startswith(f"{sc['g']:+.2f} [")


def made_up_trial(shift: float, outcome: str = "dep") -> pd.DataFrame:
    """75 made-up patients whose self-compassion arm starts ``shift`` points from the other two."""
    rng = np.random.default_rng(7)
    base = rng.normal(10, 5, 25)
    rows = []
    for arm, move in (("usual_care", 0.0), ("mindfulness", 0.0), ("self_compassion", shift)):
        for i, value in enumerate(base + move):
            rows.append({"arm": arm, f"{outcome}_pre_total": value, "id": i})
    return pd.DataFrame(rows)


def test_baseline_gaps_are_pingouins_d_of_the_scores_before_the_sessions():
    data = three_arm_sample("ferrari-2019", seed=5)
    gaps = baseline_gaps(data, outcome="dep").set_index("arm")
    for arm in ("mindfulness", "self_compassion"):
        arm_pre = data.loc[data["arm"] == arm, "dep_pre_total"]
        uc_pre = data.loc[data["arm"] == "usual_care", "dep_pre_total"]
        d = pingouin.compute_effsize(arm_pre, uc_pre, eftype="cohen")
        assert gaps.loc[arm, "d"] == pytest.approx(d, rel=1e-12)
        assert gaps.loc[arm, "diff"] == pytest.approx(arm_pre.mean() - uc_pre.mean())


@pytest.mark.parametrize("seed", [1, 5, 2019, 2020, 77])
def test_the_baseline_note_appears_exactly_when_an_arm_is_at_least_notable_gap_away(seed):
    data = three_arm_sample("ferrari-2019", seed=seed)
    for outcome in ("gad", "dep", "scp"):
        gaps = baseline_gaps(data, outcome=outcome)
        note = baseline_note(data, outcome=outcome)
        assert bool(note) == bool((gaps["d"].abs() >= NOTABLE_GAP).any())
        for r in gaps.itertuples():
            assert (f"d = {r.d:+.2f}" in note) == (abs(r.d) >= NOTABLE_GAP)


def test_the_baseline_note_says_which_way_the_gap_points_and_why_it_happens():
    # the self-compassion arm 5 points (one SD) less depressed before anything happened: a head start
    note = baseline_note(made_up_trial(-5.0), outcome="dep")
    assert "self-compassion group scored" in note and "lower on depression" in note
    assert "started ahead" in note and "overstates" in note and "mindfulness group" not in note
    assert "chance" in note and "on average" in note and "with 25 patients per arm" in note
    # more depressed at the start: a handicap, so the g after the sessions understates the programme
    behind = baseline_note(made_up_trial(5.0), outcome="dep")
    assert "higher on depression" in behind and "started behind" in behind and "understates" in behind
    # on self-compassion higher is better, so a higher start is a head start
    sc = baseline_note(made_up_trial(3.0, outcome="scp"), outcome="scp")
    assert "higher on self-compassion" in sc and "started ahead" in sc
    # a tiny gap says nothing
    assert baseline_note(made_up_trial(0.1), outcome="dep") == ""


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [({"variant": "mine"}, "variant must be"), ({"outcome": "stress"}, "outcome must be one of")],
)
def test_bad_choices_are_refused(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        check_choices(**kwargs)
