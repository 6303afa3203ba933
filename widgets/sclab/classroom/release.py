"""What a class view may release from a class's responses (the rule against picking anyone out).

:func:`release` turns a class's scores, in the order they arrived, into the one summary a class
view, its CSV and the store's API may show. The rule, in plain words:

- Nothing at all below five responses, not even how many there are.
- The view moves in steps of five: it is computed from the first 5, 10, 15, ... responses to
  arrive, so one more response changes nothing until four others have joined it. Reading twice
  gives the same thing (the rule keeps no state).
- Means are rounded to one decimal. A score with few possible values (a component of four
  items moves in steps of 0.25) is shown only once that rounding hides any one person's value
  among at least five possible values (:func:`min_released`).
- The spread (SD) only from :data:`SD_FROM` responses, rounded to one decimal; never a minimum
  or a maximum.
- The distribution of totals in fixed bins no narrower than the rounding leaves a value at
  five responses (:data:`FINEST_BINS`); a bin with one to four people is merged with its
  neighbour (coarser bins), and if that is not enough no distribution is shown.

Why these figures. Steps of five mean that two readings differ by at least five responses, so a
difference of readings is the mean of five people, not one person's score. Rounding to one
decimal bounds what planting four known responses and waiting for a fifth can recover: the mean
of five is known to within 0.05 either way, so the fifth person's value only to within a stretch
0.5 wide (their value +/- 0.25 at worst). The SD waits for 20 released responses because at small
n the mean and SD together narrow down where the few values lie; at 20, one person moving a whole
point moves the SD by less than one rounding step (0.1) in 95% of simulated classes (spread 0.7,
seed 1, 2,000 classes), so it seldom shows in the one-decimal SD. Bins of 0.5 are no finer
than what the rounded mean already leaves open at five responses, and their edges are fixed,
never placed by the data. What rounding cannot do: near either end of the scale the stretch is
cut short by the end, so a planted-four attack learns more about a student at the very top or
bottom; and when five people who arrive together answer alike, the step between two readings
shows it for all five.

>>> import pandas as pd
>>> s = release("PSY101", "sc-practice", pd.DataFrame({"total": [2.0, 3.0, 3.5, 4.0, 4.5, 1.0]}))
>>> s.message
'6 received, next update at 10.'
>>> s.stats.to_dict("records")
[{'score': 'total', 'n': 5, 'mean': 3.4, 'sd': nan}]
>>> release("PSY101", "sc-practice", pd.DataFrame({"total": [2.0]})).received is None
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sclab.classroom.aggregates import MIN_RESPONSES, SD_FROM, is_score_column

__all__ = [
    "CANDIDATES",
    "DECIMALS",
    "FINEST_BINS",
    "RELEASED_COLUMNS",
    "SD_FROM",
    "Bin",
    "ClassSummary",
    "LookupLimiter",
    "min_released",
    "release",
    "score_step",
]

#: Means and SDs are released to this many decimals.
DECIMALS = 1
#: A score's mean is shown only when its rounding leaves one person at least this many possible values.
CANDIDATES = 5
#: The finest distribution: this many equal bins over the total's range (0.5 wide on a 1-5 scale).
FINEST_BINS = 8
#: The columns of :attr:`ClassSummary.stats`: no minimum, no maximum.
RELEASED_COLUMNS = ("score", "n", "mean", "sd")

SUPPRESSED_MESSAGE = (
    f"Fewer than five responses so far. Results appear from {MIN_RESPONSES} responses, "
    "so that no one's answers can be picked out."
)


@dataclass(frozen=True)
class Bin:
    """One released bin of the totals: ``low`` to ``high`` (the last bin holds its right edge)."""

    low: float
    high: float
    count: int  # 0 or at least MIN_RESPONSES


@dataclass(frozen=True)
class ClassSummary:
    """What a class view may show (:func:`release`): rounded aggregates of the first ``n`` responses.

    ``n`` is how many responses the view is computed from (a multiple of five; 0 while
    suppressed); ``received`` and ``next_update`` say how many have arrived and when the view
    moves next, and ``refused`` how many sends were refused: all three are None while suppressed,
    so not even a count shows below five. ``withheld`` maps a score not shown yet to the number
    of responses it appears from.
    """

    class_code: str
    instrument: str | None
    n: int
    suppressed: bool
    message: str
    stats: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(RELEASED_COLUMNS)))
    bins: tuple[Bin, ...] = ()  # the totals' distribution, every bin 0 or >= MIN_RESPONSES
    received: int | None = None
    next_update: int | None = None
    refused: int | None = None
    withheld: Mapping[str, int] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The released aggregates, for export: one row per shown score (empty while suppressed)."""
        out = self.stats.copy()
        out.insert(0, "class_code", self.class_code)
        out.insert(1, "instrument", self.instrument)
        return out


def _instrument(instrument: str | None):
    if instrument is None:
        return None
    from sclab.measure.instrument import load_instrument

    return load_instrument(instrument, wording=False)


def score_step(inst, score: str) -> float:
    """The largest gap between two neighbouring values ``score`` can take (whole-number answers).

    A component's mean of ``k`` items moves in steps of ``1/k``; a half or the total made of ``m``
    components moves in steps no larger than ``1/(m * fewest items)``, times the total's scale.
    Unknown scores (or no instrument) count as whole numbers, the most cautious choice.

    >>> from sclab.measure.instrument import load_instrument
    >>> inst = load_instrument("sc-practice", wording=False)
    >>> score_step(inst, "self_kindness"), score_step(inst, "total") == 1 / 24
    (0.25, True)
    """
    if inst is None:
        return 1.0
    sizes = {s.id: len(inst.subscale_items(s.id)) for s in inst.subscales}
    if score in sizes:
        return 1 / sizes[score]
    halves = {h.id: [s.id for s in h.subscales] for h in inst.halves}
    if score in halves:
        return 1 / (len(halves[score]) * min(sizes[s] for s in halves[score]))
    if score == "total":
        return inst.total_scale() / (len(sizes) * min(sizes.values()))
    return 1.0


def min_released(step: float) -> int:
    """The fewest responses (a multiple of five) from which a score moving in ``step`` is shown.

    With the other ``n - 1`` values known, a mean rounded to one decimal leaves the last one
    anywhere in a stretch ``n / 10`` wide; it is shown once that stretch holds
    :data:`CANDIDATES` possible values: ``n >= CANDIDATES * step * 10``.

    >>> min_released(1 / 24), min_released(0.25), min_released(0.5)
    (5, 15, 25)
    """
    need = CANDIDATES * step * 10**DECIMALS
    return max(MIN_RESPONSES, MIN_RESPONSES * math.ceil(need / MIN_RESPONSES - 1e-9))


def _released(values: pd.Series) -> pd.Series:
    """The first ``5 * floor(m / 5)`` of a score's ``m`` values, in arrival order."""
    v = values.dropna()
    return v.iloc[: MIN_RESPONSES * (len(v) // MIN_RESPONSES)]


def _stats(scores: pd.DataFrame, inst) -> tuple[pd.DataFrame, dict[str, int]]:
    rows, withheld = [], {}
    for col in [c for c in scores.columns if is_score_column(scores[c])]:
        values = _released(scores[col].astype(float))
        need = min_released(score_step(inst, col))
        if len(values) < need:
            withheld[col] = need
            continue
        sd = round(float(values.std()), DECIMALS) if len(values) >= SD_FROM else math.nan
        rows.append((col, len(values), round(float(values.mean()), DECIMALS), sd))
    frame = pd.DataFrame(rows, columns=list(RELEASED_COLUMNS))
    return frame.astype({"n": int, "mean": float, "sd": float}), withheld


def _bins(totals: pd.Series, inst) -> tuple[Bin, ...]:
    """The finest of 8, 4 or 2 equal bins in which no bin holds one to four people; else none."""
    if inst is None or totals.empty:
        return ()
    lo, hi = inst.total_range()
    counts, edges = np.histogram(totals.clip(lo, hi), bins=FINEST_BINS, range=(lo, hi))
    while len(counts) >= 2:
        if not ((counts > 0) & (counts < MIN_RESPONSES)).any():
            return tuple(
                Bin(float(a), float(b), int(c)) for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
            )
        counts, edges = counts.reshape(-1, 2).sum(axis=1), edges[::2]
    return ()


def release(
    class_code: str, instrument: str | None, scores: pd.DataFrame, *, refused: int = 0
) -> ClassSummary:
    """The summary a class view may show of ``scores`` (one row per response, in arrival order).

    Pure and stateless: the same responses give the same summary however often it is read.
    ``refused`` is the number of sends the store turned away, shown only with the results.
    """
    if refused < 0:
        raise ValueError(f"refused must be a count of refused sends (0 or more); got {refused}")
    received = len(scores)
    n = MIN_RESPONSES * (received // MIN_RESPONSES)
    if n == 0:
        return ClassSummary(class_code, instrument, 0, True, SUPPRESSED_MESSAGE)
    inst = _instrument(instrument)
    stats, withheld = _stats(scores, inst)
    totals = _released(scores["total"].astype(float)) if "total" in scores else pd.Series(dtype=float)
    return ClassSummary(
        class_code,
        instrument,
        n,
        False,
        f"{received} received, next update at {n + MIN_RESPONSES}.",
        stats,
        _bins(totals, inst),
        received=received,
        next_update=n + MIN_RESPONSES,
        refused=int(refused),
        withheld=withheld,
    )


@dataclass
class LookupLimiter:
    """Slows down guessing class codes: after ``max_failures`` failed lookups in a row, no lookup
    for ``wait`` seconds; each further failure starts the wait again, a good lookup resets it.

    ``clock`` (seconds, default :func:`time.monotonic`) is injectable for tests.

    >>> t = [0.0]
    >>> lim = LookupLimiter(max_failures=2, wait=30, clock=lambda: t[0])
    >>> lim.failed(); lim.failed(); lim.blocked_for()
    30.0
    >>> t[0] = 31.0; lim.blocked_for()
    0.0
    """

    max_failures: int = 3
    wait: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    _until: float = 0.0

    def blocked_for(self) -> float:
        """Seconds until the next lookup is allowed (0 when it is allowed now)."""
        return max(0.0, self._until - self.clock())

    def failed(self) -> None:
        """Record a lookup of a code that is malformed or names no class."""
        self.failures += 1
        if self.failures >= self.max_failures:
            self._until = self.clock() + self.wait

    def succeeded(self) -> None:
        """Record a lookup of a class that exists."""
        self.failures = 0
