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


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [({"variant": "mine"}, "variant must be"), ({"outcome": "stress"}, "outcome must be one of")],
)
def test_bad_choices_are_refused(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        check_choices(**kwargs)
