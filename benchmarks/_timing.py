"""Timing and memory helpers the benchmarks share (imported as ``_timing``: Python puts a script's
own folder on ``sys.path``). They measure and return figures; nothing here asserts a time."""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable


def options(*, n: int | None = None, repeat: int = 3) -> argparse.Namespace:
    """The command line: ``--repeat R`` (runs per case) and, where a size is given, ``--n N``."""
    parser = argparse.ArgumentParser()
    if n is not None:
        parser.add_argument("--n", type=int, default=n, help=f"respondents (default {n:,})")
    parser.add_argument("--repeat", type=int, default=repeat, help=f"runs per case (default {repeat})")
    return parser.parse_args()


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The best and the median wall-clock time of ``repeat`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def peak_traced_memory(fn: Callable[[], object]) -> int:
    """The peak of memory allocated through Python (tracemalloc) during one call of ``fn``, in bytes."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def setter(widget, value) -> Callable[[], None]:
    """A control change to time: set ``widget.value`` to ``value`` (as a visitor's change would)."""
    return lambda: setattr(widget, "value", value)


def median_ms(changes: list[Callable[[], object]], before: Callable[[], object] | None = None) -> float:
    """The median wall-clock time of the calls in ``changes``, in ms (``before`` runs untimed before each)."""
    times = []
    for change in changes:
        if before is not None:
            before()
        t0 = time.perf_counter()
        change()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000
