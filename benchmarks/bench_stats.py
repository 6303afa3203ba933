"""Benchmark: the two slow helpers of sclab.stats, at the sizes a notebook uses.

- ``power_by_simulation(0.5, 25, n_sims=2000)``: 2,000 simulated two-arm trials (Welch t test)
- ``mediation(...)`` on the emerging-adults sample (N = 200), three parallel mediators, ``n_boot=1000``

Prints figures; asserts nothing. Run: python benchmarks/bench_stats.py [--repeat R]
"""

from __future__ import annotations

from _timing import best_of, options

from sclab import load_sample, stats


def main() -> None:
    args = options(repeat=5)

    adults = load_sample("emerging-adults")
    mediators = ["scs_total", "friends", "family"]
    # warm up the imports (pingouin, statsmodels, scipy) so they are not timed
    stats.power_by_simulation(0.5, 25, n_sims=10, seed=0)
    stats.mediation(adults, "distress_total", mediators, "satisfaction_total", n_boot=100, seed=0)

    cases = {
        "power_by_simulation(0.5, 25, n_sims=2000)": lambda: stats.power_by_simulation(
            0.5, 25, n_sims=2000, seed=1
        ),
        "mediation(emerging-adults, 3 mediators, n_boot=1000)": lambda: stats.mediation(
            adults, "distress_total", mediators, "satisfaction_total", n_boot=1000, seed=1
        ),
    }
    print(f"best and median of {args.repeat} runs")
    for name, fn in cases.items():
        best, median = best_of(fn, args.repeat)
        print(f"{name:<58} best {best * 1000:8.1f} ms   median {median * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
