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
    report = ScoreReport("sc-practice").connect(q)
    compare = CompareToSample("students-scs", n=1000, seed=1).connect(q)
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
        print(f"  {name:<46} median {med:7.1f} ms   max {worst:7.1f} ms")
    print("  (aim: under 50 ms)")
    if not args.no_notebooks:
        times = notebook_times()
        for name, secs in times:
            print(f"  notebook {name:<40} {secs:6.1f} s (fresh kernel, start to end)")
        first4 = sum(s for n, s in times if n[:2] in ("00", "01", "02", "03"))
        print(f"  notebooks 00-03 together: {first4:.1f} s (aim: under 60 s)")


if __name__ == "__main__":
    main()
