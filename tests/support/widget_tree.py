"""Walking a widget tree, for tests that look for a control or a figure inside a view."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["walk"]


def walk(widget) -> Iterator[object]:
    """``widget`` and every widget below it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
