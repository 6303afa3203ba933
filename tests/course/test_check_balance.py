"""Checks of understanding give nothing away by position or length, even in the file's order.

Students see the options shuffled (seed shown), but the files themselves are balanced too, so a
check read in the file's order, or a new view that forgets to shuffle, still hides the answer.
The counts run over every shipped check file (``sclab/content/checks/*.yaml``), so new notebooks'
checks are counted as they land.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from scipy import stats

from sclab.lessons.knowledge_check import check_names, load_check

NAMES = check_names()
#: (check name, question number, question) for every multiple-choice question shipped.
CHOICES = [
    (name, i + 1, q)
    for name in NAMES
    for i, q in enumerate(load_check(name).questions)
    if q.choices is not None
]
#: The most a cue may hold: about one question in three.
MAX_SHARE = 1 / 3


def _position(q) -> int:
    return q.choices.index(q.correct) + 1


def _is_longest(q) -> bool:
    """At least as long as every other option (a tie counts against the file)."""
    return len(q.correct) >= max(len(c) for c in q.choices)


def _is_shortest(q) -> bool:
    return len(q.correct) <= min(len(c) for c in q.choices)


def test_there_are_checks_to_count():
    assert len(NAMES) >= 10 and NAMES[0] == "00_welcome"
    assert len(CHOICES) >= 40


def test_the_correct_option_is_the_longest_in_at_most_one_question_in_three():
    longest = [f"{name} q{i}" for name, i, q in CHOICES if _is_longest(q)]
    share = len(longest) / len(CHOICES)
    assert share <= MAX_SHARE + 0.01, f"correct option longest in {len(longest)} of {len(CHOICES)}: {longest}"


def test_the_correct_option_is_not_reliably_the_shortest_either():
    shortest = [f"{name} q{i}" for name, i, q in CHOICES if _is_shortest(q)]
    share = len(shortest) / len(CHOICES)
    assert share <= MAX_SHARE + 0.01, (
        f"correct option shortest in {len(shortest)} of {len(CHOICES)}: {shortest}"
    )


def test_correct_positions_are_spread_over_every_position():
    seen = Counter(_position(q) for _, _, q in CHOICES)
    most = max(len(q.choices) for _, _, q in CHOICES)
    # what chance would give: a question with k options puts its answer at each of 1..k with 1/k
    expected = [
        sum(1 / len(q.choices) for _, _, q in CHOICES if len(q.choices) >= p) for p in range(1, most + 1)
    ]
    observed = [seen.get(p, 0) for p in range(1, most + 1)]
    assert stats.chisquare(observed, expected).pvalue > 0.05, f"positions {observed}, chance {expected}"
    four = [q for _, _, q in CHOICES if len(q.choices) >= 4]
    assert all(sum(_position(q) == p for q in four) >= 0.15 * len(four) for p in range(1, 5)), observed
    assert max(observed) <= 0.35 * len(CHOICES), observed


@pytest.mark.parametrize("name", NAMES)
def test_no_check_puts_most_of_its_answers_at_one_position(name):
    positions = [_position(q) for n, _, q in CHOICES if n == name]
    if len(positions) >= 3:
        top, count = Counter(positions).most_common(1)[0]
        assert count <= 0.6 * len(positions), f"{name}: {count} of {len(positions)} answers at position {top}"


_BY_POSITION = re.compile(
    r"\b(first|second|third|fourth|last|top|bottom)\s+(option|answer|choice)\b|\b(option|choice)\s+[a-d1-4]\b|\([a-d]\)",
    re.IGNORECASE,
)


@pytest.mark.parametrize("name", NAMES)
def test_feedback_never_points_at_an_option_by_its_position(name):
    """Options are shuffled per student: "the second option" would be wrong and give it away."""
    for i, q in enumerate(load_check(name).questions, start=1):
        assert not _BY_POSITION.search(q.explanation), f"{name} q{i}: {q.explanation}"
        assert not _BY_POSITION.search(q.prompt), f"{name} q{i}: {q.prompt}"
