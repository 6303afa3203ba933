"""Serving the instructor dashboards with Voila: offline, on 127.0.0.1, with no code execution for visitors.

What the server is given, in one place so that ``sclab serve``, the tests and the benchmarks agree:

- the template ``sclab-offline`` shipped in this package (Voila's lab template without the links
  to an outside font CDN), found through ``JUPYTER_PATH``;
- Voila's own limit on what a page may send to its kernel: only widget (comm) messages and kernel
  info pass its websocket, so an ``execute_request`` from a page is dropped; tracebacks are not
  sent to pages;
- kernel culling, so that kernels of closed tabs are reclaimed (Voila cannot shut them down when a
  tab closes);
- preheated kernels (one ready kernel per dashboard) unless turned off;
- a kernel start-up wait of 300 s instead of 60 s and an output wait of 60 s instead of 4 s: when a
  whole class opens the student page at once, kernels queue on a small machine, and with the
  default 4 s a late cell output (the widget itself) is silently dropped and the page stays empty.

>>> cmd = voila_argv(Path("/course/dashboards"), port=8866, preheat=False)
>>> "--template=sclab-offline" in cmd, "--Voila.ip=127.0.0.1" in cmd
(True, True)
>>> dashboard_urls(["b.ipynb", "a.ipynb"], 8866)[0]
'http://127.0.0.1:8866/voila/render/a.ipynb'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sclab.resources import shipped

__all__ = [
    "CULL_IDLE_SECONDS",
    "TEMPLATE",
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


def template_root() -> Path:
    """The folder to put on ``JUPYTER_PATH``: it holds ``voila/templates/sclab-offline``."""
    return shipped("templates")



def voila_env(base: dict[str, str] | None = None, *, store_url: str | None = None) -> dict[str, str]:
    """An environment with the template on ``JUPYTER_PATH`` and, if given, the store's URL for kernels."""
    env = dict(os.environ if base is None else base)
    paths = [str(template_root())] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
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


def dashboard_urls(names: Iterable[str], port: int, ip: str = "127.0.0.1") -> list[str]:
    """The address of each dashboard notebook, sorted by name."""
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    return [f"http://{host}:{port}/voila/render/{name}" for name in sorted(names)]


def serve(
    folder: Path, *, port: int, preheat: bool = True, ip: str = "127.0.0.1", store_url: str | None = None
) -> int:  # pragma: no cover - runs a server until stopped; tests start it as a subprocess
    """Run Voila in this process until Ctrl+C or SIGTERM (kernels are shut down on the way out)."""
    import sys

    os.environ.update(voila_env(store_url=store_url))
    from sclab.classroom.store import default_url

    names = [p.name for p in Path(folder).glob("*.ipynb")]
    print(f"sclab serve: {len(names)} dashboards from {folder}", flush=True)
    for url in dashboard_urls(names, port, ip):
        print(f"  {url}", flush=True)
    from sqlalchemy.engine import make_url

    shown = make_url(default_url()).render_as_string(hide_password=True)  # never print a password
    print(f"class results store: {shown}", flush=True)
    print("Ctrl+C stops the server.", flush=True)
    from voila.app import Voila

    sys.argv = ["voila", *voila_argv(Path(folder), port=port, preheat=preheat, ip=ip)]
    Voila.launch_instance(sys.argv[1:])
    return 0
