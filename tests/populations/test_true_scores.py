"""The measurement model: true scores, Spearman's formula, retest stability and the halves' asymmetry.

Each figure is checked at large n within the tolerances of ``test_simulate`` (correlations 0.03,
Cronbach's alpha and other reliabilities 0.02). Before true scores were the construct, the SCS total
correlated .76 with its construct (r^2 about .58 against alpha .87), the Spain card's latent -.52
came out -.35, the SCS total retested at .575 with a stability of .99, and the halves were symmetric.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sclab import card_ids, load_card, load_instrument, simulate
from sclab.populations.card import CardFileError, read_card_file
from sclab.populations.plan import plan
from sclab.resources import shipped

N = 100_000
TOL_R, TOL_ALPHA = 0.03, 0.02
_FRAMES: dict = {}


def frame(card, variant=None) -> pd.DataFrame:
    key = (card if isinstance(card, str) else card.id, variant)
    if key not in _FRAMES:
        _FRAMES[key] = simulate(card, N, seed=23, variant=variant, true_scores=True)
    return _FRAMES[key]


def _measured(card_id):
    return [v for v in load_card(card_id).variables if v.kind in ("instrument", "scale")]


@pytest.mark.parametrize("card_id", card_ids())
def test_total_correlates_with_its_true_score_as_its_reliability_says(card_id):
    df, p = frame(card_id), plan(card_id)
    for v in _measured(card_id):
        r2 = df[f"{v.id}_total"].corr(df[f"{v.id}_true"]) ** 2
        assert r2 == pytest.approx(p.reliability(v.id), abs=TOL_ALPHA), v.id
        if v.kind == "scale":  # parallel items: alpha is the reliability
            assert r2 == pytest.approx(v.alpha.value, abs=TOL_ALPHA), v.id
        else:  # alpha is a lower bound when subscales differ; the gap stays small
            assert v.alpha.value - TOL_ALPHA <= r2 <= v.alpha.value + 0.05, (v.id, r2)


def test_corrected_and_observed_correlations_follow_spearman():
    card = load_card("spain-compassion-distress")
    df = frame("spain-compassion-distress")
    rel = {v.id: df[f"{v.id}_total"].corr(df[f"{v.id}_true"]) ** 2 for v in _measured(card.id)}
    checked = 0
    for c in card.correlations:
        if c.metric != "latent" or c.half is not None:
            continue
        a, b = c.between
        observed = df[f"{a}_total"].corr(df[f"{b}_total"])
        assert observed == pytest.approx(c.r.value * np.sqrt(rel[a] * rel[b]), abs=TOL_R), (a, b)
        alphas = card.variable(a).alpha.value * card.variable(b).alpha.value
        assert observed == pytest.approx(c.r.value * np.sqrt(alphas), abs=TOL_R), (a, b)
        assert df[f"{a}_true"].corr(df[f"{b}_true"]) == pytest.approx(c.r.value, abs=TOL_R), (a, b)
        checked += 1
    assert checked == 3  # MacBeth and Gumley's three figures


def _twice(tmp_path: Path, stability: float, retest: float) -> Path:
    data = yaml.safe_load((shipped("cards") / "students-scs.yaml").read_text(encoding="utf-8"))
    scs = next(v for v in data["variables"] if v["id"] == "scs")
    later = copy.deepcopy(scs) | {"id": "scs_later", "label": "SCS again"}
    data["variables"] = [scs, later]
    data["group_effects"], data["reported"] = [], []
    fig = {"source": {"ref": "garcia-campayo-2014", "where": "abstract"}}
    data["repeated"] = [
        {
            "between": ["scs", "scs_later"],
            "stability": {"value": stability, "assumption": "a value for this test only"},
            "retest": {"value": retest, **fig},
        }
    ]
    path = tmp_path / "students-scs.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_retest_of_the_scs_total_lands_on_the_published_figure(tmp_path):
    card = read_card_file(_twice(tmp_path, 0.97, 0.92))
    df = simulate(card, N, seed=5)
    assert df["scs_total"].corr(df["scs_later_total"]) == pytest.approx(0.92, abs=TOL_R)
    assert plan(card).observed_r("scs", "scs_later") == pytest.approx(0.92, abs=1e-6)
    inst = load_instrument("scs", wording=False)
    subs = [df[f"scs_{s.id}"].corr(df[f"scs_later_{s.id}"]) for s in inst.subscales]
    assert 0.80 < min(subs) and max(subs) < 0.95  # published subscale ICCs .84-.93


def test_a_retest_the_stability_cannot_give_is_refused_by_name(tmp_path):
    card = read_card_file(_twice(tmp_path, 0.6, 0.92))
    with pytest.raises(ValueError, match=r"repeated\[1\] scs-scs_later.*needs a higher stability"):
        plan(card)


def test_trial_usual_care_retests_near_the_published_figure():
    df = frame("sc-intervention-trial", "ferrari-2019")
    uc = df[df["arm"] == "usual_care"]
    card = load_card("sc-intervention-trial")
    for rep in card.repeated:
        a, b = rep.between
        r = uc[f"{a}_total"].corr(uc[f"{b}_total"])
        assert r == pytest.approx(rep.retest.value, abs=TOL_R), (a, b)
    assert uc["scp_pre_total"].corr(uc["scp_post_total"]) > 0.88


def test_spain_uncompassionate_half_is_more_tied_to_distress():
    df = frame("spain-compassion-distress")
    for d in ("depression", "anxiety", "stress"):
        comp = df["scs_compassionate"].corr(df[f"{d}_total"])
        uncomp = df["scs_uncompassionate"].corr(df[f"{d}_total"])
        assert uncomp == pytest.approx(0.44, abs=TOL_R), d
        assert comp < 0 and uncomp - abs(comp) > 0.05, (d, comp, uncomp)
        assert plan("spain-compassion-distress").observed_half_r(
            "scs", "uncompassionate", d
        ) == pytest.approx(0.44)


def test_same_seed_same_frame_and_true_scores_only_add_columns():
    a = simulate("sc-intervention-trial", 300, seed=9, true_scores=True)
    b = simulate("sc-intervention-trial", 300, seed=9, true_scores=True)
    pd.testing.assert_frame_equal(a, b)
    plain = simulate("sc-intervention-trial", 300, seed=9)
    pd.testing.assert_frame_equal(a[plain.columns], plain)
    assert {c for c in a.columns if c.endswith("_true")} == {
        f"{v.id}_true" for v in _measured("sc-intervention-trial")
    }
    assert not a.equals(simulate("sc-intervention-trial", 300, seed=10, true_scores=True))


# --- card rules for the new fields -----------------------------------------------------------
def _card(name: str) -> dict:
    return yaml.safe_load((shipped("cards") / f"{name}.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_practice_inventory_reliabilities_come_from_the_instrument_file(tmp_path):
    card = load_card("table-tennis-athletes")
    inst = load_instrument("sc-practice", wording=False)
    assert card.variable("scp").alpha.value == inst.reliability.alpha.value
    assert card.variable("scp").subscale_alpha.value == inst.reliability.subscale_alpha.value
    data = _card("table-tennis-athletes")
    scp = next(v for v in data["variables"] if v["id"] == "scp")
    scp["alpha"] = {"value": 0.5, "assumption": "a value for this test only"}
    with pytest.raises(
        CardFileError,
        match=r"card table-tennis-athletes, variable scp: alpha 0.5 differs from the sc-practice",
    ):
        read_card_file(_write(tmp_path, data))


def test_a_half_needs_the_totals_correlation_too(tmp_path):
    data = _card("spain-compassion-distress")
    data["correlations"] = [c for c in data["correlations"] if c["between"] != ["scs", "depression"]]
    with pytest.raises(
        CardFileError, match=r"needs the total's too; add correlations between \[scs, depression\]"
    ):
        read_card_file(_write(tmp_path, data))
    data = _card("spain-compassion-distress")
    data["correlations"][0]["between"] = ["depression.uncompassionate", "scs"]
    with pytest.raises(CardFileError, match="not a half of a polarity instrument"):
        read_card_file(_write(tmp_path, data))


def test_a_repeat_must_be_the_same_measure_and_not_also_a_correlation(tmp_path):
    data = _card("sc-intervention-trial")
    data["repeated"][0]["between"] = ["scp_pre", "gad_post"]
    with pytest.raises(CardFileError, match="must be the same measure"):
        read_card_file(_write(tmp_path, data))
    data = _card("sc-intervention-trial")
    data["correlations"].append(
        {
            "between": ["scp_pre", "scp_post"],
            "metric": "latent",
            "r": {"value": 0.6, "assumption": "a test value only"},
        }
    )
    with pytest.raises(CardFileError, match="also in 'correlations'; the stability replaces it"):
        read_card_file(_write(tmp_path, data))
