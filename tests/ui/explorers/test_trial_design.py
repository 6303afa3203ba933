"""TrialDesign without a browser: the panel publishes the design its controls describe."""

from __future__ import annotations

import pytest

from sclab.lessons.trial import Design
from sclab.ui.explorers.trial_design import TrialDesign


def test_the_panel_publishes_each_change_of_design():
    panel, seen = TrialDesign(effect_size=0.57), []
    panel.observe(lambda change: seen.append(change["new"]), names=["design"])
    assert panel.design == Design(effect_size=0.57) and panel.effect_menu.value == 0.57
    panel.control.value = "active"
    panel.active_share.value = 0.5
    assert seen[-1] == Design(effect_size=0.57, control="active", active_share=0.5)
    panel.assignment.value = True
    assert panel.design.baseline_gap == 0.3 and "head start" not in panel.design_text.value.lower()
    assert "0.30 of it is not the programme (bias)" in panel.design_text.value


def test_menu_and_slider_follow_each_other():
    panel = TrialDesign(effect_size=0.8)
    assert panel.effect_menu.value == "own" and "your own value" in panel.design_text.value
    panel.effect_menu.value = 0.52
    assert panel.effect_size.value == 0.52 and "Wilson et al. 2019 (22 RCTs)" in panel.design_text.value
    panel.effect_size.value = 0.53
    assert panel.effect_menu.value == "own"


def test_a_nan_from_the_page_is_put_back_and_publishes_nothing():
    panel, seen = TrialDesign(), []
    panel.observe(lambda change: seen.append(change["new"]), names=["design"])
    panel.baseline_gap.value = float("nan")
    panel.effect_size.value = float("nan")
    assert panel.effect_size.value == 0.57 and panel.baseline_gap.value == 0.3 and seen == []


def test_controls_are_labelled():
    panel = TrialDesign()
    for ctl in (panel.effect_menu, panel.effect_size, panel.active_share, panel.baseline_gap):
        assert ctl.description and ctl.tooltip
    for ctl in (panel.control, panel.assignment):
        assert ctl.description and len(ctl.tooltips) == len(ctl.options)
    with pytest.raises(ValueError, match="effect_size must be a finite number"):
        TrialDesign(effect_size="large")
