"""Which columns of a table hold which items: a pattern such as ``Q{n}``, a mapping, or detection."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sclab.measure.instrument import Instrument

__all__ = ["detect_pattern", "resolve_columns"]

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)(\D*)$")


def _check_pattern(pattern: str) -> None:
    if pattern.count("{n}") != 1:
        raise ValueError(
            f"item pattern {pattern!r} must contain '{{n}}' exactly once, where the item number goes "
            "(for example 'scs_{n}', 'SC_{n}' or 'Q{n}')"
        )


def resolve_columns(
    instrument: Instrument, columns: Sequence[str], items: str | Mapping[int, str] | None = None
) -> list[str]:
    """Return the column holding each item, in item-number order.

    ``items`` is a pattern with ``{n}`` for the item number, a mapping ``{number: column}``, or
    ``None`` for the instrument's own item ids (``scs_1`` ..). Every item must be found.

    >>> from sclab import load_instrument
    >>> resolve_columns(load_instrument("scs-sf"), [f"Q{i}" for i in range(1, 13)], "Q{n}")[:3]
    ['Q1', 'Q2', 'Q3']
    """
    numbers = [it.number for it in instrument.items]
    if items is None:
        items = f"{instrument.key}_{{n}}"
    if isinstance(items, str):
        _check_pattern(items)
        wanted = {n: items.replace("{n}", str(n)) for n in numbers}
        how = f"pattern {items!r}"
    else:
        wanted = {int(n): str(c) for n, c in items.items()}
        unknown = sorted(set(wanted) - set(numbers))
        if unknown:
            raise ValueError(f"item numbers {unknown} are not items of {instrument.id} (1-{len(numbers)})")
        how = "the column mapping"
    present = set(columns)
    missing = [f"{wanted.get(n, '?')} (item {n})" for n in numbers if wanted.get(n) not in present]
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise ValueError(
            f"{len(missing)} of {len(numbers)} {instrument.id} item columns not found with {how}: "
            f"{shown}. Name the item columns with a pattern such as --items 'Q{{n}}'."
        )
    return [wanted[n] for n in numbers]


def detect_pattern(instrument: Instrument, columns: Sequence[str]) -> str:
    """Find the one pattern whose numbered columns cover exactly the instrument's items.

    Columns are grouped by what stands before and after their last number (``Q1_7`` belongs to
    ``Q1_{n}``); a group whose numbers are exactly 1..N, N the instrument's length, is a candidate.
    Raises ``ValueError`` naming the candidates when there are several, or the nearest groups
    when there is none.

    >>> from sclab import load_instrument
    >>> detect_pattern(load_instrument("scs-sf"), ["Timestamp"] + [f"SC_{i}" for i in range(1, 13)])
    'SC_{n}'
    """
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for col in columns:
        m = _TRAILING_NUMBER.match(str(col))
        if m:
            groups[(m.group(1), m.group(3))].add(int(m.group(2)))
    want = set(range(1, instrument.n_items + 1))
    candidates = sorted(pre + "{n}" + post for (pre, post), nums in groups.items() if nums == want)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise ValueError(
            f"more than one set of columns could hold the {instrument.n_items} {instrument.id} items: "
            f"{', '.join(candidates)}. Choose one with --items (for example --items '{candidates[0]}')."
        )
    near = sorted(
        ((len(nums & want), pre + "{n}" + post, len(nums)) for (pre, post), nums in groups.items()),
        reverse=True,
    )[:3]
    hint = (
        "; nearest: "
        + ", ".join(f"{p} ({k} columns, {c} of items 1-{instrument.n_items})" for c, p, k in near)
        if near
        else ""
    )
    raise ValueError(
        f"no set of columns numbered 1-{instrument.n_items} found for {instrument.id}{hint}. "
        "Name the item columns with --items, for example --items 'Q{n}'."
    )
