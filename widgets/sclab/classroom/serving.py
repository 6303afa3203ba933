"""Serving the instructor dashboards with Voila: offline, on 127.0.0.1, with no code execution for visitors.

What the server is given, in one place so that ``sclab serve``, the tests and the benchmarks agree:

- the template ``sclab-offline`` shipped in this package (Voila's lab template without the links
  to an outside font CDN), found through ``JUPYTER_PATH``;
- Voila's own limit on what a page may send to its kernel: only widget (comm) messages and kernel
  info pass its websocket, so an ``execute_request`` from a page is dropped; a cell's traceback is
  not sent to the page (``show_tracebacks=False``), nor is a widget callback's
  (:mod:`sclab.ui._page_errors`, imported by each dashboard, sends it to the server log);
- kernel culling, so that kernels of closed tabs are reclaimed (Voila cannot shut them down when a
  tab closes);
- preheated kernels (one ready kernel per dashboard) unless turned off;
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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sclab.classroom.uploads import MAX_UPLOAD_BYTES
from sclab.resources import shipped

__all__ = [
    "CULL_IDLE_SECONDS",
    "KEY_ENV",
    "TEMPLATE",
    "WEBSOCKET_MAX_BYTES",
    "Addresses",
    "addresses",
    "dashboard_urls",
    "serve",
    "template_root",
    "voila_argv",
    "voila_env",
]

#: Name of the shipped Voila template.
TEMPLATE = "sclab-offline"
#: A kernel with no page connected and no activity for this long is shut down.
CULL_IDLE_SECONDS = 300
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


def voila_env(base: dict[str, str] | None = None, *, store_url: str | None = None) -> dict[str, str]:
    """An environment with the template on ``JUPYTER_PATH`` and, if given, the store's URL for kernels.

    The instructor's key is taken out: kernels inherit this environment, and a page's code must not
    be able to read the key.
    """
    env = dict(os.environ if base is None else base)
    paths = [str(template_root())] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env.pop(KEY_ENV, None)
    if store_url:
        env["SCLAB_STORE_URL"] = store_url
    return env


def voila_argv(
    folder: Path, *, port: int, preheat: bool = True, ip: str = "127.0.0.1", pool_size: int = 1
) -> list[str]:
    """Voila's command-line arguments (without the program name)."""
    if not 1 <= int(port) <= 65535:
        raise ValueError(f"port must be 1-65535; got {port}")
    if pool_size < 1:
        raise ValueError(f"pool_size must be at least 1; got {pool_size}")
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
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
    ]
    if preheat:
        argv += ["--preheat_kernel=True", f"--pool_size={int(pool_size)}"]
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


def _voila_class(gate, lines: list[str]):  # pragma: no cover - exercised by the real-server tests
    """Voila with the access rule in front of its routes, printing ``lines`` once it answers."""
    from tornado.ioloop import IOLoop
    from voila.app import Voila

    from sclab.classroom.access import install

    def announce() -> None:  # runs on the server's loop once it is listening
        print("\n".join(lines), flush=True)

    class SclabVoila(Voila):
        def listen(self):
            install(self.app, gate, log=self.log, websocket_max_bytes=WEBSOCKET_MAX_BYTES)
            IOLoop.current().add_callback(announce)
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
) -> int:  # pragma: no cover - runs a server until stopped; tests start it as a subprocess
    """Run Voila in this process until Ctrl+C or SIGTERM (kernels are shut down on the way out).

    ``key`` is the instructor's key (default: a new random one for this run). The addresses are
    printed once the server accepts connections.
    """
    import sys

    from sqlalchemy.engine import make_url

    from sclab.classroom.access import Gate, allowed_hosts, check_key, new_key
    from sclab.classroom.store import default_url

    key = check_key(key) if key else new_key()
    os.environ.update(voila_env(store_url=store_url))
    os.environ.pop(KEY_ENV, None)  # kernels inherit this environment: a page's code never sees the key
    names = [p.name for p in Path(folder).glob("*.ipynb")]
    shown = make_url(default_url()).render_as_string(hide_password=True)  # never print a password
    lines = [f"sclab serve: {len(names)} dashboards from {folder}"]
    lines += addresses(names, port, ip, key=key).lines()
    lines += [f"class results store: {shown}", "Ctrl+C stops the server."]
    gate = Gate(key=key, hosts=allowed_hosts(ip), port=int(port))
    sys.argv = ["voila", *voila_argv(Path(folder), port=port, preheat=preheat, ip=ip)]
    _voila_class(gate, lines).launch_instance(sys.argv[1:])
    return 0
