"""A whole class at once: N students open the student page within a few seconds.

Prints figures, asserts nothing. Run (Chromium at /usr/bin/chromium, PYTHONPATH=tests):
    python benchmarks/bench_class.py [--n 30] [--spread 3] [--quick]

One Chromium with one browser context per student (no shared cache), all opened concurrently,
arrivals spread at random (seeded) over ``--spread`` seconds. Each configuration starts its own
``sclab serve`` on a free port with a temporary store, in the same run:

- ``sclab serve --class-size N`` (ready kernels sized to the class; where the option does not exist
  yet, ``sclab serve`` with its default pool of one ready kernel per page);
- ``sclab serve --no-preheat`` (plain Voila: a kernel is started when a page is requested).

Figures per configuration:

- first answer: page request until the first answer option (``.sclab-answer``) is visible
  and enabled; median, p95, max over the arrivals that got one;
- usable: arrivals whose first click on that button came back from the kernel ("1 of 24 answered")
  within the page timeout;
- kernel RSS: resident memory of the kernels behind the students' pages (matched by kernel id),
  once all have answered; server RSS: the ``sclab serve`` process itself (Voila runs in it);
- bytes: what one visitor's browser receives (HTTP on the wire plus websocket frames), for a first
  visit (empty cache) and a second visit in the same browser (its HTTP cache kept), after the crowd;
- warm-up: server start until the server prints that the student page's pool holds N ready kernels
  ("take_the_scale: N of N ready"); where it prints no progress, until the server and its kernels
  are idle (marked ~); for --no-preheat, until it answers.

Below the table, per configuration: the page's first bytes (the server's part) and load event, the
click's round trip, and the CPU seconds that the browser, the server and the kernels used during the
crowd (the browser runs on the same machine: past a few students it is most of the load).

``--quick`` (what .ci/run runs) is N = 5 with shorter page timeouts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _serving import cpu_seconds, kernel_rss_by_id, kernels, log_errors, quiet, server_rss

from support.voila_server import CHROMIUM, CHROMIUM_ARGS, kernel_id, running_server

PAGE = "take_the_scale"
BUTTON = ".sclab-answer"  # an answer option of the inventory (sclab.ui._item_choice)
ANSWERED = re.compile(r"^\s*1 of \d+ answered")
PROGRESS = re.compile(rf"{PAGE}(?:\.ipynb)?:?\s+(\d+)\s+of\s+(\d+)\s+ready")
_SAYS = re.compile(r"^sclab serve: (?!\d+ dashboards)")  # the server's plan for the class
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class Arrival:
    commit: float | None = None  # seconds from request to the first bytes of the page (the server's part)
    loaded: float | None = None  # ... to the page's load event (the HTML and its scripts)
    button: float | None = None  # ... to a visible, enabled answer button
    answered: float | None = None  # ... to the kernel's reply to the first click
    kernel: str | None = None
    error: str = ""


@dataclass
class Result:
    label: str
    n: int
    arrivals: list[Arrival] = field(default_factory=list)
    kernel_rss: list[float] = field(default_factory=list)
    all_kernels: tuple[int, float] = (0, 0.0)  # count and total MB, once every arrival has answered
    server_rss: float = float("nan")
    visits: list = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds during the crowd, and its wall time
    warm: str = "-"
    load: tuple[str, str] = ("", "")
    notes: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def class_size_supported() -> bool:
    """Whether this ``sclab serve`` has ``--class-size`` (another change brings it)."""
    out = subprocess.run(
        [sys.executable, "-m", "sclab.cli", "serve", "--help"], capture_output=True, text=True, check=False
    )
    return "--class-size" in out.stdout


def _load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


async def _arrive(browser, url: str, delay: float, timeout_ms: float, gate) -> Arrival:
    """One student: wait ``delay``, open the page, wait for a usable button, click it, wait for the reply.

    ``gate`` is ``(barrier, done)``: the page reports in (answered or failed) at the barrier and stays
    open, its kernel connected, until ``done`` is set (memory is read in between).
    """
    barrier, done = gate
    out, ctx = Arrival(), None
    await asyncio.sleep(delay)
    try:
        ctx = await browser.new_context(viewport=VIEWPORT)
        page = await ctx.new_page()
        t0 = time.perf_counter()
        await page.goto(url, timeout=timeout_ms, wait_until="commit")
        out.commit = time.perf_counter() - t0
        await page.wait_for_load_state("load", timeout=timeout_ms)
        out.loaded = time.perf_counter() - t0
        button = page.locator(BUTTON).first
        await button.wait_for(state="visible", timeout=timeout_ms)
        out.button = time.perf_counter() - t0
        await button.click(timeout=timeout_ms)
        await page.get_by_text(ANSWERED).first.wait_for(state="visible", timeout=timeout_ms)
        out.answered = time.perf_counter() - t0
        out.kernel = _page_kernel(await page.content())
    except Exception as exc:  # a page that never became usable: count it, keep going
        out.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}"
    try:
        await barrier.wait()
        await done.wait()
    finally:
        if ctx is not None:
            await ctx.close()
    return out


def _page_kernel(html: str) -> str | None:
    try:
        return kernel_id(html)
    except ValueError:
        return None


async def _crowd(browser, server, res: Result, spread: float, timeout_ms: float, seed: int) -> None:
    """``res.n`` students arriving within ``spread`` seconds; memory is read once all are in (or out)."""
    rng = random.Random(seed)
    delays = [rng.uniform(0, spread) for _ in range(res.n)]
    gate = (asyncio.Barrier(res.n + 1), asyncio.Event())
    url = server.url(PAGE)
    cpu0, t0 = cpu_seconds(server), time.monotonic()
    tasks = [asyncio.ensure_future(_arrive(browser, url, d, timeout_ms, gate)) for d in delays]
    await gate[0].wait()
    cpu1 = cpu_seconds(server)
    res.cpu = {k: cpu1[k] - cpu0.get(k, 0.0) for k in cpu1} | {"wall": time.monotonic() - t0}
    await asyncio.sleep(1.0)  # the last replies' work settles
    by_id, every = kernel_rss_by_id(server), kernels(server)
    res.server_rss = server_rss(server)
    res.all_kernels = (len(every), sum(every.values()))
    gate[1].set()
    res.arrivals = list(await asyncio.gather(*tasks))
    res.kernel_rss = [by_id[a.kernel] for a in res.arrivals if a.kernel in by_id]


def _visits(server, res: Result, opts: argparse.Namespace) -> None:
    """A first visit (empty cache) and a second one in the same browser context (its cache kept), each
    through a byte-counting relay (:mod:`support.page_bytes`)."""
    from playwright.sync_api import sync_playwright

    from support.page_bytes import ByteCounter, visit

    with sync_playwright() as p, ByteCounter(server.port) as relay:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(viewport=VIEWPORT)
            for _ in range(2):
                page = ctx.new_page()
                res.visits.append(
                    visit(page, relay, relay.url(server.url(PAGE)), ready=BUTTON, timeout=opts.timeout)
                )
                page.close()
        except Exception as exc:  # report what was measured
            why = f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}"
            res.notes.append(f"bytes: visit {len(res.visits) + 1} failed ({why})")
        finally:
            browser.close()


async def _browse(server, res: Result, opts: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    timeout_ms = opts.timeout * 1000
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await _crowd(browser, server, res, opts.spread, timeout_ms, opts.seed)
        finally:
            await browser.close()


def _warm(server, t0: float, n: int, *, progress: bool, preheat: bool, settle: float = 30) -> str:
    """Seconds from server start until the student page's pool is ready (see the module's docstring)."""
    if not preheat:
        return f"{time.monotonic() - t0:.1f}"
    if not progress:
        quiet(server, at_least=4)  # a pool of one per dashboard
        return f"~{time.monotonic() - t0:.1f}"
    deadline = time.monotonic() + 60 + 30 * n
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            return "exited"
        counts = [tuple(map(int, m.groups())) for ln in list(server.log) if (m := PROGRESS.search(ln))]
        if counts and counts[-1][0] >= counts[-1][1]:
            warm = time.monotonic() - t0
            quiet(server, timeout=settle)  # the other pages' pools settle (not counted)
            return f"{warm:.1f}"
        time.sleep(0.2)
    return f">{time.monotonic() - t0:.0f}"


def run_config(label: str, args: list[str], *, preheat: bool, opts: argparse.Namespace) -> Result:
    """Start one server, warm it, let the class in, measure, stop it (and its kernels)."""
    res = Result(label, opts.n)
    store = Path(tempfile.mkdtemp()) / "class.sqlite3"
    before = _load()
    t0 = time.monotonic()
    with running_server(f"sqlite:///{store}", preheat=preheat, args=args, timeout=300) as server:
        res.warm = _warm(
            server,
            t0,
            opts.n,
            progress="--class-size" in args,
            preheat=preheat,
            settle=10 if opts.quick else 30,
        )
        asyncio.run(_browse(server, res, opts))
        _visits(server, res, opts)
        res.log = list(server.log)
    res.load = (before, _load())
    res.notes += [ln.strip() for ln in res.log if _SAYS.search(ln) and not PROGRESS.search(ln)][:4]
    return res


def _p95(xs: list[float]) -> float:
    return max(xs) if len(xs) < 2 else statistics.quantiles(xs, n=20, method="inclusive")[18]


def _med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


HEADER = (
    f"{'server':<30} {'N':>4} {'usable':>6}  {'first answer med/p95/max (s)':>28}  {'kernel RSS MB':>13}  "
    f"{'server RSS MB':>13}  {'MB 1st/2nd visit':>16}  {'warm-up (s)':>11}"
)


def row(r: Result) -> str:
    times = [a.button for a in r.arrivals if a.button is not None]
    usable = sum(a.answered is not None for a in r.arrivals)
    first = f"{_med(times):.1f} / {_p95(times):.1f} / {max(times):.1f}" if times else "none"
    mb = " / ".join(f"{v.wire_down / 1e6:.2f}" for v in r.visits) or "-"
    return (
        f"{r.label:<30} {r.n:>4} {usable:>6}  {first:>28}  {_med(r.kernel_rss):>13.0f}  "
        f"{r.server_rss:>13.0f}  {mb:>16}  {r.warm:>11}"
    )


def details(r: Result) -> list[str]:
    out = [f"{r.label}: machine {r.load[0]} before, {r.load[1]} after"]
    for what, name in (
        ("commit", "page's first bytes"),
        ("loaded", "page loaded (load event)"),
        ("answered", "first click answered by the kernel"),
    ):
        xs = [getattr(a, what) for a in r.arrivals if getattr(a, what) is not None]
        if xs:
            out.append(f"  request -> {name}: median {_med(xs):.1f} s, max {max(xs):.1f} s")
    if r.cpu:
        c = r.cpu
        out.append(
            f"  CPU during the crowd ({c['wall']:.0f} s): browser {c['browser']:.0f} s, "
            f"server {c['server']:.0f} s, kernels {c['kernels']:.0f} s"
        )
    if r.kernel_rss:
        out.append(
            f"  students' kernels: RSS median {_med(r.kernel_rss):.0f} MB (min {min(r.kernel_rss):.0f}, "
            f"max {max(r.kernel_rss):.0f}, n = {len(r.kernel_rss)}); all kernels alive then: "
            f"{r.all_kernels[0]}, {r.all_kernels[1]:.0f} MB in all"
        )
    out += [f"  visit {i}: {v.row()}" for i, v in enumerate(r.visits, 1)]
    errors = sorted({a.error for a in r.arrivals if a.error})
    out += [f"  failed: {e}" for e in errors[:3]] + [f"  {n}" for n in r.notes]
    if errors:
        out += ["  server log, errors:"] + [f"    {ln}" for ln in log_errors(r.log)]
    return out


def crowd_options(doc: str, *, quick: str, timeout: str) -> argparse.ArgumentParser:
    """The options every class benchmark takes: --n, --spread, --seed, --quick, --timeout."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--n", type=int, help="students arriving (default 30; 5 with --quick)")
    ap.add_argument(
        "--spread", type=float, default=3.0, help="arrivals spread over this many seconds (default 3)"
    )
    ap.add_argument("--seed", type=int, default=11, help="seed of the arrival times (default 11)")
    ap.add_argument("--quick", action="store_true", help=quick)
    ap.add_argument("--timeout", type=float, help=timeout)
    return ap


def checked(ap: argparse.ArgumentParser, opts: argparse.Namespace) -> argparse.Namespace:
    """``opts`` with N set from --quick (5, else 30), refused with a clear message below 1."""
    if opts.n is None:
        opts.n = 5 if opts.quick else 30
    if opts.n < 1:
        ap.error(f"--n must be at least 1; got {opts.n}")
    return opts


def options() -> argparse.Namespace:
    ap = crowd_options(
        __doc__,
        quick="N = 5 and 120 s page timeouts (for CI)",
        timeout="seconds a page may take (default 300; 120 with --quick)",
    )
    ap.add_argument("--only", choices=["both", "class", "plain"], default="both", help="which servers to run")
    opts = checked(ap, ap.parse_args())
    opts.timeout = opts.timeout or (120 if opts.quick else 300)
    return opts


def main() -> None:
    opts = options()
    if not Path(CHROMIUM).exists():
        print(f"bench_class: no Chromium at {CHROMIUM}; nothing measured")
        return
    sized = class_size_supported()
    configs = []
    if opts.only in ("both", "class"):
        label = f"sclab serve --class-size {opts.n}" if sized else "sclab serve (pools of one)"
        configs.append((label, ["--class-size", str(opts.n)] if sized else [], True))
    if opts.only in ("both", "plain"):
        configs.append(("sclab serve --no-preheat", [], False))
    print(
        f"== {opts.n} students open {PAGE} within {opts.spread:g} s (seed {opts.seed}); "
        f"{os.cpu_count()} cores, {_load()}"
    )
    results = []
    for label, args, pre in configs:
        print(f"-- {label}: starting ({_load()})", flush=True)
        results.append(run_config(label, args, preheat=pre, opts=opts))
    print("\n" + HEADER)
    for r in results:
        print(row(r))
    print(
        "(first answer: request -> visible, enabled answer button; usable: the first click came back from\n"
        " the kernel; MB = 10^6 bytes from the server to one browser on the wire, websocket included;\n"
        " visit 2 is the same browser again, its cache kept)\n"
    )
    for r in results:
        print("\n".join(details(r)))


if __name__ == "__main__":
    main()
