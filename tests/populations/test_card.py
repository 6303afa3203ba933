"""Parameter cards: every shipped card loads, every figure is cited or assumed, bad cards are refused."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sclab import card_ids, load_card
from sclab.populations.card import CardFileError, read_card_file
from sclab.populations.plan import plan
from sclab.resources import shipped

CARDS = card_ids()


def test_the_shipped_cards_are_the_five_of_issue_3_and_the_three_of_part_3():
    assert CARDS == [
        "emerging-adults",
        "humane-education-india",
        "parents-autism",
        "sc-intervention-trial",
        "spain-compassion-distress",
        "students-scs",
        "table-tennis-athletes",
        "trauma-self-compassion",
    ]


@pytest.mark.parametrize("card_id", CARDS)
def test_every_figure_has_a_readable_basis(card_id):
    card = load_card(card_id)
    table = card.provenance()
    assert len(table) > 0
    keys = {r.key for r in card.references}
    for path, fig in card.figures_with_paths():
        if fig.source is not None:
            assert fig.source.ref in keys, path
            assert card.reference(fig.source.ref).text in card.cite(fig)
        else:
            assert len(fig.assumption.split()) >= 4, f"{card_id} {path}: give the reason for the assumption"
    assert set(table["kind"]) <= {"source", "assumption"}
    assert not table["basis"].str.strip().eq("").any()


def test_published_figures_carry_their_source():
    spain = load_card("spain-compassion-distress")
    r = next(c for c in spain.correlations if set(c.between) == {"scs", "depression"})
    assert r.r.value == -0.52 and r.metric == "latent"
    assert r.r.source.ref == "macbeth-gumley-2012"
    students = load_card("students-scs")
    d = students.group_effects[0].d
    assert (d.value, d.source.ref) == (0.18, "yarnell-2015")
    trial = load_card("sc-intervention-trial")
    for name, gs in {"ferrari-2019": (0.75, -0.57, -0.66), "wilson-2019": (0.52, -0.46, -0.40)}.items():
        eff = trial.with_variant(name).group_effects
        post = {e.variable: e.d for e in eff if e.level == "self_compassion" and e.variable.endswith("post")}
        got = tuple(post[v].value for v in ("scp_post", "gad_post", "dep_post"))
        assert got == gs
        assert {f.source.ref for f in post.values()} == {name}


def test_unknown_card_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown card 'nope'; valid ids: emerging-adults"):
        load_card("nope")


def test_unknown_variant_lists_the_valid_ones():
    with pytest.raises(ValueError, match="valid: ferrari-2019, wilson-2019"):
        load_card("sc-intervention-trial").with_variant("cochrane")


# --- bad cards -------------------------------------------------------------------------------
def _base() -> dict:
    return yaml.safe_load((shipped("cards") / "students-scs.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict, name: str = "students-scs") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_figure_with_both_source_and_assumption_is_refused(tmp_path):
    data = _base()
    data["variables"][1]["sd"]["assumption"] = "also a guess"
    with pytest.raises(
        CardFileError, match=r"students-scs.yaml: field 'variables\[2\].instrument.sd'.*exactly one"
    ):
        read_card_file(_write(tmp_path, data))


def test_a_figure_with_neither_is_refused(tmp_path):
    data = _base()
    data["variables"][1]["alpha"] = {"value": 0.87}
    with pytest.raises(CardFileError, match=r"alpha.*exactly one of 'source:'"):
        read_card_file(_write(tmp_path, data))


def test_a_source_must_point_into_the_references(tmp_path):
    data = _base()
    data["variables"][1]["mean"]["source"]["ref"] = "neff-2003"
    with pytest.raises(
        CardFileError, match=r"field 'variables\[2\].mean': source ref 'neff-2003' is not in 'references'"
    ):
        read_card_file(_write(tmp_path, data))


def test_an_unknown_instrument_is_refused(tmp_path):
    data = _base()
    data["variables"][1]["instrument"] = "scs-99"
    with pytest.raises(
        CardFileError, match=r"variables\[2\].instrument': unknown instrument 'scs-99'; valid ids"
    ):
        read_card_file(_write(tmp_path, data))


def test_the_id_must_match_the_file_name(tmp_path):
    with pytest.raises(CardFileError, match="must match the file name 'other'"):
        read_card_file(_write(tmp_path, _base(), "other"))


def test_group_shares_must_add_up(tmp_path):
    data = _base()
    data["variables"][0]["shares"]["man"]["value"] = 0.5
    with pytest.raises(CardFileError, match=r"add up to 1; they add up to 1\.15"):
        read_card_file(_write(tmp_path, data))


def _three(r_ab: float, r_ac: float, r_bc: float) -> dict:
    data = _base()
    fig = {"assumption": "a value for this test only"}
    data["variables"] = [data["variables"][0]] + [
        {
            "id": x,
            "kind": "continuous",
            "label": x,
            "meaning": x,
            "mean": {"value": 0, **fig},
            "sd": {"value": 1, **fig},
        }
        for x in "abc"
    ]
    data["group_effects"] = []
    data["correlations"] = [
        {"between": ["a", "b"], "r": {"value": r_ab, **fig}},
        {"between": ["a", "c"], "r": {"value": r_ac, **fig}},
        {"between": ["b", "c"], "r": {"value": r_bc, **fig}},
    ]
    return data


def test_correlations_that_cannot_coexist_are_refused_naming_the_figures(tmp_path):
    card = read_card_file(_write(tmp_path, _three(0.9, 0.9, -0.9)))
    with pytest.raises(ValueError, match="not positive definite") as err:
        plan(card)
    msg = str(err.value)
    for fig in ("correlations[1] a-b r = 0.9", "correlations[2] a-c r = 0.9", "correlations[3] b-c r = -0.9"):
        assert fig in msg


def test_an_observed_r_beyond_what_reliabilities_allow_is_refused(tmp_path):
    data = _base()
    fig = {"assumption": "a value for this test only"}
    data["variables"].append(
        {
            "id": "x",
            "kind": "scale",
            "label": "x",
            "meaning": "x",
            "items": 3,
            "response": {"min": 0, "max": 3},
            "score": "sum",
            "mean": {"value": 4, **fig},
            "sd": {"value": 2, **fig},
            "alpha": {"value": 0.5, **fig},
        }
    )
    data["correlations"] = [{"between": ["scs", "x"], "r": {"value": 0.95, **fig}}]
    card = read_card_file(_write(tmp_path, data))
    with pytest.raises(ValueError, match=r"correlations\[1\] scs-x .*needs a latent correlation beyond"):
        plan(card)


def test_a_correlation_implied_by_paths_cannot_also_be_given(tmp_path):
    data = yaml.safe_load((shipped("cards") / "emerging-adults.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["correlations"] = [
        {"between": ["scs", "friends"], "r": {"value": 0.3, "assumption": "a test value only"}}
    ]
    with pytest.raises(CardFileError, match="implied by 'paths'"):
        read_card_file(_write(tmp_path, data, "emerging-adults"))
