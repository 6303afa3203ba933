"""Instrument files: the shipped keys match the published ones, and bad files are refused clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import sclab
from sclab.measure.instrument import InstrumentFileError, read_instrument_file
from sclab.resources import shipped
from support.published_keys import SCS, SCS_SF

EXPECTED = {"scs": 26, "scs-sf": 12, "sc-practice": 24, "co-practice": 16, "mt-practice": 12}


def test_every_instrument_loads_with_its_length():
    assert {i.id: i.n_items for i in sclab.list_instruments()} == EXPECTED


@pytest.mark.parametrize(("inst_id", "key"), [("scs", SCS), ("scs-sf", SCS_SF)])
def test_published_keys_match_the_literature(inst_id, key):
    inst = sclab.load_instrument(inst_id)
    for name, (numbers, reversed_) in key.items():
        items = inst.subscale_items(name)
        assert [it.number for it in items] == numbers, name
        assert {it.reversed for it in items} == {reversed_}, name
    assert inst.response.min == 1 and inst.response.max == 5
    assert inst.response.label(1) == "Almost never" and inst.response.label(5) == "Almost always"


def test_declared_total_rules():
    assert sclab.load_instrument("scs").total.rule == "mean_of_subscale_means"
    assert sclab.load_instrument("scs-sf").total.rule == "mean_of_items"
    alternatives = {a.rule for a in sclab.load_instrument("scs").total.alternatives}
    assert alternatives == {"sum_of_subscale_means", "mean_of_items"}


@pytest.mark.parametrize("inst_id", ["scs", "scs-sf"])
def test_published_wording_is_not_shipped(inst_id):
    inst = sclab.load_instrument(inst_id)
    assert all(it.text is None for it in inst.items)
    assert not inst.administrable
    assert inst.kind == "published"


@pytest.mark.parametrize("inst_id", ["sc-practice", "co-practice", "mt-practice"])
def test_practice_inventories_are_administrable_and_say_what_they_are(inst_id):
    inst = sclab.load_instrument(inst_id)
    assert inst.administrable and inst.kind == "practice"
    assert "teaching" in inst.description and "not" in inst.description
    assert "illustrative" in inst.description
    assert inst.bands is None and inst.bands_note
    assert inst.reliability.alpha.assumption and inst.reliability.sd.assumption
    texts = [it.text for it in inst.items]
    assert len(set(texts)) == len(texts)
    for text in texts:
        words = len(text.split())
        assert words <= 22, f"{inst_id}: item too long for the reading level ({words} words): {text}"
        assert re.search(r"\b(I|I'm|my|me)\b", text), f"{inst_id}: not first person: {text}"


def test_practice_structure():
    sc = sclab.load_instrument("sc-practice")
    assert [s.id for s in sc.subscales] == list(SCS)
    assert all(len(sc.subscale_items(s)) == 4 for s in SCS)
    co = sclab.load_instrument("co-practice")
    assert {s.id: len(co.subscale_items(s.id)) for s in co.subscales} == {
        "kindness": 4,
        "common_humanity": 4,
        "mindfulness": 4,
        "indifference": 4,
    }
    assert {it.subscale for it in co.items if it.reversed} == {"indifference"}
    mt = sclab.load_instrument("mt-practice")
    assert {s.id: len(mt.subscale_items(s.id)) for s in mt.subscales} == {
        "confidence": 4,
        "constancy": 4,
        "control": 4,
    }
    assert not mt.has_polarity and mt.subscale_scoring == "keyed"


def test_sem_follows_from_the_cited_figures():
    scs = sclab.load_instrument("scs")
    assert scs.reliability.alpha.value == 0.87 and scs.reliability.sd.value == 0.61
    assert scs.sem() == pytest.approx(0.61 * (1 - 0.87) ** 0.5)
    assert scs.sem("sum_of_subscale_means") == pytest.approx(6 * scs.sem())


def test_unknown_id_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown instrument 'scs-long'; valid ids: co-practice, .*scs-sf"):
        sclab.load_instrument("scs-long")


def _mutated(tmp_path: Path, change, name: str = "scs") -> Path:
    data = yaml.safe_load((shipped("instruments") / "scs.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _set(path, value):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD = [
    (
        _set(["items", 3, "subscale"], "kindness"),
        r"field 'items\[4\]\.subscale': item 4's subscale 'kindness' is not declared; valid: self_kindness",
    ),
    (_set(["items", 3, "number"], 40), r"numbered 1..26 in order"),
    (
        _set(["items", 0, "reversed"], False),
        r"field 'items\[1\]\.reversed': with raw subscale scoring.*self_judgment' is negative",
    ),
    (_set(["response", "min"], 5), r"field 'response': min \(5\) must be below max \(5\)"),
    (
        _set(["reliability", "alpha"], {"value": 0.9, "source": "x", "assumption": "y"}),
        r"field 'reliability.alpha'.*exactly one of 'source:'",
    ),
    (_set(["reliability", "alpha"], {"value": 0.9}), r"field 'reliability.alpha'.*exactly one of"),
    (
        _set(["bands", "levels", 2, "upper"], 4.0),
        r"field 'bands.levels': .*the last equal to the response max 5",
    ),
    (_set(["total", "rule"], "median"), r"field 'total.rule'"),
    (_set(["subscales", 1, "polarity"], "neutral"), r"field 'subscales\[2\]\.polarity'"),
    (_set(["surprise"], 1), r"field 'surprise': Extra inputs are not permitted"),
    (_set(["key"], "SCS-26"), r"field 'key'"),
    (
        _set(["changelog"], [{"date": "2026-12-01", "items": [3, 27], "change": "reworded"}]),
        r"field 'changelog\[1\]\.items': item numbers must be 1..26; found \[27\]",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_bad_instrument_files_name_file_field_and_rule(tmp_path, change, message):
    path = _mutated(tmp_path, change)
    with pytest.raises(InstrumentFileError, match=r"^scs\.yaml: ") as info:
        read_instrument_file(path)
    assert re.search(message, str(info.value)), str(info.value)


def test_file_name_must_match_id(tmp_path):
    path = _mutated(tmp_path, lambda d: None, name="other")
    with pytest.raises(InstrumentFileError, match="field 'id' is 'scs' but must match the file name 'other'"):
        read_instrument_file(path)


def test_broken_yaml_is_named(tmp_path):
    path = tmp_path / "scs.yaml"
    path.write_text("id: scs\nitems: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentFileError, match=r"scs\.yaml: not valid YAML"):
        read_instrument_file(path)


# --- what generic widgets read from the file ----------------------------------------------------------
@pytest.mark.parametrize(
    ("inst_id", "positive", "negative", "counts"),
    [
        (
            "scs",
            "self-kindness, common humanity, mindfulness",
            "self-judgment, isolation, over-identification",
            (13, 13),
        ),
        (
            "scs-sf",
            "self-kindness, common humanity, mindfulness",
            "self-judgment, isolation, over-identification",
            (6, 6),
        ),
        (
            "sc-practice",
            "self-kindness, common humanity, mindfulness",
            "self-judgment, isolation, over-identification",
            (12, 12),
        ),
        ("co-practice", "kindness, common humanity, mindfulness", "indifference", (12, 4)),
    ],
)
def test_halves_follow_the_subscales_polarity(inst_id, positive, negative, counts):
    inst = sclab.load_instrument(inst_id)
    pos, neg = inst.halves
    assert (pos.id, pos.label, pos.members) == ("compassionate", "Compassionate responding", positive)
    assert (neg.id, neg.label, neg.members) == ("uncompassionate", "Uncompassionate responding", negative)
    assert (pos.n_items, neg.n_items) == counts and pos.higher_is_more and neg.higher_is_more  # raw scoring
    assert inst.half("negative") == neg
    assert inst.score_names[-3:] == ["compassionate", "uncompassionate", "total"]
    assert inst.score_label("uncompassionate") == "Uncompassionate responding"


def test_an_instrument_of_one_polarity_has_no_halves():
    mt = sclab.load_instrument("mt-practice")
    assert mt.halves == () and mt.score_names == ["confidence", "constancy", "control", "total"]
    with pytest.raises(ValueError, match="mt-practice has no negative half"):
        mt.half("negative")


def test_keyed_negative_subscales_point_the_other_way(tmp_path):
    path = _mutated(tmp_path, _set(["subscale_scoring"], "keyed"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["items"]:
        item["reversed"] = item["subscale"] in {"self_judgment", "isolation", "over_identification"}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert [h.higher_is_more for h in read_instrument_file(path).halves] == [True, False]


@pytest.mark.parametrize("inst_id", list(EXPECTED))
def test_response_texts_come_from_the_anchors(inst_id):
    scale = sclab.load_instrument(inst_id).response
    assert scale.range_text == "1-5" and scale.describe() == "1-5 (Almost never .. Almost always)"
    assert scale.anchor_text().startswith("1 = Almost never, ") and scale.anchor_text().endswith(
        "5 = Almost always"
    )
    assert scale.option_label(1) == "1 Almost never"
    assert scale.option_label(3) == ("3" if inst_id.startswith("scs") else "3 Sometimes")


def test_score_ranges_and_labels():
    scs = sclab.load_instrument("scs")
    assert scs.score_range() == (1, 5) and scs.score_range("isolation") == (1, 5)
    assert (
        scs.score_label() == "total score" and scs.score_label("over_identification") == "Over-identification"
    )
    with pytest.raises(ValueError, match="scs has no score 'kindness'; valid: self_kindness"):
        scs.score_range("kindness")
    with pytest.raises(ValueError, match="scs has no score 'band'"):
        scs.score_label("band")
