"""Dashboards in a real browser: page load, control-to-plot update, kernel memory; preheat on and off.

Prints, asserts nothing. Run: /work/venv/bin/python benchmarks/bench_dashboards.py [--repeat 5]
Needs /usr/bin/chromium. Each configuration starts its own `sclab serve` on a free port with a
temporary store and stops it (and its kernels) at the end.

- load: page request until the first plotly figure is drawn (dashboards whose figure is visible at
  load) or until the first widget control is drawn (dashboards that show a figure only later);
- update: click "New sample" in the lecture explorer until the figure's data has changed (in page);
- memory: RSS of each kernel process after its page has loaded (one kernel per visitor; with
  preheating, the kernel measured is the one that refills the pool, which ran the same notebook);
- crowd (``--crowd N``): N visitors open the student page at the same moment (the browser runs on
  the same machine, so this is a pessimistic figure).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _serving import kernels, log_errors

from support.voila_server import CHROMIUM, CHROMIUM_ARGS, running_server

FIRST = {  # what counts as "first rendered" on each page
    "lecture_explorer": ".js-plotly-plot .main-svg",
    "take_the_scale": ".sclab-answer",
    "class_results": ".widget-text input",
    "score_class_export": ".widget-upload",
}
_UPDATE = """async () => {
  const gd = document.querySelector('.js-plotly-plot');
  const before = JSON.stringify(gd.data.map(t => t.y));
  const btn = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'New sample');
  const t0 = performance.now();
  btn.click();
  while (JSON.stringify(gd.data.map(t => t.y)) === before) {
    if (performance.now() - t0 > 10000) return null;
    await new Promise(r => requestAnimationFrame(r));
  }
  return performance.now() - t0;
}"""


def crowd(server, n: int) -> tuple[list[float], int]:
    """``n`` visitors open take_the_scale at the same moment: seconds until each sees the questionnaire."""
    import asyncio

    from playwright.async_api import async_playwright

    async def visit(browser) -> float | None:
        ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await ctx.new_page()
        t0 = time.perf_counter()
        try:
            await page.goto(server.url("take_the_scale"), timeout=300_000)
            await page.wait_for_selector(FIRST["take_the_scale"], timeout=300_000)
            return time.perf_counter() - t0
        except Exception:
            return None
        finally:
            await ctx.close()

    async def main() -> list[float | None]:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return await asyncio.gather(*(visit(browser) for _ in range(n)))
            finally:
                await browser.close()

    import threading

    results: list = []  # the sync API's event loop runs in this thread: use another one
    worker = threading.Thread(target=lambda: results.append(asyncio.run(main())))
    worker.start()
    worker.join()
    out = results[0]
    return [t for t in out if t is not None], sum(t is None for t in out)


def run(preheat: bool, repeat: int, browser, n_crowd: int = 0) -> dict:
    store = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    res: dict = {"load": {}, "update": [], "rss": {}, "failed": {}, "log": []}
    with running_server(f"sqlite:///{store}", preheat=preheat) as server:
        if preheat:
            time.sleep(25)  # let the pool fill: one ready kernel per dashboard
        for name, selector in FIRST.items():
            times, failed, rss = [], 0, []
            for _ in range(repeat):
                before = set(kernels(server))
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                t0 = time.perf_counter()
                try:
                    page.goto(server.url(name), timeout=120_000)
                    page.wait_for_selector(selector, timeout=120_000)
                except Exception:  # a page that never showed its widgets: count it, keep going
                    failed += 1
                    ctx.close()
                    continue
                times.append(time.perf_counter() - t0)
                if name == "lecture_explorer":
                    page.wait_for_timeout(500)
                    for _ in range(5):
                        ms = page.evaluate(_UPDATE)
                        if ms is not None:
                            res["update"].append(ms)
                        page.wait_for_timeout(300)
                page.wait_for_timeout(1000)
                ctx.close()
                if preheat:
                    time.sleep(12)  # the pool refills (and its new kernel runs the notebook) before the next
                now = kernels(server)
                rss += [now[p] for p in set(now) - before]
            res["load"][name], res["failed"][name], res["rss"][name] = times, failed, rss
        if n_crowd:
            res["crowd"] = crowd(server, n_crowd)
        res["log"] = list(server.log)
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--preheat", choices=["both", "on", "off"], default="both")
    ap.add_argument("--crowd", type=int, default=0, help="then N visitors open take_the_scale at once")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            modes = {"both": (False, True), "on": (True,), "off": (False,)}[args.preheat]
            for preheat in modes:
                r = run(preheat, args.repeat, browser, args.crowd)
                print(f"\n== preheated kernels {'on' if preheat else 'off'} (median of {args.repeat}) ==")
                for name, times in r["load"].items():
                    what = "first figure" if name == "lecture_explorer" else "first control"
                    rss = r["rss"][name]
                    n_failed = r["failed"][name]
                    fails = f"; {n_failed} of {args.repeat} never showed widgets" if n_failed else ""
                    if times:
                        print(
                            f"  {name:<20} request -> {what}: {statistics.median(times):5.2f} s "
                            f"(min {min(times):.2f}, max {max(times):.2f}); kernel RSS median "
                            f"{statistics.median(rss) if rss else float('nan'):.0f} MB{fails}"
                        )
                    else:
                        print(f"  {name:<20} no page showed its widgets{fails}")
                if r["update"]:
                    u = r["update"]
                    print(
                        f"  update (New sample -> new figure data): median {statistics.median(u):.0f} ms "
                        f"(min {min(u):.0f}, max {max(u):.0f}, n = {len(u)})"
                    )
                rss = [v for vs in r["rss"].values() for v in vs]
                if rss:
                    print(
                        f"  kernel RSS per visitor, all dashboards: median {statistics.median(rss):.0f} MB "
                        f"(min {min(rss):.0f}, max {max(rss):.0f}, n = {len(rss)} kernels)"
                    )
                if "crowd" in r:
                    ok, lost = r["crowd"]
                    if ok:
                        print(
                            f"  {args.crowd} visitors at once on take_the_scale: "
                            f"median {statistics.median(ok):.1f} s, "
                            f"last {max(ok):.1f} s until the questionnaire showed; {lost} never showed it"
                        )
                    else:
                        print(f"  {args.crowd} visitors at once: none saw the questionnaire")
                if any(r["failed"].values()) or r.get("crowd", ([], 0))[1]:
                    print("  server log, errors:\n    " + "\n    ".join(log_errors(r["log"])))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
