"""What the browser benchmarks share about a running ``sclab serve`` (imported as ``_serving``).

Memory of the server and of its kernels (psutil), the kernel behind a page, waiting for the server
to fall idle, and the server log's errors. (The bytes of a page visit: ``support.page_bytes``.)
They measure and return figures; nothing here asserts a time.
"""

from __future__ import annotations

import re
import time

import psutil

__all__ = ["cpu_seconds", "kernel_rss_by_id", "kernels", "log_errors", "quiet", "server_rss"]

_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


def _kernel_processes(server):
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            cmd = " ".join(child.cmdline())
        except psutil.NoSuchProcess:
            continue
        if "ipykernel" in cmd:
            yield child, cmd


def kernels(server) -> dict[int, float]:
    """pid -> RSS in MB of every kernel the server started."""
    out = {}
    for child, _ in _kernel_processes(server):
        try:
            out[child.pid] = child.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            pass
    return out


def kernel_rss_by_id(server) -> dict[str, float]:
    """Kernel id (as written into a page) -> RSS in MB, read from each kernel's connection-file name."""
    out = {}
    for child, cmd in _kernel_processes(server):
        m = _KERNEL_FILE.search(cmd)
        try:
            if m:
                out[m.group(1)] = child.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            pass
    return out


def server_rss(server) -> float:
    """RSS in MB of the server process itself (Voila runs inside ``sclab serve``), kernels excluded."""
    return psutil.Process(server.proc.pid).memory_info().rss / 2**20


def quiet(server, *, below: float = 15.0, at_least: int = 0, timeout: float = 300.0) -> float:
    """Wait until the server and its kernels use under ``below`` % of one core (over 1 s) and at
    least ``at_least`` kernels run; return the seconds waited (``timeout`` at most)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        procs = [psutil.Process(server.proc.pid)] + [c for c, _ in _kernel_processes(server)]
        for p in procs:
            try:
                p.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        time.sleep(1.0)
        busy = 0.0
        for p in procs:
            try:
                busy += p.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        if busy < below and len(procs) - 1 >= at_least:
            break
    return time.monotonic() - t0


def log_errors(log: list[str], last: int = 15) -> list[str]:
    """The server log's last error lines (or its last lines, if none looks like an error)."""
    bad = [ln for ln in log if any(w in ln for w in ("ERROR", "Error", "imeout", "Traceback"))]
    return bad[-last:] or log[-last:]


def cpu_seconds(server) -> dict[str, float]:
    """CPU seconds used so far by this benchmark's browsers (children named chrom*), by the server
    process and by its kernels (those alive now)."""

    def used(procs) -> float:
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    mine = psutil.Process().children(recursive=True)
    return {
        "browser": used(p for p in mine if "chrom" in _name(p)),
        "server": used([psutil.Process(server.proc.pid)]),
        "kernels": used(c for c, _ in _kernel_processes(server)),
    }


def _name(p) -> str:
    try:
        return p.name().lower()
    except psutil.NoSuchProcess:
        return ""
