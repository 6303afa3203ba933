"""The trauma-self-compassion card: its figures, its study_set section, and fidelity at large n."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
import yaml

from sclab import load_card
from sclab.populations.card import CardFileError, read_card_file
from sclab.populations.simulate import simulate
from sclab.populations.study_sets import StudySetDesign, design_from_card, simulate_studies
from sclab.resources import shipped_file

CARD = "trauma-self-compassion"
SCORES = ["scs_total", "reexperiencing_total", "avoidance_total", "hyperarousal_total"]


def _raw() -> dict:
    return yaml.safe_load(shipped_file("cards", CARD).read_text(encoding="utf-8"))


def test_published_figures_carry_their_source_and_the_rest_a_reason():
    card = load_card(CARD)
    assert (card.n.value, card.n.source.ref) == (100, "thompson-waltz-2008")
    table = card.provenance()
    sourced = table[table["kind"] == "source"]
    assert sourced["figure"].tolist() == ["n"]  # only the N is published in reach
    for path, fig in card.figures_with_paths():
        if fig.source is None:
            assert len(fig.assumption.split()) >= 6, path
    assert {p for p, _ in card.figures_with_paths() if p.startswith("study_set")} == {
        f"study_set.{name}" for name in ("pooled_r", "tau", "k", "n_min", "n_max")
    }


def test_the_pattern_of_thompson_and_waltz_is_kept():
    card = load_card(CARD)
    r = {frozenset(c.between): c.r.value for c in card.correlations}
    critical = 0.197  # |r| needed for p < .05 with n = 100 (two-sided)
    assert abs(r[frozenset(("scs", "avoidance"))]) > critical
    assert abs(r[frozenset(("scs", "reexperiencing"))]) < critical
    assert abs(r[frozenset(("scs", "hyperarousal"))]) < critical


def test_large_sample_hits_the_card():
    card = load_card(CARD)
    frame = simulate(CARD, n=40_000, seed=3)
    corr = frame[SCORES].corr()
    for c in card.correlations:
        a, b = (card.score_column(v) for v in c.between)
        assert corr.loc[a, b] == pytest.approx(c.r.value, abs=0.02), c.between
    for v in card.variables:
        col = card.score_column(v.id)
        assert frame[col].mean() == pytest.approx(v.mean.value, abs=0.05 * v.sd.value + 0.02), col
        assert frame[col].std() == pytest.approx(v.sd.value, rel=0.05), col


def test_study_set_hits_its_pooled_r_and_tau_at_large_k():
    design = design_from_card(k=100, n_min=4000, n_max=5000)
    rs = np.concatenate([simulate_studies(design, seed=s)["true_r"].to_numpy() for s in range(5)])
    z = np.arctanh(rs)
    assert z.mean() == pytest.approx(np.arctanh(-0.3), abs=0.02)
    assert z.std(ddof=1) == pytest.approx(0.1, abs=0.015)
    observed = simulate_studies(design, seed=9)
    assert (observed["r"] - observed["true_r"]).abs().max() < 0.07  # big studies: r near its truth


def test_only_significant_hides_studies_of_the_same_sequence():
    design = design_from_card(n_min=10, n_max=40)
    everything = simulate_studies(dataclasses.replace(design, k=60), seed=5)
    filtered = simulate_studies(dataclasses.replace(design, only_significant=True), seed=5)
    assert filtered["published"].sum() == design.k
    assert (filtered["p_val"][filtered["published"]] < 0.05).all()
    assert (filtered["r"][filtered["published"]] < 0).all()
    shared = min(len(filtered), len(everything))
    assert filtered["r"].iloc[:shared].tolist() == everything["r"].iloc[:shared].tolist()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tau", -0.1, "field 'study_set.tau': must be from 0 to 1"),
        ("pooled_r", 1.0, "field 'study_set.pooled_r': must lie strictly between -1 and 1"),
        ("k", 1, "field 'study_set.k': must be from 2 to 100"),
        ("k", 2.5, "field 'study_set.k': must be a whole number"),
        ("n_min", 3, "field 'study_set.n_min': must be at least 4"),
        ("n_max", 20, "field 'study_set.n_max': must be from n_min"),
    ],
)
def test_bad_study_set_figures_are_refused_naming_the_field(tmp_path, field, value, message):
    data = copy.deepcopy(_raw())
    data["study_set"][field]["value"] = value
    path = tmp_path / f"{CARD}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CardFileError, match=message.replace("(", r"\(")):
        read_card_file(path)


def test_study_set_must_name_score_variables(tmp_path):
    data = copy.deepcopy(_raw())
    data["study_set"]["between"] = ["scs", "ptsd"]
    path = tmp_path / f"{CARD}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CardFileError, match=r"field 'study_set\.between': 'ptsd' is not a score variable"):
        read_card_file(path)


def test_a_card_without_study_set_is_unchanged():
    assert load_card("students-scs").study_set is None
    with pytest.raises(ValueError, match="has no study_set"):
        design_from_card("students-scs")


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"tau": float("nan")}, "tau must be a finite"), ({"k": 1}, "k must be a whole number"),
     ({"n_min": 50, "n_max": 40}, "n_max must be a whole number"),
     ({"only_significant": 1}, "True or False")],
)  # fmt: skip
def test_bad_design_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        StudySetDesign(**({"pooled_r": -0.3, "tau": 0.1, "k": 5, "n_min": 30, "n_max": 300} | changes))


def test_symptom_scales_are_as_reliable_as_the_card_says():
    card = load_card(CARD)
    frame = simulate(CARD, n=40_000, seed=8, true_scores=True)
    for name in ("reexperiencing", "avoidance", "hyperarousal"):
        r2 = frame[f"{name}_total"].corr(frame[f"{name}_true"]) ** 2
        assert r2 == pytest.approx(card.variable(name).alpha.value, abs=0.02), name
