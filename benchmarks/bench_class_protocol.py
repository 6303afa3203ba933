"""A whole class at once, the server's share: N students' pages replayed at the protocol level.

Prints figures, asserts nothing. Run (Chromium at /usr/bin/chromium for the one recorded visit,
PYTHONPATH=tests):
    python benchmarks/bench_class_protocol.py [--n 30] [--spread 3] [--quick]

``bench_class.py`` opens N real browsers; on this 2-core machine they share the processor with the
server and, past a few students, take most of it, so its times measure the browsers. In a
classroom each phone renders its own page. This benchmark measures what the server and its
kernels must do for N students, without rendering: one real Chromium visit first records every
address the student page asks for; then N clients, arriving at random (seeded) over ``--spread``
seconds, each do what that page does, in order:

1. fetch the page (gzip), as the browser would;
2. fetch every script and style the recorded visit fetched (gzip, six at a time, as a browser);
3. open the page's kernel websocket and ask for every widget's state (ipywidgets' control comm,
   ``request_states``, as Voila's widget manager does);
4. answer the first item (a widget ``update`` of its control) and wait for the page's progress
   text to say "1 of 24 answered".

Figures: seconds from arrival to each step's end (median, p95, max), clients that got their answer,
and the processor-seconds the server and its kernels used during the crowd.
``--quick`` (what .ci/run runs) is N = 5.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from _serving import cpu_seconds
from bench_class import PROGRESS, _load, _warm, checked, crowd_options

from support.voila_server import CHROMIUM, CHROMIUM_ARGS, kernel_id, running_server

PAGE = "take_the_scale"
STEPS = ("page", "scripts", "widgets", "answered")


@dataclass
class Client:
    times: dict[str, float] = field(default_factory=dict)  # step -> seconds from arrival
    error: str = ""


def _record(url: str) -> list[str]:
    """Every same-server path (with its query) one real visit to ``url`` fetched, the page itself excluded."""
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda r: seen.append(r.url))
        page.goto(url, timeout=180_000)
        page.wait_for_selector(".sclab-answer, .widget-toggle-button", timeout=180_000)
        page.wait_for_timeout(2000)
        browser.close()
    own = urlparse(url)
    paths = []
    for u in seen:
        parts = urlparse(u)
        if parts.netloc == own.netloc and "/render/" not in parts.path and "/api/" not in parts.path:
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return list(dict.fromkeys(paths))


def _message(msg_type: str, content: dict, metadata: dict | None = None) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "student", "date": "",
              "session": uuid.uuid4().hex, "version": "5.3"}  # fmt: skip
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "channel": "shell", "buffers": []})  # fmt: skip


def _first_answer(states: dict[str, dict]) -> tuple[str, dict] | None:
    """The first item's control and the state change that answers it (either kind of control)."""
    for model_id, s in states.items():
        st = s.get("state", {})
        if st.get("number") == 1 and "value" in st and "options" in st:  # sclab's one-widget item
            return model_id, {"value": st["options"][0][1]}
        if st.get("_model_name") == "ToggleButtonsModel" and str(st.get("tooltip", "")).startswith("Item 1 "):
            return model_id, {"index": 0}
    return None


async def _widgets_and_answer(port: int, kid: str, c: Client, t0: float, timeout: float) -> None:
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(
        f"ws://127.0.0.1:{port}/api/kernels/{kid}/channels?session_id={uuid.uuid4().hex}"
    )
    control = uuid.uuid4().hex
    await ws.write_message(_message("kernel_info_request", {}))
    opening = {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}
    await ws.write_message(_message("comm_open", opening, {"version": "1.0.0"}))  # the control protocol
    await ws.write_message(_message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}}))
    end, target = time.monotonic() + timeout, None
    while time.monotonic() < end:
        raw = await asyncio.wait_for(ws.read_message(), timeout=max(0.1, end - time.monotonic()))
        if raw is None:
            raise RuntimeError("the server closed the websocket")
        if not isinstance(raw, str):
            continue
        msg = json.loads(raw)
        data = msg.get("content", {}).get("data", {})
        if target is None and data.get("method") == "update_states":
            c.times["widgets"] = time.monotonic() - t0
            target = _first_answer(data["states"])
            if target is None:
                raise RuntimeError("no answer control among the page's widgets")
            state = {"method": "update", "state": target[1], "buffer_paths": []}
            await ws.write_message(_message("comm_msg", {"comm_id": target[0], "data": state}))
        elif target is not None and "1 of " in raw and "answered" in raw:
            c.times["answered"] = time.monotonic() - t0
            break
    ws.close()


async def _arrive(port: int, paths: list[str], delay: float, timeout: float) -> Client:
    from tornado.httpclient import AsyncHTTPClient

    await asyncio.sleep(delay)
    c, t0 = Client(), time.monotonic()
    http = AsyncHTTPClient(force_instance=True, max_clients=6)  # each student its own six connections
    headers = {"Accept-Encoding": "gzip"}
    try:
        page = await http.fetch(f"http://127.0.0.1:{port}/voila/render/{PAGE}.ipynb", headers=headers,
                                request_timeout=timeout, decompress_response=False)  # fmt: skip
        html = gzip.decompress(page.body) if page.headers.get("Content-Encoding") == "gzip" else page.body
        c.times["page"] = time.monotonic() - t0
        base, plain = f"http://127.0.0.1:{port}", {"decompress_response": False, "request_timeout": timeout}
        await asyncio.gather(*(http.fetch(base + p, headers=headers, **plain) for p in paths))
        c.times["scripts"] = time.monotonic() - t0
        await _widgets_and_answer(port, kernel_id(html.decode()), c, t0, timeout)
    except Exception as exc:  # a failed arrival is a figure, not a crash
        c.error = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        http.close()
    return c


async def _crowd(
    port: int, paths: list[str], n: int, spread: float, seed: int, timeout: float
) -> list[Client]:
    rng = random.Random(seed)
    delays = sorted(rng.uniform(0, spread) for _ in range(n))
    return await asyncio.gather(*(_arrive(port, paths, d, timeout) for d in delays))


def _own_cpu() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def _stats(xs: list[float]) -> str:
    if not xs:
        return "none"
    p95 = max(xs) if len(xs) < 2 else statistics.quantiles(xs, n=20, method="inclusive")[18]
    return f"{statistics.median(xs):.2f} / {p95:.2f} / {max(xs):.2f}"


def options() -> argparse.Namespace:
    ap = crowd_options(__doc__, quick="N = 5 (for CI)", timeout="seconds a client may take (default 300)")
    opts = checked(ap, ap.parse_args())
    opts.timeout = opts.timeout or 300.0
    return opts


def main() -> None:
    opts = options()
    if not Path(CHROMIUM).exists():
        print(f"bench_class_protocol: no Chromium at {CHROMIUM} (it records the page once); nothing measured")
        return
    print(f"== {opts.n} protocol clients open {PAGE} within {opts.spread:g} s (seed {opts.seed}); "
          f"{os.cpu_count()} cores, {_load()}")  # fmt: skip
    store = Path(tempfile.mkdtemp()) / "class.sqlite3"
    args = ["--class-size", str(opts.n + 1)]  # one more: the recorded visit takes a kernel
    t0 = time.monotonic()
    with running_server(f"sqlite:///{store}", preheat=True, args=args, timeout=300) as server:
        warm = _warm(server, t0, opts.n + 1, progress=True, preheat=True, settle=10 if opts.quick else 30)
        paths = _record(server.url(PAGE))
        _warm(server, time.monotonic(), opts.n + 1, progress=True, preheat=True, settle=10)
        cpu0, own0 = cpu_seconds(server), _own_cpu()
        clients = asyncio.run(_crowd(server.port, paths, opts.n, opts.spread, opts.seed, opts.timeout))
        cpu = {k: v - cpu0.get(k, 0.0) for k, v in cpu_seconds(server).items() if k != "browser"}
        cpu["clients (this process)"] = _own_cpu() - own0
    print(f"warm-up {warm} s; the page fetches {len(paths)} scripts and styles; load after: {_load()}")
    print(f"{'step':<10} {'done':>5}  {'seconds from arrival: median / p95 / max':>42}")
    for step in STEPS:
        xs = [c.times[step] for c in clients if step in c.times]
        print(f"{step:<10} {len(xs):>5}  {_stats(xs):>42}")
    print("processor-seconds during the crowd: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
    for err in sorted({c.error for c in clients if c.error})[:5]:
        print(f"  failed: {err}")
    print("(steps: page = the HTML; scripts = every script and style; widgets = every widget's state;\n"
          " answered = the kernel's reply to the first answer. Nothing is rendered: a phone's own work\n"
          " is not here.)")  # fmt: skip


if __name__ == "__main__":
    assert PROGRESS  # the warm-up progress line bench_class reads
    main()
