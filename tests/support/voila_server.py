"""Start ``sclab serve`` as a real subprocess on a free port, and always stop it (and its kernels)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "TEST_KEY",
    "Server",
    "execute_over_websocket",
    "free_port",
    "kernel_id",
    "need_chromium",
    "running_server",
    "websocket_exchange",
]

#: Debian's Chromium (installed by .ci/run with apt-get); Playwright's own browser download is never used.
CHROMIUM = "/usr/bin/chromium"
#: The flags every browser run here uses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: The instructor key every test server runs with (``server.key``); instructor URLs carry it.
TEST_KEY = "test-instructor-key-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    urls: list[str]
    proc: subprocess.Popen
    log: list[str] = field(default_factory=list)
    key: str = TEST_KEY

    def url(self, name: str) -> str:
        """The printed address of a dashboard: instructor pages carry ``?key=``, the student page not."""
        return next(u for u in self.urls if u.split("?", 1)[0].endswith(f"/{name}.ipynb"))

    def opener(self) -> urllib.request.OpenerDirector:
        """A urllib opener that keeps cookies, as a browser does (the key's cookie opens instructor pages)."""
        import http.cookiejar

        return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


@contextmanager
def running_server(
    store_url: str, *, preheat: bool = False, timeout: float = 90, key: str | None = TEST_KEY, args=()
):
    """Yield a :class:`Server` once it answers HTTP and has printed its addresses; SIGTERM on the way out.

    ``key`` is given to the server in $SCLAB_INSTRUCTOR_KEY (None: the server makes its own, read back
    from the printed addresses); ``args`` are more ``sclab serve`` arguments (e.g. ``["--ip", "0.0.0.0"]``).
    """
    port = free_port()
    env = dict(os.environ, SCLAB_STORE_URL=store_url, PYTHONUNBUFFERED="1")
    env.pop("SCLAB_INSTRUCTOR_KEY", None)
    if key is not None:
        env["SCLAB_INSTRUCTOR_KEY"] = key
    cmd = [sys.executable, "-m", "sclab.cli", "serve", "--port", str(port), *args]
    cmd.append("--preheat" if preheat else "--no-preheat")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
    )
    server = Server(port, [], proc)

    def drain():  # never let a full pipe block the server
        for line in proc.stdout:
            server.log.append(line.rstrip())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("sclab serve exited early:\n" + "\n".join(server.log))
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    if r.status == 200 and any(ln.startswith("Ctrl+C") for ln in list(server.log)):
                        break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError("sclab serve did not answer in time:\n" + "\n".join(server.log))
        server.urls = [ln.strip() for ln in server.log if ln.strip().startswith("http") and "/render/" in ln]
        keyed = [u.split("?key=", 1)[1] for u in server.urls if "?key=" in u]
        server.key = key if key is not None else keyed[0]
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        reader.join(timeout=5)


def kernel_id(html: str) -> str:
    """The kernel id Voila wrote into a rendered page."""
    m = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', html) or re.search(
        r"kernel[_-]?[iI]d[\"']?\s*[:=]\s*[\"']([0-9a-f-]{36})", html
    )
    if not m:
        raise ValueError("no kernel id in the page")
    return m.group(1)


def _message(msg_type: str, content: dict, **extra) -> dict:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "visitor",
        "session": uuid.uuid4().hex,
        "date": "",
        "version": "5.3",
    }
    return {
        "header": header,
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
        **extra,
    }


def websocket_exchange(
    port: int, kid: str, messages: list[dict], *, wait: float = 6.0, host: str | None = None
) -> tuple[list[dict], bool]:
    """Send ``messages`` (dicts of ``msg_type``, ``content``, ``metadata``) over a page's kernel websocket.

    Returns every JSON message that came back within ``wait`` seconds and whether the server closed
    the connection. ``host`` sets the Host header (default: the address connected to).
    """
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import WebSocketClosedError, websocket_connect

    async def run() -> tuple[list[dict], bool]:
        url = f"ws://127.0.0.1:{port}/api/kernels/{kid}/channels?session_id={uuid.uuid4().hex}"
        conn = await websocket_connect(HTTPRequest(url, headers={"Host": host} if host else {}))
        for m in messages:
            text = json.dumps(_message(m["msg_type"], m.get("content", {}), metadata=m.get("metadata", {})))
            try:
                await conn.write_message(text)
            except WebSocketClosedError:  # the server closed it while the message was sent
                return [], True
        seen: list[dict] = []
        end = time.monotonic() + wait
        closed = False
        while time.monotonic() < end:
            try:
                raw = await asyncio.wait_for(conn.read_message(), timeout=max(0.1, end - time.monotonic()))
            except TimeoutError:
                break
            if raw is None:
                closed = True
                break
            if isinstance(raw, str):
                seen.append(json.loads(raw))
        conn.close()
        return seen, closed

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def execute_over_websocket(port: int, kid: str, code: str, wait: float = 6.0) -> list[str]:
    """Send a kernel_info_request, then an execute_request, over a page's kernel websocket.

    Returns the msg_types of every reply that came back within ``wait`` seconds.
    """
    execute = {
        "code": code,
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    messages = [{"msg_type": "kernel_info_request"}, {"msg_type": "execute_request", "content": execute}]
    replies, _ = websocket_exchange(port, kid, messages, wait=wait)
    return [m["header"]["msg_type"] for m in replies]


def need_chromium() -> None:
    """Skip a browser test without /usr/bin/chromium, except under CI=true, where it fails."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Chromium at /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium: install it with apt-get install chromium")


@contextmanager
def voila_on(folder: Path, *, free_after: int = 20, timeout: float = 90) -> Iterator[str]:
    """Voila on ``folder`` with ``sclab serve``'s template and settings (no preheated kernels); yields its
    base address (``http://127.0.0.1:PORT``) and stops it with its kernels on the way out.

    ``sclab serve`` serves only the dashboards; the course notebooks are rendered here the same way
    (:func:`sclab.classroom.serving.voila_argv` and :func:`~sclab.classroom.serving.voila_env`).
    """
    from sclab.classroom.serving import voila_argv, voila_env

    port = free_port()
    argv = voila_argv(Path(folder), port=port, preheat=False, free_after=free_after)
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", *argv],
        env=voila_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"voila exited early with {proc.returncode}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"voila did not answer within {timeout:g} s") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
