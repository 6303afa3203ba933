"""Where the shipped content lives, found through :mod:`importlib.resources`.

A built wheel carries everything inside the package (``sclab/datasets/...``, ``sclab/course/...``);
an editable install or a source checkout reads the same folders from the repository's top level.
One function answers for every kind, so no module works out a path from ``__file__``.

>>> sorted(p.name for p in shipped("instruments").glob("*.yaml"))[:2]
['co-practice.yaml', 'mt-practice.yaml']
>>> shipped_file("cards", "no-such-card")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: unknown card 'no-such-card'; valid ids: emerging-adults, humane-education-india, ...
>>> shipped("recipes")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: unknown kind of shipped content 'recipes'; known kinds: cards, checks, course, dashboards, ...
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["KINDS", "shipped", "shipped_file", "shipped_names"]

#: Kind of content -> its folder, relative to the package (in a wheel) or the repository (in a clone).
KINDS: dict[str, str] = {
    "cards": "datasets/cards",
    "checks": "content/checks",
    "course": "course",
    "dashboards": "course/dashboards",
    "instruments": "datasets/instruments",
    "personas": "content/personas",
    "samples": "datasets/samples",
    "templates": "classroom/share",
}


def _roots() -> tuple[Path, ...]:
    package = Path(str(files("sclab")))
    return (package, package.parent.parent)  # the wheel's layout, then a clone's (widgets/sclab)


def shipped(kind: str) -> Path:
    """The folder of shipped content of one kind (see :data:`KINDS`).

    Raises ``ValueError`` for an unknown kind and ``FileNotFoundError`` (saying where it looked)
    when the install lacks the folder.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of shipped content {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    tried = [root / KINDS[kind] for root in _roots()]
    for folder in tried:
        if folder.is_dir():
            return folder
    raise FileNotFoundError(
        f"sclab's shipped {kind} folder is missing: looked in {' and '.join(map(str, tried))}. "
        "Reinstall sclab or run from a full clone."
    )


#: What one file of a kind is called in messages, its file ending, and what its name is called.
_FILES = {
    "cards": ("card", ".yaml", "ids"),
    "checks": ("check", ".yaml", "names"),
    "instruments": ("instrument", ".yaml", "ids"),
    "personas": ("persona file", ".yaml", "ids"),
    "samples": ("sample", ".csv", "names"),
}


def shipped_names(kind: str) -> list[str]:
    """The names (file stems) of the shipped files of one kind, sorted: ``shipped_names("cards")``."""
    _, ending, _ = _FILES[kind]
    return sorted(p.stem for p in shipped(kind).glob(f"*{ending}"))


def shipped_file(kind: str, name: str) -> Path:
    """The shipped file ``name`` of one kind; an unknown name is a ValueError listing the valid ones."""
    what, ending, called = _FILES[kind]
    valid = shipped_names(kind)
    if name not in valid:
        raise ValueError(f"unknown {what} {name!r}; valid {called}: {', '.join(valid)}")
    return shipped(kind) / f"{name}{ending}"
