"""Walking a widget tree, for tests that look for a control or a figure inside a view."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["controls", "walk"]


def walk(widget) -> Iterator[object]:
    """``widget`` and every widget below it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def controls(view) -> list:
    """The controls a person can use inside ``view``: value widgets and buttons, text displays aside."""
    import ipywidgets as widgets

    found = [w for w in walk(view) if isinstance(w, (widgets.ValueWidget, widgets.Button))]
    return [w for w in found if not isinstance(w, (widgets.HTML, widgets.Label))]
