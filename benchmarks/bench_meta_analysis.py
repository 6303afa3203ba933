"""Benchmark: every control of MetaAnalysisExplorer, as the median time of one change (the observer's
redraw: the studies simulated, pooled with statsmodels, the forest plot and the table). Aim: under
100 ms per change.

- k (studies), people per study, tau, "Publish only significant" (on and off, with small studies,
  where the most studies are run), seed, "New studies";
- the first build of the widget.

Prints figures; asserts nothing. Run: python benchmarks/bench_meta_analysis.py [--repeat R] [--quick]
(``--quick``, what .ci/run runs, takes 3 changes per control and well under 15 s).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable

from _timing import median_ms, setter

from sclab.ui import MetaAnalysisExplorer


def _cases(view: MetaAnalysisExplorer, k: int) -> dict[str, list[Callable[[], None]]]:
    ks = itertools.cycle([40, 5, 25, 10])
    ranges = itertools.cycle([(10, 1000), (30, 300), (500, 1000), (10, 40)])
    taus = itertools.cycle([0.3, 0.0, 0.15, 0.4])
    return {
        "k 40/5/25/10": [setter(view.k, next(ks)) for _ in range(k)],
        "people per study": [setter(view.n_range, next(ranges)) for _ in range(k)],
        "tau": [setter(view.tau, next(taus)) for _ in range(k)],
        "seed": [setter(view.seed, 100 + j) for j in range(k)],
        "New studies button": [view.new_studies_button.click for _ in range(k)],
    }


def _significant_cases(view: MetaAnalysisExplorer, k: int) -> list[Callable[[], None]]:
    view.n_range.value, view.k.value = (10, 40), 40  # the worst case: many small studies to run
    flags = itertools.cycle([True, False])
    return [setter(view.only_significant, next(flags)) for _ in range(k)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15, help="changes per control (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 changes per control (for CI)")
    args = parser.parse_args()
    k = 3 if args.quick else args.repeat
    t0 = time.perf_counter()
    view = MetaAnalysisExplorer(seed=2008)
    print(f"first build: {(time.perf_counter() - t0) * 1000:.0f} ms (imports included)")
    builds = []
    for j in range(k):
        t0 = time.perf_counter()
        MetaAnalysisExplorer(seed=j)
        builds.append(time.perf_counter() - t0)
    print(f"build (warm): median {statistics.median(builds) * 1000:.0f} ms over {k}")
    for name, changes in _cases(view, k).items():
        print(f"{name}: median {median_ms(changes):.0f} ms per change over {k}")
    changes = _significant_cases(view, k)
    print(f"publish only significant (k 40, n 10-40): median {median_ms(changes):.0f} ms per change over {k}")


if __name__ == "__main__":
    main()
