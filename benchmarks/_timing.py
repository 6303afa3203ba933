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
