"""The three parts of ScoringExplorer on their own: each draws a sample it is given and redraws
on show(); the numbers are the model's (tests/lessons/test_scoring.py checks those)."""

from __future__ import annotations

import pytest

from sclab.lessons.scoring import keying, retakes, scoring_sample, short_form
from sclab.ui.explorers.error_band_view import ErrorBandView
from sclab.ui.explorers.reverse_keying_view import ReverseKeyingView
from sclab.ui.explorers.short_form_view import ShortFormView


@pytest.fixture(scope="module")
def samples():
    return scoring_sample(200, seed=1), scoring_sample(300, seed=2)


def test_reverse_keying_view_shows_the_models_correlations(samples):
    first, second = samples
    view = ReverseKeyingView(first)
    shown = sorted(view.keying_figure.data[0].y + view.keying_figure.data[1].y)
    assert shown == pytest.approx(sorted(keying(first, "correct").r))
    view.show(second)
    view.keying.value = "none"
    shown = sorted(view.keying_figure.data[0].y + view.keying_figure.data[1].y)
    assert shown == pytest.approx(sorted(keying(second, "none").r))


def test_short_form_view_shows_the_models_totals(samples):
    first, second = samples
    view = ShortFormView(first, k=8)
    assert list(view.short_figure.data[0].y) == pytest.approx(short_form(first, 8).total)
    view.show(second)
    assert len(view.short_figure.data[0].x) == 300 and "mean of 8 items" in view.short_text.value


def test_error_band_view_shows_the_models_retakes(samples):
    first, second = samples
    view = ErrorBandView(first)
    view.true_score.value = 4.0
    t = retakes(first, true_score=4.0, sd=view.sd.value, alpha=view.alpha.value)
    assert list(view.error_figure.data[1].y) == pytest.approx(t.share)
    view.show(second)
    assert "(seed 2)" in view.error_text.value
