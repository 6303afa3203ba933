"""Benchmark: every control of IncrementalValidityExplorer, as the median time of one change (the
observer's redraw: a new sample where the control asks for one, both regressions, the figure and the
table). Aim: under 100 ms per change.

- outcome and scores: refit on the sample on show (at n = 51 and n = 2,000);
- sample size, seed, "New sample", "Published size (51)": draw a new sample too (the sample cache is
  cleared before each change, so every timing includes the simulation);
- the first build of the widget.

Prints figures; asserts nothing. Run: python benchmarks/bench_incremental_validity.py [--repeat R] [--quick]
(``--quick``, what .ci/run runs, takes 3 changes per control and well under 15 s).
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable

from _timing import median_ms, setter

from sclab.lessons import incremental_validity as model
from sclab.ui import IncrementalValidityExplorer


def _median_ms(changes: list[Callable[[], object]], *, cold: bool) -> float:
    return median_ms(changes, model.sample.cache_clear if cold else None)


def _cases(view: IncrementalValidityExplorer, k: int) -> dict[str, tuple[list, bool]]:
    outcomes = itertools.cycle(model.OUTCOMES[1:] + model.OUTCOMES[:1])
    scores = itertools.cycle(["true", "observed"])
    sizes = itertools.cycle([120, 51, 800, 300])
    return {
        "outcome (refit)": ([setter(view.outcome, next(outcomes)) for _ in range(k)], False),
        "scores (refit)": ([setter(view.scores, next(scores)) for _ in range(k)], False),
        "sample size 120/51/800/300 (new sample)": ([setter(view.n, next(sizes)) for _ in range(k)], True),
        "seed (new sample)": ([setter(view.seed, 100 + j) for j in range(k)], True),
        "New sample button": ([view.new_sample_button.click for _ in range(k)], True),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15, help="changes per control (default 15)")
    ap.add_argument("--quick", action="store_true", help="3 changes per control (for CI)")
    args = ap.parse_args()
    k = 3 if args.quick else args.repeat

    t0 = time.perf_counter()
    IncrementalValidityExplorer()  # the first build also imports statsmodels and plotly
    print(f"first build (imports included)                      {(time.perf_counter() - t0) * 1000:8.1f} ms")
    t0 = time.perf_counter()
    view = IncrementalValidityExplorer()
    print(f"a second build                                      {(time.perf_counter() - t0) * 1000:8.1f} ms")
    print(f"median of {k} changes per control")
    for n in (51, 2000):
        view.n.value = n
        for name, (changes, cold) in _cases(view, k).items():
            if cold and n == 2000:
                continue
            print(f"n = {n:<5} {name:<40} {_median_ms(changes, cold=cold):8.1f} ms")
    big = [
        lambda: setattr(view.seed, "value", view.seed.value + 1),
        lambda: setattr(view.n, "value", 1999),
        lambda: setattr(view.n, "value", 2000),
    ]
    print(f"n = 2000  {'new sample of 2,000 (size or seed)':<40} {_median_ms(big[:k], cold=True):8.1f} ms")
    view.n.value = 300
    published = [view.published_button.click, setter(view.n, 300)] * k
    print(f"{'Published size (51) button, and back to 300':<50} {_median_ms(published, cold=True):8.1f} ms")


if __name__ == "__main__":
    main()
