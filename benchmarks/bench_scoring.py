"""Benchmark: score 1,000,000 respondents x 26 SCS items, beside the same reduction in bare NumPy.

Prints figures; asserts nothing. Run: python benchmarks/bench_scoring.py [--n N]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import best_of, options, peak_traced_memory

import sclab


def bare_numpy(x: np.ndarray, reversed_: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """The core reduction with nothing else: reverse, six subscale means, their grand mean."""
    keyed = np.where(reversed_, 6.0 - x, x)
    means = np.column_stack([keyed[:, g].mean(axis=1) for g in groups])
    return means.mean(axis=1)


def main() -> None:
    args = options(n=1_000_000, repeat=3)

    scs = sclab.load_instrument("scs")
    rng = np.random.default_rng(1)
    x = rng.integers(1, 6, size=(args.n, 26)).astype(float)
    frame = pd.DataFrame(x, columns=scs.item_ids)
    reversed_ = np.array([it.reversed for it in scs.items])
    groups = [np.array([it.number - 1 for it in scs.subscale_items(s.id)]) for s in scs.subscales]

    scored = scs.score(frame)
    assert np.allclose(scored["total"].to_numpy(), bare_numpy(x, reversed_, groups))

    s_best, s_med = best_of(lambda: scs.score(frame), args.repeat)
    b_best, b_med = best_of(lambda: bare_numpy(x, reversed_, groups), args.repeat)
    peak = peak_traced_memory(lambda: scs.score(frame))

    print(f"bench_scoring: {args.n:,} respondents x 26 items (SCS), best of {args.repeat}")
    print(f"  sclab Instrument.score : {s_best:.3f} s (median {s_med:.3f} s); full tidy frame with flags")
    print(f"  bare NumPy reduction   : {b_best:.3f} s (median {b_med:.3f} s); total only")
    print(f"  ratio                  : {s_best / b_best:.2f}x   (aims: under 1.5 s, within 3x)")
    print(f"  peak traced memory     : {peak / 2**20:.0f} MiB (input frame {x.nbytes / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
