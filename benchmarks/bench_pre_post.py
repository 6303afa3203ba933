"""Benchmark every control of PrePostExplorer: median milliseconds per change (aim: under 100 ms).

    python benchmarks/bench_pre_post.py [--repeat 15] [--quick]

Each control is moved back and forth between two values ``--repeat`` times and the median time of
one change (the model's analysis plus the redraw of figure, text and table) is printed. Changing
the number of students or the seed draws a new sample from the card; the other controls reuse it.
``--quick`` (what .ci/run runs) repeats each change 5 times and finishes in a few seconds.
Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import time

from _timing import median_ms, setter

from sclab.ui import PrePostExplorer


def _median_ms(control, values, repeat: int) -> float:
    return median_ms([setter(control, values[j % 2]) for j in range(repeat)])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15, help="changes per control (default 15)")
    ap.add_argument("--quick", action="store_true", help="5 changes per control (for CI)")
    opts = ap.parse_args()
    repeat = 5 if opts.quick else opts.repeat
    t0 = time.perf_counter()
    view = PrePostExplorer(design="two_group")
    print(f"build: {(time.perf_counter() - t0) * 1000:.0f} ms")
    cases = [
        ("outcome", view.outcome, ["empathy", "compassion"]),
        ("design", view.design, ["one_group", "two_group"]),
        ("students taken in", view.lowest, [20, 0]),
        ("students drawn (100 <-> 1000)", view.n, [1000, 100]),
        ("seed", view.seed, [view.seed.value + 1, view.seed.value]),
    ]
    print(f"{'control':32} median ms per change ({repeat} changes)")
    for name, control, values in cases:
        print(f"{name:32} {_median_ms(control, values, repeat):8.1f}")
    view.n.value = 1000
    print(f"{'seed at 1000 students':32} {_median_ms(view.seed, [11, 12], repeat):8.1f}")
    t0 = time.perf_counter()
    view.new_sample_button.click()
    print(f"{'New sample (one click, 1000)':32} {(time.perf_counter() - t0) * 1000:8.1f}")


if __name__ == "__main__":
    main()
