"""The mediation explorer's words and table rows, built from the model's numbers."""

from __future__ import annotations

import pytest

from sclab.lessons import mediation_text as words
from sclab.lessons.mediation import analyse, estimates, simulated_sample
from sclab.lessons.mediation_weights import weights_beside_published


@pytest.fixture(scope="module")
def data():
    return simulated_sample(200, seed=2)


def test_labels_follow_the_rows_of_the_paths(data):
    out = estimates(data)
    labels = words.row_labels()
    assert len(labels) == len(out)
    for label, effect in zip(labels, out["effect"], strict=True):
        assert label.startswith(effect) or (effect == "indirect" and label.startswith("indirect via"))


def test_p_values_in_apa_style_and_a_bootstrap_p_of_zero():
    assert words.boot_p(0.0449) == "p = .045" and words.boot_p(0.0004) == "p < .001"
    assert words.boot_p(0.0, 200) == "p < .005" and words.boot_p(0.0, 2000) == "p < .001"


def test_the_words_add_the_parts_up_to_the_total(data):
    out = analyse(data, n_boot=200, seed=2)
    text = words.describe_paths(out, n=200, seed=2, booted=True, standardised=True)
    total = out.loc[out["effect"] == "total", "coef"].iloc[0]
    indirect = out.loc[out["effect"] == "indirect", "coef"]
    assert f"{total:.2f}".replace("0.", ".") in text and "200 simulated students, seed 2" in text
    assert f"carry {indirect.sum() / total:.0%} of it" in text and "leave out 0" in text
    assert words.RAW_UNITS in words.describe_paths(out, n=200, seed=2, booted=False, standardised=False)


def test_rows_show_intervals_only_where_they_exist(data):
    rows = words.path_rows(estimates(data), n_boot=200, booted=False)
    assert rows[0][2].startswith("95% CI [") and rows[0][3].startswith("p ")
    assert rows[-1][2:] == ["n/a", "n/a", "bootstrap not run"]
    booted = words.path_rows(analyse(data, n_boot=200, seed=2), n_boot=200, booted=True)
    assert booted[-1][2].startswith("95% CI [") and booted[-1][4] == "bootstrap"


def test_published_rows_and_status_lines(data):
    rows = words.published_rows(weights_beside_published(data))
    assert rows[-1][-1] == "not simulated" and all(len(r) == 6 for r in rows)
    assert "press <strong>Run bootstrap</strong> (1,000 resamples of 600 students)" in words.waiting_line(
        600, 1000
    )
    assert words.done_line(500, 0.25, 3).startswith("Done: 500 resamples in 0.2 s (bootstrap seed 3")
