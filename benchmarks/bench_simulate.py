"""Benchmark: simulate and score 1,000,000 respondents of ``spain-compassion-distress`` (every
item-level variable: 26 SCS + 16 compassion-for-others + 3 x 7 distress + 7 well-being items),
beside bare NumPy drawing the same number of correlated normals in the same run.

Prints figures; asserts nothing. Run: python benchmarks/bench_simulate.py [--n N] [--repeat R]
"""

from __future__ import annotations

import resource
import time

import numpy as np
from _timing import best_of, options, peak_traced_memory

from sclab.populations.plan import plan
from sclab.populations.simulate import simulate

CARD = "spain-compassion-distress"


def bare_constructs(n: int, chol: np.ndarray) -> np.ndarray:
    """Only the correlated construct scores: n x k standard normals times the Cholesky factor."""
    return np.random.default_rng(1).standard_normal((n, chol.shape[0])) @ chol.T


def bare_all_normals(n: int, chol: np.ndarray, extra: list[int]) -> float:
    """Every normal the generator needs per respondent: the correlated constructs plus the
    independent item and subscale noises, drawn in blocks as the generator does (no cutting)."""
    rng = np.random.default_rng(1)
    z = rng.standard_normal((n, chol.shape[0])) @ chol.T
    acc = float(z[:, 0].sum())
    for width in extra:
        acc += float(rng.standard_normal((n, width))[:, 0].sum())
    return acc


def main() -> None:
    args = options(n=1_000_000, repeat=3)

    t0 = time.perf_counter()
    p = plan(CARD)
    t_plan = time.perf_counter() - t0
    # per respondent: the subscale residuals (one block) + the items, for each instrument; items for scales
    blocks = [6, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 7, 7, 7, 7]
    n_normals = p.chol.shape[0] + sum(blocks)

    df = simulate(CARD, args.n, seed=1)
    s_best, s_med = best_of(lambda: simulate(CARD, args.n, seed=1), args.repeat)
    c_best, c_med = best_of(lambda: bare_constructs(args.n, p.chol), args.repeat)
    a_best, a_med = best_of(lambda: bare_all_normals(args.n, p.chol, blocks), args.repeat)

    peak = peak_traced_memory(lambda: simulate(CARD, args.n, seed=1))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    print(f"bench_simulate: {args.n:,} respondents of {CARD}, best of {args.repeat}")
    print(f"  calibration (once, cached)      : {t_plan:.2f} s")
    print(
        f"  sclab simulate + score          : {s_best:.2f} s (median {s_med:.2f} s); "
        f"{df.shape[1]} columns, {len(p.constructs)} constructs, {n_normals} normals per respondent"
    )
    print(f"  bare NumPy, {len(p.constructs)} correlated normals : {c_best:.3f} s (median {c_med:.3f} s)")
    print(f"  bare NumPy, all {n_normals} normals      : {a_best:.2f} s (median {a_med:.2f} s)")
    print(f"  ratio to the construct draw     : {s_best / c_best:.1f}x")
    print(f"  ratio to drawing every normal   : {s_best / a_best:.1f}x   (aim: within 5x)")
    print(
        f"  peak traced memory (simulate)   : {peak / 2**20:.0f} MiB; result frame "
        f"{df.memory_usage(deep=True).sum() / 2**20:.0f} MiB; max RSS of the run {rss / 2**10:.0f} MiB"
    )


if __name__ == "__main__":
    main()
