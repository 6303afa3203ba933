"""The practice inventories: everyday wording, one idea per item, a changelog, reliability with reasons.

The wording checks are heuristics on the item text and have limits:

- Sport words (``sc-practice``, ``co-practice``): a list of words that place an item in a sport
  (game, match, team, coach, training, competition, ...). It finds only the words listed: an item
  about sport that uses none of them ("when I miss a shot") passes, and a general item that uses
  one in an everyday sense ("colours that match") would be flagged and need rewording.
- Team words (``mt-practice``): items may speak of sport but must fit a singles player, so they
  may not name a team, teammates or a coach, nor speak as "we", "us" or "our". A team assumed
  in other words ("when the crowd sings for my side") is not found.
- One idea per item: an item is one sentence (a single full stop, at the end; no semicolon) and
  contains no " and " other than a repeated word ("over and over", one idea said twice). "And" is
  the usual join of two behaviours in one item ("I stop and think it over"), but the rule also
  refuses harmless uses ("friends and family"), which the items avoid; it misses two ideas joined
  by "or", by a comma or by "then", and two ideas inside one clause ("I help, for example by X or
  by Y"). It flags; a careful reading still decides.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import sclab

PRACTICE = ["sc-practice", "co-practice", "mt-practice"]
GENERAL = ["sc-practice", "co-practice"]
CHANGED_ON = dt.date(2026, 12, 1)

_SPORT = re.compile(
    r"\b(sports?|athletes?|teams?|teammates?|coach(es|ing)?|match(es)?|training|competitions?|"
    r"compet(e|es|ing|itors?)|games?|players?|referees?|opponents?|tournaments?|seasons?|"
    r"basketball|football|soccer|tennis|hockey|rugby)\b",
    re.IGNORECASE,
)
_TEAM = re.compile(r"\b(teams?|teammates?|squads?|coach(es)?|we|us|our)\b", re.IGNORECASE)


def sport_words(text: str) -> list[str]:
    """The sport words in an item, in order."""
    return [m.group(0) for m in _SPORT.finditer(text)]


def team_words(text: str) -> list[str]:
    """The words in an item that assume the athlete plays in a team."""
    return [m.group(0) for m in _TEAM.finditer(text)]


def one_idea_problems(text: str) -> list[str]:
    """Why an item may hold more than one idea (empty when the heuristic finds nothing)."""
    problems = []
    if not text.endswith(".") or re.search(r"[.!?;]\s", text):
        problems.append("not one sentence ending in a full stop")
    repetition = re.compile(r"\b(\w+) and \1\b", re.IGNORECASE)  # "over and over": one idea, said twice
    if re.search(r"\band\b", repetition.sub("", text), re.IGNORECASE):
        problems.append("' and ' may join two behaviours")
    return problems


def _items(inst_id: str, numbers: list[int] | None = None) -> dict[int, str]:
    inst = sclab.load_instrument(inst_id)
    return {it.number: it.text for it in inst.items if numbers is None or it.number in numbers}


@pytest.mark.parametrize("inst_id", PRACTICE)
def test_each_practice_inventory_loads_with_wording(inst_id):
    inst = sclab.load_instrument(inst_id)
    assert inst.kind == "practice" and inst.administrable


@pytest.mark.parametrize("inst_id", GENERAL)
def test_general_items_do_not_place_the_student_in_a_sport(inst_id):
    found = {n: sport_words(t) for n, t in _items(inst_id).items() if sport_words(t)}
    assert found == {}, f"{inst_id}: items naming a sport setting: {found}"


def test_mental_toughness_items_fit_singles_players():
    found = {n: team_words(t) for n, t in _items("mt-practice").items() if team_words(t)}
    assert found == {}, f"mt-practice: items assuming a team: {found}"


@pytest.mark.parametrize("inst_id", PRACTICE)
def test_each_item_holds_one_idea(inst_id):
    found = {n: one_idea_problems(t) for n, t in _items(inst_id).items() if one_idea_problems(t)}
    assert found == {}, f"{inst_id}: items that may hold two ideas: {found}"


@pytest.mark.parametrize(
    ("text", "sport", "team", "two_ideas"),
    [
        ("After the final whistle of a match, I feel fine.", ["match"], [], False),
        ("When our squad loses, I sulk.", [], ["our", "squad"], False),
        ("When I trip on stage, I laugh and carry on.", [], [], True),
        ("I feel low. Then I rest.", [], [], True),
        ("When my opponent scores, I stay calm.", ["opponent"], [], False),
        ("When I lose my keys, I stay calm.", [], [], False),
        ("When I lose my keys, I search again and again.", [], [], False),
    ],
)
def test_the_heuristics_flag_what_they_look_for(text, sport, team, two_ideas):
    assert sport_words(text) == sport
    assert sorted(team_words(text)) == sorted(team)
    assert bool(one_idea_problems(text)) is two_ideas


@pytest.mark.parametrize("inst_id", PRACTICE)
def test_each_inventory_has_a_dated_changelog_naming_real_items(inst_id):
    inst = sclab.load_instrument(inst_id)
    dated = [e for e in inst.changelog if str(e.date) == str(CHANGED_ON)]
    assert dated, f"{inst_id}: no changelog entry dated {CHANGED_ON}"
    for entry in dated:
        assert entry.items and set(entry.items) <= set(range(1, inst.n_items + 1)), entry.items
        assert len(entry.change.split()) >= 20, "a changelog entry says what changed and why"


@pytest.mark.parametrize("inst_id", PRACTICE)
def test_reliability_figures_are_present_with_their_reasons(inst_id):
    inst = sclab.load_instrument(inst_id)
    rel = inst.reliability
    subscale_alpha = getattr(rel, "subscale_alpha", None)
    assert subscale_alpha is not None, f"{inst_id}: reliability has no subscale_alpha"
    figures = {"alpha": rel.alpha, "sd": rel.sd, "subscale_alpha": subscale_alpha}
    for name, figure in figures.items():
        assert figure.source is None and figure.assumption, f"{inst_id}: {name} needs an assumption"
        assert "not validated" in figure.assumption, f"{inst_id}: {name}'s assumption must say so"
        assert f"{inst.n_items} items" in figure.assumption, f"{inst_id}: {name}'s assumption names k"
    assert 0 < subscale_alpha.value < rel.alpha.value < 1
    assert 0 < rel.sd.value < (inst.response.max - inst.response.min) / 2
