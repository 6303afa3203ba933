"""Benchmark: control-to-figure update times of the course widgets, and notebook execution times.

Prints figures; asserts nothing. Update time is measured in-process: from setting a control's
value (what a click does on the kernel side) to the figure's data being updated. Run:
python benchmarks/bench_course.py [--repeat N] [--no-notebooks]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(action, repeat: int) -> tuple[float, float]:
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def widget_updates(repeat: int) -> list[tuple[str, float, float]]:
    from sclab.ui import CompareToSample, Questionnaire, ScoreReport

    rows = []
    q = Questionnaire("sc-practice", seed=1)
    report = ScoreReport("sc-practice").follow(q)
    compare = CompareToSample("students-scs", n=1000, seed=1).follow(q)
    q.use_simulated_respondent()

    groups, views, sizes = ["woman", "man", ""], ["ecdf", "hist"], [5000, 1000]
    cases = [
        ("Questionnaire submit -> report + compare", lambda i: q.submit()),
        ("ScoreReport group toggle", lambda i: setattr(report.group, "value", groups[i % 3])),
        ("CompareToSample group toggle", lambda i: setattr(compare.group, "value", groups[i % 3])),
        ("CompareToSample histogram/ECDF", lambda i: setattr(compare.view, "value", views[i % 2])),
        ("CompareToSample new sample (n=1,000)", lambda i: compare.new_sample_button.click()),
        ("CompareToSample sample size 1,000<->5,000", lambda i: setattr(compare.n, "value", sizes[i % 2])),
    ]
    rows += [(name, *timed(action, repeat)) for name, action in cases]
    from sclab.ui import ScoringExplorer

    ex = ScoringExplorer()
    keys = [value for _, value in ex.keying.options]
    cases = [
        ("ScoringExplorer scoring key", lambda i: setattr(ex.keying, "value", keys[(i + 1) % len(keys)])),
        ("ScoringExplorer short-form k", lambda i: setattr(ex.k, "value", [8, 12, 20][i % 3])),
        ("ScoringExplorer alpha slider", lambda i: setattr(ex.alpha, "value", [0.7, 0.9][i % 2])),
        ("ScoringExplorer new sample", lambda i: ex.new_sample_button.click()),
    ]
    rows += [(name, *timed(action, repeat)) for name, action in cases]
    return rows + part2_updates(repeat)


def part2_updates(repeat: int) -> list[tuple[str, float, float]]:
    """Notebooks 04-09. The power curve and the bootstrap are long runs: timed separately."""
    from sclab.ui import (
        CorrelationExplorer,
        MediationExplorer,
        ModerationExplorer,
        ReflectionJournal,
        RegressionExplorer,
        ThreeArmTrial,
        TrialSimulator,
    )

    corr, mod, reg = CorrelationExplorer(seed=1), ModerationExplorer(seed=1), RegressionExplorer(seed=1)
    trial, three = TrialSimulator(seed=1), ThreeArmTrial(seed=1)
    med = MediationExplorer(n=200, seed=1, n_boot=1000)
    journal = ReflectionJournal()
    outcomes = [value for _, value in corr.outcome.options]
    variants = [value for _, value in three.variant.options]
    first = next(iter(reg.checks.values()))
    cases = [
        ("CorrelationExplorer outcome", lambda i: setattr(corr.outcome, "value", outcomes[(i + 1) % 4])),
        ("CorrelationExplorer sample size 200<->800", lambda i: setattr(corr.n, "value", [800, 200][i % 2])),
        ("CorrelationExplorer new sample", lambda i: corr.new_sample_button.click()),
        ("ModerationExplorer distress threshold", lambda i: setattr(mod.threshold, "value", [10, 20][i % 2])),
        ("ModerationExplorer new sample (n=811)", lambda i: mod.new_sample_button.click()),
        ("RegressionExplorer predictor on/off", lambda i: setattr(first, "value", i % 2 == 1)),
        ("RegressionExplorer new sample", lambda i: reg.new_sample_button.click()),
        ("TrialSimulator run one trial", lambda i: trial.run_button.click()),
        ("TrialSimulator N per arm", lambda i: setattr(trial.n, "value", [50, 25][i % 2])),
        ("ThreeArmTrial meta-analysis", lambda i: setattr(three.variant, "value", variants[(i + 1) % 2])),
        ("ReflectionJournal typing -> preview", lambda i: setattr(journal.areas[0], "value", "x" * i)),
    ]
    rows = [(name, *timed(action, repeat)) for name, action in cases]
    # The mediation paths update at once (least squares); the bootstrap follows in a thread.
    for name, action in [
        ("MediationExplorer standardised on/off", lambda i: setattr(med.standardised, "value", i % 2 == 1)),
        ("MediationExplorer new sample", lambda i: med.new_sample_button.click()),
    ]:
        times = []
        for i in range(repeat):
            med.join()
            t0 = time.perf_counter()
            action(i)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append((name + " (paths; bootstrap follows)", statistics.median(times), max(times)))
    med.join()
    runs = max(3, repeat // 4)
    rows.append(
        (
            "MediationExplorer bootstrap 200 x 1,000 (default)",
            *timed(lambda i: med.run_bootstrap(background=False), runs),
        )
    )
    rows.append(
        (
            "TrialSimulator power curve (defaults)",
            *timed(lambda i: trial.run_power_curve(background=False), runs),
        )
    )
    big = MediationExplorer(n=1000, seed=1, n_boot=2000)
    rows.append(
        (
            "MediationExplorer bootstrap 1,000 x 2,000",
            *timed(lambda i: big.run_bootstrap(background=False), runs),
        )
    )
    return rows


def notebook_times() -> list[tuple[str, float]]:
    import nbclient
    import nbformat

    out = []
    for path in sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        out.append((path.name, time.perf_counter() - t0))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-notebooks", action="store_true")
    args = parser.parse_args()
    print(f"bench_course: control change -> figure data updated, in-process, {args.repeat} repeats")
    for name, med, worst in widget_updates(args.repeat):
        print(f"  {name:<58} median {med:7.1f} ms   max {worst:7.1f} ms")
    print("  (aim: under 100 ms; the power curve and the large bootstrap show progress and aim at a few s)")
    if not args.no_notebooks:
        times = notebook_times()
        for name, secs in times:
            print(f"  notebook {name:<40} {secs:6.1f} s (fresh kernel, start to end)")
        first4 = sum(s for n, s in times if n[:2] in ("00", "01", "02", "03"))
        part2 = sum(s for n, s in times if "04" <= n[:2] <= "09")
        print(f"  notebooks 00-03 together: {first4:.1f} s (aim: under 60 s)")
        print(f"  notebooks 04-09 together: {part2:.1f} s")


if __name__ == "__main__":
    main()
