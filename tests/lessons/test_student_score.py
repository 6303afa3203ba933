"""A student's score as an explorer takes it: range checks and refusals by what an instrument measures."""

from __future__ import annotations

import numpy as np
import pytest

from sclab.lessons import student_score as student
from sclab.measure.instrument import load_instrument


def test_a_score_off_the_scale_and_an_instrument_that_measures_something_else_are_refused():
    assert student.scale_score(np.float64(2.5), "your score", 1, 5) == 2.5
    for bad, rule in ((True, "be a finite"), (float("nan"), "be a finite"), (5.5, "lie on the 1-5 scale")):
        with pytest.raises(ValueError, match=f"your score must {rule}"):
            student.scale_score(bad, "your score", 1, 5)
    assert student.measure_refusal(load_instrument("sc-practice"), ["self-compassion"]) is None
    why = student.measure_refusal(
        load_instrument("mt-practice"), ["self-compassion", "compassion for others"]
    )
    assert why == (
        "it shows self-compassion or compassion for others scores (e.g. 'sc-practice', 'co-practice'); "
        "'mt-practice' measures mental toughness in sport"
    )


def test_the_total_is_read_from_a_questionnaires_scores():
    assert student.total_of({"total": 2.5}) == 2.5
    assert student.total_of({"total": float("nan")}) is None and student.total_of(None) is None
