"""Controls the explorers share: sample size, seed box, "New sample" (checks live in :mod:`sclab.validation`).

Every explorer that draws a simulated sample shows its seed in a box the student can edit, and a
"New sample" button that moves to the next seed, so the same seed always gives the same sample.

>>> seed = seed_box(7)
>>> button = next_seed_button(seed)
>>> button.click(); seed.value
8
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from sclab.validation import MAX_SEED
from sclab.validation import seed as seed_check

__all__ = ["WRAP", "next_seed_button", "revert_if_not_finite", "row", "seed_box", "size_slider"]

#: A row of controls that wraps onto the next line where the screen is narrow (a 360 px phone).
WRAP = {"flex_flow": "row wrap", "align_items": "center", "grid_gap": "4px 12px"}


def row(*children: widgets.Widget, **layout) -> widgets.HBox:
    """Controls side by side, wrapping onto more lines on a narrow screen instead of running off it.

    >>> row(widgets.Button(), widgets.Button()).layout.flex_flow
    'row wrap'
    """
    return widgets.HBox(list(children), layout=widgets.Layout(**(WRAP | layout)))


def seed_box(
    seed: int,
    *,
    tooltip: str = "The random seed: the same seed gives the same sample",
    width: str = "12em",
    **kwargs,
) -> widgets.BoundedIntText:
    """A labelled box holding the seed of the sample on show (0 to :data:`MAX_SEED`)."""
    return widgets.BoundedIntText(
        value=seed_check(seed),
        min=0,
        max=MAX_SEED,
        description="Seed",
        tooltip=tooltip,
        layout=widgets.Layout(width=width, max_width="100%"),
        **kwargs,
    )


def next_seed_button(
    seed: widgets.BoundedIntText,
    *,
    description: str = "New sample",
    tooltip: str = "Draw another sample from the same population (next seed)",
    **kwargs,
) -> widgets.Button:
    """A button that moves ``seed`` on by one (what the explorers observe to redraw).

    It keeps the width of its words: in a row on a phone it moves to the next line, never shrinks.
    """
    kwargs.setdefault("layout", widgets.Layout(width="auto", flex="0 0 auto"))
    button = widgets.Button(description=description, tooltip=tooltip, **kwargs)
    button.on_click(lambda _: setattr(seed, "value", min(seed.value + 1, MAX_SEED)))
    return button


def size_slider(
    n: int,
    lo: int,
    hi: int,
    *,
    step: int,
    tooltip: str,
    description: str = "Sample size",
    width: str = "28em",
) -> widgets.IntSlider:
    """A labelled sample-size slider that changes its value only when released (one redraw per move).

    >>> size_slider(200, 20, 2000, step=10, tooltip="People in one study").description
    'Sample size'
    """
    return widgets.IntSlider(
        value=n,
        min=lo,
        max=hi,
        step=step,
        description=description,
        tooltip=tooltip,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width, max_width="100%"),
    )


def revert_if_not_finite(change: dict | None) -> bool:
    """A page visitor can send NaN or infinity to a float slider: put the old value back and return
    True, so the observer stops there; False for any other change (or ``None``).

    >>> s = widgets.FloatSlider(value=0.5)
    >>> revert_if_not_finite({"new": float("nan"), "old": 0.5, "owner": s}), s.value
    (True, 0.5)
    """
    if change is not None and isinstance(change["new"], float) and not math.isfinite(change["new"]):
        change["owner"].value = change["old"]
        return True
    return False
