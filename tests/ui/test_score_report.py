"""ScoreReport and CompareToSample: built, fed, toggled; their numbers and figure data asserted."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from scipy.stats import percentileofscore

import sclab
from sclab.lessons.score_report import build_report
from sclab.populations.comparison import ComparisonSample, percentile
from sclab.ui import CompareToSample, Questionnaire, ScoreReport


def practice_row(value_for):
    inst = sclab.load_instrument("sc-practice")
    return inst, inst.score(
        pd.DataFrame([{inst.item_id(it.number): value_for(it) for it in inst.items}])
    ).iloc[0]


def test_percentile_counts_ties_as_half_like_scipy():
    values = np.array([1.0, 2.0, 2.0, 3.0, 4.0])
    assert percentile(2.0, values) == pytest.approx(100 * (1 + 0.5 * 2) / 5)
    assert percentile(2.5, values) == percentileofscore(values, 2.5, kind="mean")
    with pytest.raises(ValueError, match="empty sample"):
        percentile(1.0, np.array([]))


def test_reference_names_who_and_filters_groups():
    ref = ComparisonSample.shipped("students-scs")
    assert ref.groups() == ["woman", "man"]
    women = ref.values("total", "woman")
    assert len(women) == (ref.data["gender"] == "woman").sum() < ref.n
    line = ref.compared_with("woman")
    assert f"{len(women):,} simulated people" in line and "students-scs" in line and "Simulated" in line
    assert "Garcia-Campayo" in line and "seed 2014" in line
    with pytest.raises(ValueError, match="unknown group 'robot'; valid: woman, man"):
        ref.values("total", "robot")
    with pytest.raises(ValueError, match="no score 'kindness'"):
        ref.values("kindness")
    with pytest.raises(ValueError, match="unknown sample 'nope'"):
        ComparisonSample.shipped("nope")


def test_report_numbers_come_from_the_scores_and_the_sample():
    inst, row = practice_row(lambda it: 2 if it.reversed else 4)  # kind to self: total 4
    ref = ComparisonSample.shipped("students-scs")
    rep = build_report(inst, row, ref, "man")
    assert rep.total == 4.0 and rep.halves == {"compassionate": 4.0, "uncompassionate": 2.0}
    assert rep.percentile == pytest.approx(percentileofscore(ref.values("total", "man"), 4.0, kind="mean"))
    men = ref.data[ref.data["gender"] == "man"]
    sk = rep.profile.set_index("subscale").loc["self_kindness"]
    assert sk["score"] == 4.0 and sk["side"] == "compassionate"
    assert sk["sample_mean"] == pytest.approx(men["scs_self_kindness"].mean())
    assert any("practice inventory, not the validated scale" in c for c in rep.caveats)
    assert "No band" in rep.band_text  # practice inventories are not banded
    assert "95%" not in rep.summary() and "plausibly lie between" in rep.summary()


def test_report_refuses_an_unscored_total():
    inst = sclab.load_instrument("sc-practice")
    row = inst.score(pd.DataFrame([{i: None for i in inst.item_ids}])).iloc[0]
    with pytest.raises(ValueError, match="total was not scored"):
        build_report(inst, row)


def test_scs_sf_report_carries_its_band_and_subscale_caveat():
    sf = sclab.load_instrument("scs-sf")
    row = sf.score(pd.DataFrame([{i: 3 for i in sf.item_ids}])).iloc[0]
    rep = build_report(sf, row)
    assert rep.band == "moderate" and "2.50-3.50" in rep.band_text and "not clinical norms" in rep.band_text
    assert any("short-form subscales" in c for c in rep.caveats)


def test_score_report_follows_the_questionnaire_and_the_group_toggle():
    q = Questionnaire("sc-practice", seed=11)
    report = ScoreReport("sc-practice").connect(q)
    assert report._details.layout.display == "none" and "Submit" in report.message.value
    q.use_simulated_respondent()
    q.submit()
    expected = q.instrument.score(q.answers).iloc[0]
    kind, harsh, dots = report.figure.data
    assert kind.name == "You: compassionate side" and harsh.name == "You: uncompassionate side"
    shown = dict(zip(kind.y + harsh.y, kind.x + harsh.x, strict=True))
    assert shown == pytest.approx({s.label: expected[s.id] for s in q.instrument.subscales})
    assert set(kind.y) == {"Self-kindness", "Common humanity", "Mindfulness"}
    assert kind.marker.color != harsh.marker.color
    everyone = list(dots.x)
    assert f"{expected['total']:.2f}" in report.summary.value and "<table" in report.table.value
    assert "Not a diagnosis" in report.children[-1].value
    report.group.value = "woman"
    assert list(dots.x) != everyone
    assert "(group: woman)" in report.summary.value
    with pytest.raises(Exception, match="Invalid selection"):
        report.group.value = "robot"  # a page visitor cannot pick a group that does not exist


def test_compare_to_sample_draws_marks_and_resamples():
    view = CompareToSample("students-scs", n=1000, seed=5)
    bars, line, you = view.figure.data
    assert sum(bars.y) == pytest.approx(100.0) and you.x == ()
    view.set_you(3.3)
    assert list(you.x) == [3.3, 3.3] and "You: 3.30" in view.text.value
    assert f"{percentile(3.3, view.comparison.values()):.0f}%" in view.text.value
    first = list(bars.y)
    view.new_sample_button.click()
    assert view.seed.value == 6 and view.comparison.seed == 6 and list(bars.y) != first
    view.n.value = 2000
    assert view.comparison.n == 2000 and "n = 2,000" in view.text.value
    view.view.value = "ecdf"
    assert line.visible and not bars.visible and line.y[-1] == pytest.approx(100.0)
    view.group.value = "man"
    assert "(group: man)" in view.text.value
    with pytest.raises(ValueError, match="finite"):
        view.set_you(float("nan"))


def test_same_seed_same_sample_in_the_widget():
    a, b = CompareToSample(n=300, seed=9), CompareToSample(n=300, seed=9)
    assert list(a.figure.data[0].y) == list(b.figure.data[0].y)


def test_every_control_is_labelled():
    view = CompareToSample(n=200, seed=1)
    report = ScoreReport("sc-practice")
    for root in (view, report):
        stack = [root]
        while stack:
            w = stack.pop()
            stack.extend(getattr(w, "children", ()))
            if isinstance(
                w, (widgets.Button, widgets.ToggleButtons, widgets.IntSlider, widgets.BoundedIntText)
            ):
                assert w.description or w.tooltip, f"unlabelled control {type(w).__name__}"


def test_the_first_histogram_is_in_the_state_a_late_page_receives():
    # Voila's page connects after the cell ran and gets the widget's state, not earlier edit messages.
    view = CompareToSample(n=400, seed=2)
    bars = view.figure._widget_data[0]
    assert len(bars["y"]) == 32 and sum(bars["y"]) == pytest.approx(100.0)
