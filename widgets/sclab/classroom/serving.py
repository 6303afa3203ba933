"""Serving the instructor dashboards with Voila: offline, on 127.0.0.1, with no code execution for visitors.

What the server is given, in one place so that ``sclab serve``, the tests and the benchmarks agree:

- the template ``sclab-offline`` shipped in this package (Voila's lab template without the links
  to an outside font CDN), found through ``JUPYTER_PATH``;
- Voila's own limit on what a page may send to its kernel: only widget (comm) messages and kernel
  info pass its websocket, so an ``execute_request`` from a page is dropped; a cell's traceback is
  not sent to the page (``show_tracebacks=False``), nor is a widget callback's
  (:mod:`sclab.ui._page_errors`, imported by each dashboard, sends it to the server log);
- kernels freed: a closed tab's kernel by Voila's own tab-close request (which needs the ``_xsrf``
  cookie that Voila never set: the page handler sets it), and any kernel with no page connected for
  ``--free-after`` seconds (60) by culling, its wait counted from when it was handed out or its last
  page left, never from when it was warmed;
- ready kernels (preheated): one per instructor page, and for the student page as many as
  ``--class-size`` asks and memory holds (:func:`sclab.classroom.pools.plan`), with the progress of
  warming printed ("take_the_scale: 18 of 30 ready");
- a cap on live kernels (from the class size and memory, or ``--max-kernels``): past it a visit to the
  student page gets :data:`FULL_PAGE` (HTTP 503, ``Retry-After``, retrying by itself) and no kernel;
- the access rule of :mod:`sclab.classroom.access` in front of every route: the instructor's key
  for every page but the student's, a ``Host`` check, an index that lists nothing;
- a websocket message limit that fits the largest upload (:data:`WEBSOCKET_MAX_BYTES`), so an
  upload just over the limit reaches the widget, which refuses it with its own message;
- a kernel start-up wait of 300 s instead of 60 s and an output wait of 60 s instead of 4 s: when a
  whole class opens the student page at once, kernels queue on a small machine, and with the
  default 4 s a late cell output (the widget itself) is silently dropped and the page stays empty.

>>> urls = addresses(["b.ipynb", "a.ipynb", "take_the_scale.ipynb"], 8866, key="K" * 22)
>>> urls.student
['http://127.0.0.1:8866/voila/render/take_the_scale.ipynb']
>>> urls.instructor[0]
'http://127.0.0.1:8866/voila/render/a.ipynb?key=KKKKKKKKKKKKKKKKKKKKKK'
>>> cmd = voila_argv(Path("/course/dashboards"), port=8866, preheat=False)
>>> "--template=sclab-offline" in cmd, "--Voila.ip=127.0.0.1" in cmd
(True, True)
>>> dashboard_urls(["b.ipynb", "a.ipynb"], 8866)[0]
'http://127.0.0.1:8866/voila/render/a.ipynb'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sclab.classroom.pools import (
    DEFAULT_FREE_AFTER,
    FILL_DELAY_SECONDS,
    KERNEL_MB,
    STUDENT_PAGE,
    Plan,
    admit,
    progress,
    refill_target,
)
from sclab.classroom.uploads import MAX_UPLOAD_BYTES
from sclab.resources import shipped

__all__ = [
    "CULL_IDLE_SECONDS",
    "FILL_DELAY_SECONDS",
    "FULL_PAGE",
    "KEY_ENV",
    "RETRY_AFTER_SECONDS",
    "SERVED_ENV",
    "TEMPLATE",
    "WEBSOCKET_MAX_BYTES",
    "Addresses",
    "addresses",
    "dashboard_urls",
    "serve",
    "served",
    "template_root",
    "voila_argv",
    "voila_env",
]

#: Name of the shipped Voila template.
TEMPLATE = "sclab-offline"
#: A kernel with no page connected for this long is shut down: a page that never connected its
#: websocket, or a closed tab whose shutdown request did not arrive (seconds; ``--free-after``).
CULL_IDLE_SECONDS = DEFAULT_FREE_AFTER
#: Seconds a visitor turned away by a full server waits before the page tries again.
RETRY_AFTER_SECONDS = 10
#: The environment variable that may hold the instructor's key (instead of ``--key``).
KEY_ENV = "SCLAB_INSTRUCTOR_KEY"
#: What a widget message adds around an upload's bytes (JSON state, names, buffer offsets), with room to
#: spare: measured at under 1 KB for a one-file upload (tests/e2e/test_access.py).
_UPLOAD_MESSAGE_ALLOWANCE = 64 * 1024
#: The largest websocket message a page may send: the upload limit plus the message around it.
#: Tornado's default (10 MiB) let an over-limit upload reset the connection with no message.
WEBSOCKET_MAX_BYTES = MAX_UPLOAD_BYTES + _UPLOAD_MESSAGE_ALLOWANCE
#: Who can reach a server on a non-loopback address, said once when it starts.
REACH_WARNING = (
    "Anyone on this network who has the address can open the student page; the instructor pages need the key."
)


def template_root() -> Path:
    """The folder to put on ``JUPYTER_PATH``: it holds ``voila/templates/sclab-offline``."""
    return shipped("templates")


#: Set to "1" in the environment of every kernel behind a served page (sclab serve, the JupyterHub file).
SERVED_ENV = "SCLAB_SERVED"


def served(env: dict[str, str] | None = None) -> bool:
    """Whether this process runs behind a served page (``$SCLAB_SERVED``), not a student's own JupyterLab.

    >>> served({}), served({"SCLAB_SERVED": "1"})
    (False, True)
    """
    return (os.environ if env is None else env).get(SERVED_ENV) == "1"


def voila_env(base: dict[str, str] | None = None, *, store_url: str | None = None) -> dict[str, str]:
    """An environment with the template on ``JUPYTER_PATH`` and, if given, the store's URL for kernels.

    Kernels return the memory of large temporary arrays to the system (``MALLOC_MMAP_THRESHOLD_``).
    The instructor's key is taken out: kernels inherit this environment, and a page's code must not
    be able to read the key. ``$SCLAB_SERVED`` (:data:`SERVED_ENV`) tells a kernel that its pages are
    served to visitors, whose answers must not be kept on the server's disk.
    """
    env = dict(os.environ if base is None else base)
    paths = [str(template_root())] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env.pop(KEY_ENV, None)
    # glibc keeps freed memory of large temporary arrays (a simulation of 100,000 people) in the
    # kernel's heap; mapping blocks from 128 kB up returns it: lecture_explorer 356 -> 238 MB
    env.setdefault("MALLOC_MMAP_THRESHOLD_", "131072")
    env[SERVED_ENV] = "1"
    if store_url:
        env["SCLAB_STORE_URL"] = store_url
    return env


def _cull_interval(free_after: int) -> int:
    """How often to look for kernels to free: a quarter of the wait, between 2 and 15 s."""
    return max(2, min(15, int(free_after) // 4))


def voila_argv(
    folder: Path,
    *,
    port: int,
    preheat: bool = True,
    ip: str = "127.0.0.1",
    pool_size: int = 1,
    free_after: int = CULL_IDLE_SECONDS,
) -> list[str]:
    """Voila's command-line arguments (without the program name).

    Every page keeps ``pool_size`` ready kernels (``sclab serve`` sizes each page's pool from its
    plan, in Voila's ``kernel_pools_config``). ``free_after`` is how long a kernel with no page
    connected lives (a page that never connected, a closed tab).
    """
    if not 1 <= int(port) <= 65535:
        raise ValueError(f"port must be 1-65535; got {port}")
    if pool_size < 1:
        raise ValueError(f"pool_size must be at least 1; got {pool_size}")
    if free_after < 5:
        raise ValueError(f"--free-after must be at least 5 seconds; got {free_after}")
    argv = [
        str(folder),
        "--no-browser",
        f"--Voila.ip={ip}",
        f"--Voila.port={int(port)}",
        "--Voila.port_retries=0",  # the printed addresses must be the real ones
        f"--template={TEMPLATE}",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        # a class opening the page at once queues kernels on few cores: wait for them (default 60 s)
        "--VoilaExecutor.startup_timeout=300",
        # ... and for a busy kernel's outputs: after 4 s (nbclient's default) a cell's widget is dropped
        "--VoilaExecutor.iopub_timeout=60",
        f"--MappingKernelManager.cull_idle_timeout={int(free_after)}",
        f"--MappingKernelManager.cull_interval={_cull_interval(free_after)}",
        "--MappingKernelManager.cull_connected=False",
    ]
    if preheat:
        argv += ["--preheat_kernel=True", f"--pool_size={int(pool_size)}"]
        # a refill waits this long after a kernel is handed out, so it does not slow that page's first view
        argv.append(f"--VoilaKernelManager.fill_delay={FILL_DELAY_SECONDS}")
    return argv


def _is_loopback(ip: str) -> bool:
    return ip in ("localhost", "::1") or ip.startswith("127.")


def _hosts(ip: str, machine: list[str] | None = None) -> list[str]:
    """The addresses to print for a server listening on ``ip``."""
    if ip in ("", "0.0.0.0", "::"):
        if machine is None:
            from sclab.classroom.access import machine_addresses

            machine = machine_addresses()
        return machine or ["127.0.0.1"]
    return ["127.0.0.1" if _is_loopback(ip) else ip]


def dashboard_urls(names: Iterable[str], port: int, ip: str = "127.0.0.1") -> list[str]:
    """The address of each dashboard notebook on one host, sorted by name (``0.0.0.0`` shows as 127.0.0.1)."""
    host = "127.0.0.1" if ip in ("0.0.0.0", "", "::") else ip
    return [f"http://{host}:{port}/voila/render/{name}" for name in sorted(names)]


@dataclass(frozen=True)
class Addresses:
    """What ``sclab serve`` prints: the student pages (no key) and the instructor pages (with the key)."""

    student: list[str]
    instructor: list[str]
    remote: bool = False
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = ["Student page (no key):", *(f"  {u}" for u in self.student)]
        out += ["Instructor pages (this run's key is in the address; keep it to yourself):"]
        out += [f"  {u}" for u in self.instructor]
        return out + self.notes


def addresses(
    names: Iterable[str], port: int, ip: str = "127.0.0.1", *, key: str, machine: list[str] | None = None
) -> Addresses:
    """The addresses to print: every reachable address for the student page, the key on the others."""
    from sclab.classroom.access import KEY_ARGUMENT, OPEN_PAGES

    names = sorted(names)
    hosts = _hosts(ip, machine)
    student = [u for h in hosts for u in dashboard_urls([n for n in names if n in OPEN_PAGES], port, h)]
    # the instructor's own machine: loopback when every address is served, so the key stays off the network
    mine = "127.0.0.1" if ip in ("", "0.0.0.0", "::") else hosts[0]
    keyed = dashboard_urls([n for n in names if n not in OPEN_PAGES], port, mine)
    instructor = [f"{u}?{KEY_ARGUMENT}={key}" for u in keyed]
    remote = not _is_loopback(ip)
    notes = [REACH_WARNING] if remote else ["Only this machine can open these pages (127.0.0.1)."]
    if remote and mine == "127.0.0.1":
        notes.append("From another machine, put one of the student page's addresses in place of 127.0.0.1.")
    return Addresses(student, instructor, remote, notes)


#: What a visitor sees when the server holds as many kernels as it may (HTTP 503); it tries again by itself.
FULL_PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{RETRY_AFTER_SECONDS}"><title>The class server is full</title>
</head><body style="font-family: sans-serif; max-width: 36em; margin: 3em auto">
<h1>The class server is full</h1>
<p>Every place on the class server is taken just now; it will let you in in a moment.
This page tries again by itself every {RETRY_AFTER_SECONDS} seconds: keep it open.</p></body></html>
"""


@dataclass
class _Door:
    """The cap on live kernels, and the visits let in that are starting a kernel of their own."""

    cap: int
    starting: int = 0


def _committed(km, door: _Door) -> int:
    """Kernels alive, starting, or promised to a pool (counted generously: never fewer than there are)."""
    pools = getattr(km, "_pools", {})
    waiting = sum(not task.done() for pool in pools.values() for task in pool)
    return len(km._kernels) + len(getattr(km, "_pending_kernels", {})) + waiting + door.starting


def _ready(km, page: str) -> int:
    """Ready kernels of a page's pool whose page has finished running."""
    ready = 0
    for task in getattr(km, "_pools", {}).get(page, []):
        if task.done() and not task.cancelled() and task.exception() is None and task.result()["task"].done():
            ready += 1
    return ready


def _kernel_manager_base(base):  # pragma: no cover - exercised by the real-server tests
    """Voila's kernel manager class whose kernels start their wait for culling when the last page leaves.

    A page that reconnects within the wait keeps its kernel; a closed tab's kernel is freed after it.
    """
    from jupyter_server._tz import utcnow

    class ClassKernelManager(base):
        def notify_disconnect(self, kernel_id):
            super().notify_disconnect(kernel_id)
            if self._kernel_connections.get(kernel_id) == 0 and kernel_id in self._kernels:
                self.get_kernel(kernel_id).last_activity = utcnow()

    return ClassKernelManager


def _pooled(km, door: _Door) -> None:  # pragma: no cover - exercised by the real-server tests
    """Give Voila's pooling kernel manager the class rules: a handed-out kernel's wait for culling
    starts when it is handed out (not when it was warmed), and a pool refills only under the cap."""
    from jupyter_server._tz import utcnow

    class ClassPools(type(km)):
        async def get_rendered_notebook(self, notebook_name, *args, **kwargs):
            task, cache, kernel_id = await super().get_rendered_notebook(notebook_name, *args, **kwargs)
            self.get_kernel(kernel_id).last_activity = utcnow()  # its page has not connected yet
            return task, cache, kernel_id

        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            config = self.kernel_pools_config
            wanted = config.get(notebook_name, config.get("default", {})).get("pool_size", 1)
            in_pool = len(self._pools.get(notebook_name, []))
            target = refill_target(
                configured=wanted, in_pool=in_pool, live=_committed(self, door), cap=door.cap
            )
            if target >= wanted:
                return super().fill_if_needed(delay, notebook_name, **kwargs)
            self.kernel_pools_config = {**config, notebook_name: {"pool_size": target}}
            try:
                return super().fill_if_needed(delay, notebook_name, **kwargs)
            finally:
                self.kernel_pools_config = config

    km.__class__ = ClassPools


def _page_handler(base, door: _Door):  # pragma: no cover - exercised by the real-server tests
    """Voila's page handler with the cap at the door and the cookie its tab-close request needs."""
    from sclab.classroom.access import OPEN_PAGES

    class ClassPage(base):
        _counted = False

        async def prepare(self):
            await super().prepare()
            if self._finished:
                return
            # Voila's page sends this cookie's value with its tab-close shutdown request; Voila never
            # sets it, so jupyter_server refused every one ("403 '_xsrf' argument missing").
            self.xsrf_token  # noqa: B018 - reading it sets the _xsrf cookie
            page = self.path_args[0] if self.path_args else ""
            if page not in OPEN_PAGES:
                return  # the instructor's pages (behind the key) are never turned away
            ready = self.kernel_manager.get_pool_size(page)
            if not admit(live=_committed(self.kernel_manager, door), cap=door.cap, ready=ready):
                self.log.warning("class server full (%d kernels): a visitor waits", door.cap)
                self.set_status(503)
                self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
                self.set_header("Cache-Control", "no-store")
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(FULL_PAGE)
                return
            if not ready:
                door.starting += 1
                self._counted = True

        def on_finish(self):
            if self._counted:
                door.starting -= 1
                self._counted = False
            super().on_finish()

    return ClassPage


def _report_warming(km, pages: dict[str, int], out) -> None:  # pragma: no cover - real-server tests
    """Print each warmed page's ready count when it changes, until its pool is full (with the time taken)."""
    import time

    from tornado.ioloop import PeriodicCallback

    said: dict[str, int] = {}
    start = time.monotonic()

    def look() -> None:
        for page, total in list(pages.items()):
            ready = min(total, _ready(km, page))
            if said.get(page) != ready:
                said[page] = ready
                took = f" (warmed in {time.monotonic() - start:.0f} s)" if ready >= total else ""
                out(progress(page, ready, total) + took)
            if ready >= total:
                del pages[page]
        if not pages:
            watch.stop()

    watch = PeriodicCallback(look, 1000)
    watch.start()


#: Set for the kernels of ``sclab serve``: the address (on the same server) of plotly's widget script.
#: A figure on a served page then imports that one cached file instead of carrying the script's 5 MB
#: in its widget state over the websocket (:mod:`sclab.ui._plotly_script`). Unset elsewhere (JupyterLab,
#: JupyterHub), where a figure keeps plotly's own script.
PLOTLY_SCRIPT_ENV = "SCLAB_PLOTLY_SCRIPT"
#: Where the server answers with plotly's installed widget script (nothing else from that folder).
PLOTLY_SCRIPT_PATH = "/sclab/static/plotly/widgetbundle.js"
#: Voila's federated extensions a page does not load: plotly's JupyterLab extension (4.8 MB) only draws
#: plain-figure outputs (the dashboards show every figure as a widget, whose script comes from above);
#: jupyterlab_pygments only colours code cells, and a page shows none.
_UNUSED_EXTENSIONS = ["jupyterlab-plotly", "jupyterlab_pygments"]


def _plotly_script_env() -> dict[str, str]:
    """The kernels' variable naming plotly's script, versioned so that a browser may keep it for good."""
    from importlib.metadata import version

    return {PLOTLY_SCRIPT_ENV: f"{PLOTLY_SCRIPT_PATH}?v={version('plotly')}"}


def _fewer_bytes(voila) -> None:  # pragma: no cover - exercised by the real-server tests
    """Fewer bytes per visitor: plotly's script as one cacheable file, gzip, compressed websockets.

    - a route, just behind the access rule, serving plotly's installed ``widgetbundle.js`` (tornado's
      ``StaticFileHandler``: ETag, and a ten-year ``Cache-Control`` for the versioned address);
    - gzip for every compressible answer (pages, scripts, styles), each static file compressed once
      and then answered from memory (:mod:`sclab.classroom.compression`);
    - ``permessage-deflate`` on the kernels' websockets (jupyter_server's ``websocket_compression_options``);
    - plotly's JupyterLab extension left out of the page (:data:`_UNUSED_EXTENSIONS`).
    """
    from importlib.util import find_spec

    from tornado import routing, web

    from sclab.classroom.compression import CachedGzip, static_rule

    folder = Path(find_spec("plotly").submodule_search_locations[0]) / "package_data"
    app = voila.app
    base = app.settings.get("base_url", "/").rstrip("/")
    where, name = PLOTLY_SCRIPT_PATH.rsplit("/", 1)
    script = routing.PathMatches(f"{re.escape(base + where)}/({re.escape(name)})")
    app.default_router.rules.insert(1, routing.Rule(script, web.StaticFileHandler, {"path": str(folder)}))
    folders = ("/voila/static/", "/voila/labextensions/", "/voila/templates/", where + "/")
    public = [f"{base}{p}" for p in folders]
    app.default_router.rules.insert(1, static_rule(public))  # kept files from memory, after the access rule
    # gzip, each static file compressed once for every visitor (tornado's own compresses per answer)
    app.transforms = [t for t in app.transforms if t is not web.GZipContentEncoding]
    if CachedGzip not in app.transforms:
        app.transforms.append(CachedGzip)
    app.settings["websocket_compression_options"] = {}
    config = voila.voila_configuration
    config.extension_denylist = [*(config.extension_denylist or []), *_UNUSED_EXTENSIONS]


def _voila_class(gate, lines: list[str], plan: Plan):  # pragma: no cover - exercised by the real-server tests
    """Voila with the access rule in front of its routes and the class rules on its kernels and pages,
    printing ``lines`` once it answers and then how warming goes."""
    from tornado.ioloop import IOLoop, PeriodicCallback
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    from sclab.classroom.access import install

    door = _Door(cap=plan.cap)

    def say(line: str) -> None:
        print(line, flush=True)

    class SclabVoila(Voila):
        def init_settings(self):
            self.config.VoilaKernelManager.kernel_pools_config = plan.pools_config()
            self.config.VoilaKernelManager.fill_delay = plan.fill_delay
            config = self.voila_configuration
            config.multi_kernel_manager_class = _kernel_manager_base(config.multi_kernel_manager_class)
            settings = super().init_settings()
            if config.preheat_kernel:
                _pooled(self.kernel_manager, door)
            return settings

        def init_handlers(self):
            page = _page_handler(TornadoVoilaHandler, door)
            routes = super().init_handlers()
            return [(r[0], page, *r[2:]) if r[1] is TornadoVoilaHandler else r for r in routes]

        def listen(self):
            install(self.app, gate, log=self.log, websocket_max_bytes=WEBSOCKET_MAX_BYTES)
            _fewer_bytes(self)  # after install: the access rule stays first
            IOLoop.current().add_callback(say, "\n".join(lines))
            if self.voila_configuration.preheat_kernel:
                km = self.kernel_manager
                _report_warming(km, {p: n for p, n in plan.pools.items() if p == STUDENT_PAGE}, say)

                def top_up() -> None:  # a pool held back by the cap refills once kernels are freed
                    for page in list(km._pools):
                        km.fill_if_needed(delay=0, notebook_name=page)

                PeriodicCallback(top_up, 5000).start()
            super().listen()

    return SclabVoila


def serve(
    folder: Path,
    *,
    port: int,
    preheat: bool = True,
    ip: str = "127.0.0.1",
    store_url: str | None = None,
    key: str | None = None,
    class_size: int | None = None,
    max_kernels: int | None = None,
    kernel_mb: float | None = None,
    free_after: int = CULL_IDLE_SECONDS,
) -> int:  # pragma: no cover - runs a server until stopped; tests start it as a subprocess
    """Run Voila in this process until Ctrl+C or SIGTERM (kernels are shut down on the way out).

    ``key`` is the instructor's key (default: a new random one for this run). ``class_size`` sizes the
    student page's ready pool and, with the memory available, the cap on live kernels
    (:func:`sclab.classroom.pools.plan`); ``kernel_mb`` replaces the measured size of a student kernel.
    The addresses are printed once the server accepts connections.
    """
    import sys

    from sqlalchemy.engine import make_url

    from sclab.classroom import pools
    from sclab.classroom.access import Gate, allowed_hosts, check_key, new_key
    from sclab.classroom.store import default_url

    key = check_key(key) if key else new_key()
    os.environ.update(voila_env(store_url=store_url))
    os.environ.pop(KEY_ENV, None)  # kernels inherit this environment: a page's code never sees the key
    os.environ.update(_plotly_script_env())  # served by _fewer_bytes
    names = [p.name for p in Path(folder).glob("*.ipynb")]
    sizes = dict(KERNEL_MB) | ({"take_the_scale": kernel_mb} if kernel_mb else {})
    plan = pools.plan(
        names, class_size=class_size, available_mb=pools.available_mb(), kernel_mb=sizes,
        max_kernels=max_kernels, preheat=preheat,
    )  # fmt: skip
    print("\n".join(f"sclab serve: {line}" for line in plan.lines), flush=True)
    shown = make_url(default_url()).render_as_string(hide_password=True)  # never print a password
    lines = [f"sclab serve: {len(names)} dashboards from {folder}"]
    lines += addresses(names, port, ip, key=key).lines()
    lines += [f"class results store: {shown}", "Ctrl+C stops the server."]
    gate = Gate(key=key, hosts=allowed_hosts(ip), port=int(port))
    argv = voila_argv(Path(folder), port=port, preheat=preheat, ip=ip, free_after=free_after)
    sys.argv = ["voila", *argv]
    _voila_class(gate, lines, plan).launch_instance(sys.argv[1:])
    return 0
