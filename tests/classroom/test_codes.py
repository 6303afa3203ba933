"""Class codes made by sclab: readable, from `secrets`, and too many to guess in a class hour."""

from __future__ import annotations

import re

import pytest

from sclab.classroom import codes
from sclab.classroom.codes import ALPHABET, GROUPS, SYMBOLS, guess_odds, new_class_code, normalise_class_code
from sclab.classroom.store import check_class_code
from sclab.classroom.store import new_class_code as reexported


def test_the_alphabet_is_crockford_base32_without_misreadable_letters():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET) and set("0123456789") <= set(ALPHABET)
    assert GROUPS == (4, 4, 2) and SYMBOLS == 10


def test_guessing_at_44_a_second_for_an_hour_against_100_open_classes_finds_none():
    guesses, open_classes = 44 * 3600, 100
    space = len(ALPHABET) ** SYMBOLS  # from the alphabet and length the codes really use
    assert space == 2**50
    assert guess_odds() == pytest.approx(guesses * open_classes / space)
    assert guess_odds() < 1e-7  # about 1.4e-8: one chance in some 71 million
    assert guess_odds(per_second=44, seconds=3600, classes_open=100) < 1e-7


def test_codes_have_the_documented_shape_and_do_not_repeat():
    made = [new_class_code() for _ in range(2000)]
    shape = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{2}}$")
    assert all(shape.match(c) for c in made)
    assert len(set(made)) == len(made)
    assert all(check_class_code(c) == c for c in made)
    assert reexported is new_class_code
    used = set("".join(made).replace("-", ""))
    assert used == set(ALPHABET)  # every symbol turns up: nothing is left out of the draw


def test_codes_are_drawn_with_secrets(monkeypatch):
    drawn: list[str] = []

    def choice(seq):
        drawn.append(seq)
        return "Q"

    monkeypatch.setattr(codes.secrets, "choice", choice)
    assert new_class_code() == "QQQQ-QQQQ-QQ"
    assert drawn == [ALPHABET] * SYMBOLS


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("K7QM-3WXP-9D", "K7QM-3WXP-9D"),
        ("  k7qm-3wxp-9d\n", "K7QM-3WXP-9D"),
        ("kOqm-3wxp-9i", "K0QM-3WXP-91"),  # O -> 0, I -> 1, as Crockford reads them
        ("lO1A-BCDE-FG", "101A-BCDE-FG"),
        ("PSY101", "PSY101"),  # chosen codes stay as they are (case-sensitive)
        ("psy101-a", "psy101-a"),
        ("UUUU-UUUU-UU", "UUUU-UUUU-UU"),  # U is not in the alphabet: not a code made here
    ],
)
def test_typed_codes_reach_their_class(typed, canonical):
    assert normalise_class_code(typed) == canonical
