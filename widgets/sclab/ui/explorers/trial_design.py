"""``TrialDesign``: the design panel of :class:`~sclab.ui.explorers.trial_simulator.TrialSimulator`.

The effect size (from a meta-analysis or one's own), the control arm and the assignment, with the
assumptions each brings in words. It publishes ``design`` (a traitlet holding a
:class:`sclab.lessons.trial.Design`); the simulator observes it.

>>> panel = TrialDesign(effect_size=0.40)
>>> panel.effect_menu.value, panel.design.true_difference
(0.4, 0.4)
>>> panel.control.value = "active"; round(panel.design.true_difference, 2)
0.08
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from sclab.lessons.trial import ACTIVE_SHARE, BASELINE_GAP, EFFECTS, Design, describe_design, effect_source
from sclab.ui._controls import revert_if_not_finite

__all__ = ["TrialDesign"]

_OWN = "own"
_WIDE = {"description_width": "initial"}
_ROW = widgets.Layout(flex_flow="row wrap")
#: name: value, min, max, step, description, tooltip, width, disabled at first
_SLIDERS = {
    "effect_size": (
        None, 0.0, 1.5, 0.01, "Programme effect (d)",
        "The programme's advantage over no treatment, in SD units", "26em", False,
    ),
    "active_share": (
        ACTIVE_SHARE, 0.0, 1.0, 0.05, "Active control's share of the gain (assumption)",
        "How much of the programme's gain the active control also produces", "46em", True,
    ),
    "baseline_gap": (
        BASELINE_GAP, 0.0, 1.0, 0.05, "Programme arm's head start at baseline (d, assumption)",
        "How much better off the programme arm already is before the programme starts", "46em", True,
    ),
}  # fmt: skip
#: name: description, (label, value) options, tooltips
_TOGGLES = {
    "control": (
        "Control arm",
        [("Waitlist control", "waitlist"), ("Active control", "active")],
        ["the control group gets nothing until later", "the control group gets another treatment"],
    ),
    "assignment": (
        "Assignment",
        [("Randomised", False), ("Non-randomised", True)],
        ["a coin decides each person's arm", "people end up in arms by choice or circumstance"],
    ),
}


class TrialDesign(widgets.VBox):
    """The controls of a two-arm design and what they assume; ``design`` follows every change."""

    design = traitlets.Instance(Design)

    def __init__(self, *, effect_size: float = 0.57, **kwargs) -> None:
        Design(effect_size=effect_size)  # refuses a non-number
        if not 0 <= effect_size <= 1.5:
            raise ValueError(f"effect_size must be from 0 to 1.5 (Cohen's d); got {effect_size!r}")
        self._syncing = False
        match = next((g for _, g, _ in EFFECTS if abs(g - effect_size) < 1e-9), _OWN)
        self.effect_menu = widgets.Dropdown(
            options=[(label, g) for label, g, _ in EFFECTS] + [("Your own value (slider)", _OWN)],
            value=match,
            description="Effect from",
            tooltip="A pooled effect from a meta-analysis, or your own value",
            style=_WIDE,
            layout=widgets.Layout(width="30em"),
        )
        for name, (value, lo, hi, step, description, tooltip, width, disabled) in _SLIDERS.items():
            slider = widgets.FloatSlider(
                value=effect_size if value is None else value, min=lo, max=hi, step=step,
                description=description, tooltip=tooltip, disabled=disabled, continuous_update=False,
                readout_format=".0%" if name == "active_share" else ".2f",
                style=_WIDE, layout=widgets.Layout(width=width),
            )  # fmt: skip
            setattr(self, name, slider)
        for name, (description, options, tooltips) in _TOGGLES.items():
            toggle = widgets.ToggleButtons(
                options=options, value=options[0][1], description=description, tooltips=tooltips, style=_WIDE
            )
            setattr(self, name, toggle)
        self.design_text = widgets.HTML("")
        self.effect_menu.observe(self._menu_changed, names=["value"])
        self.effect_size.observe(self._slider_changed, names=["value"])
        for ctl in (self.control, self.active_share, self.assignment, self.baseline_gap):
            ctl.observe(self._changed, names=["value"])
        super().__init__(
            [
                widgets.HBox([self.effect_menu, self.effect_size], layout=_ROW),
                widgets.HBox([self.control, self.active_share], layout=_ROW),
                widgets.HBox([self.assignment, self.baseline_gap], layout=_ROW),
                self.design_text,
            ],
            **kwargs,
        )
        self._changed()

    def _read(self) -> Design:
        return Design(
            effect_size=float(self.effect_size.value),
            control=self.control.value,
            active_share=float(self.active_share.value),
            baseline_gap=float(self.baseline_gap.value) if self.assignment.value else 0.0,
        )

    def _menu_changed(self, change) -> None:
        if self._syncing or change["new"] == _OWN:
            return
        self._syncing = True
        try:
            self.effect_size.value = float(change["new"])
        finally:
            self._syncing = False
        self._changed()

    def _slider_changed(self, change) -> None:
        if revert_if_not_finite(change) or self._syncing:
            return
        menu = self.effect_menu.value
        if menu != _OWN and abs(float(menu) - float(change["new"])) > 1e-9:
            self._syncing = True
            try:
                self.effect_menu.value = _OWN
            finally:
                self._syncing = False
        self._changed()

    def _changed(self, change=None) -> None:
        if revert_if_not_finite(change):
            return
        self.active_share.disabled = self.control.value != "active"
        self.baseline_gap.disabled = not self.assignment.value
        menu = self.effect_menu.value
        design = self._read()
        self.design_text.value = describe_design(design, None if menu == _OWN else effect_source(menu))
        self.design = design
