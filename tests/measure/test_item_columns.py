"""sclab.measure.item_columns: which columns hold which items, by pattern, mapping or detection."""

from __future__ import annotations

import pytest

import sclab
from sclab.measure.item_columns import detect_pattern, resolve_columns

SF = sclab.load_instrument("scs-sf")
NUMBERED = [f"Q{n}" for n in range(1, 13)]


def test_a_pattern_and_a_mapping_give_the_columns_in_item_order():
    shuffled = ["id", *reversed(NUMBERED)]
    assert resolve_columns(SF, shuffled, "Q{n}") == NUMBERED
    mapping = {n: f"answer {13 - n}" for n in range(1, 13)}
    assert resolve_columns(SF, list(mapping.values()), mapping) == [f"answer {13 - n}" for n in range(1, 13)]


def test_no_items_means_the_instruments_own_ids():
    assert resolve_columns(SF, SF.item_ids) == SF.item_ids == [f"scssf_{n}" for n in range(1, 13)]


def test_missing_columns_and_unknown_numbers_are_named():
    with pytest.raises(
        ValueError, match=r"1 of 12 scs-sf item columns not found with pattern 'Q\{n\}': Q12 \(item 12\)"
    ):
        resolve_columns(SF, NUMBERED[:-1], "Q{n}")
    with pytest.raises(ValueError, match=r"and 6 more"):
        resolve_columns(SF, [], "Q{n}")
    with pytest.raises(ValueError, match=r"item numbers \[13\] are not items of scs-sf \(1-12\)"):
        resolve_columns(SF, NUMBERED, {13: "Q13"})
    with pytest.raises(ValueError, match=r"must contain '\{n\}' exactly once"):
        resolve_columns(SF, NUMBERED, "Q{n}_{n}")


def test_detection_finds_the_one_complete_numbered_set():
    assert detect_pattern(SF, ["Timestamp", *(f"Q1_{n}" for n in range(1, 13)), "Q2_1"]) == "Q1_{n}"
    assert detect_pattern(SF, [f"item {n} (SC)" for n in range(1, 13)]) == "item {n} (SC)"


def test_detection_refuses_two_sets_and_names_the_nearest_when_there_is_none():
    with pytest.raises(ValueError, match=r"more than one set .*: A\{n\}, Q\{n\}"):
        detect_pattern(SF, [*NUMBERED, *(f"A{n}" for n in range(1, 13))])
    with pytest.raises(ValueError, match=r"nearest: Q\{n\} \(11 columns, 11 of items 1-12\)"):
        detect_pattern(SF, NUMBERED[:-1])
    with pytest.raises(ValueError, match=r"no set of columns numbered 1-12 found for scs-sf\. Name"):
        detect_pattern(SF, ["Timestamp", "Name"])
