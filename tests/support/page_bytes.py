"""How many bytes one visit to a served page costs: counted on the wire and reported by the browser.

A visit goes through :class:`ByteCounter`, a small TCP relay in front of the server, so what it
counts is what would cross the classroom network: HTTP headers and bodies as sent (compressed or
not), and websocket frames as sent. Chromium's own view comes alongside: every request's URL
(to check that nothing leaves the machine), each response's encoded size (CDP
``Network.loadingFinished``), and the websocket payloads the page received (after any
``permessage-deflate``, so the payload size is what the page decoded, not what crossed the wire).

    with ByteCounter(server.port) as relay:
        ctx = browser.new_context()
        first = visit(ctx.new_page(), relay, relay.url(server.url("take_the_scale")))
        again = visit(ctx.new_page(), relay, ...)   # same student, warm cache

The benchmarks reuse :func:`visit` to compare settings.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse, urlunparse

__all__ = ["ByteCounter", "Visit", "visit"]

#: A visit is over when nothing more has crossed the wire for this long (seconds).
QUIET_SECONDS = 3.0


class ByteCounter:
    """A TCP relay on 127.0.0.1 to ``port`` that counts the bytes each way (``down``: server to browser)."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.down = 0
        self.up = 0
        self.last_activity = time.monotonic()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task] = set()
        self.port = 0

    def url(self, address: str) -> str:
        """``address`` (on the server's port) rewritten to go through this relay."""
        parts = urlparse(address)
        return urlunparse(parts._replace(netloc=f"127.0.0.1:{self.port}"))

    async def _pipe(self, reader, writer, attr: str) -> None:
        try:
            while data := await reader.read(65536):
                setattr(self, attr, getattr(self, attr) + len(data))
                self.last_activity = time.monotonic()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_r, client_w) -> None:
        self._tasks.add(asyncio.current_task())
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            client_w.close()
            return
        try:
            await asyncio.gather(self._pipe(client_r, server_w, "up"), self._pipe(server_r, client_w, "down"))
        finally:
            self._tasks.discard(asyncio.current_task())

    async def _start(self) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self._server = await asyncio.start_server(self._handle, sock=sock)
        self.port = sock.getsockname()[1]

    def __enter__(self) -> ByteCounter:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(self, *exc) -> None:
        async def stop() -> None:
            self._server.close()
            for task in list(self._tasks):  # connections the browser left open
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def wait_quiet(self, quiet: float = QUIET_SECONDS, timeout: float = 120.0) -> None:
        """Return once nothing has crossed the relay for ``quiet`` seconds (or after ``timeout``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and time.monotonic() - self.last_activity < quiet:
            time.sleep(0.2)


@dataclass
class Visit:
    """The bytes of one page visit."""

    wire_down: int  # server to browser, everything on the wire (HTTP and websocket, as sent)
    wire_up: int  # browser to server
    http_encoded: int  # Chromium: the sum of responses' encoded sizes (headers and body as received)
    ws_payload: int  # Chromium: websocket payload bytes the page received (after decompression)
    ws_frames: int
    requests: list[str] = field(default_factory=list)
    by_url: Counter = field(default_factory=Counter)  # encoded bytes per URL (without the query)

    @property
    def hosts(self) -> set[str]:
        """The hosts the page asked anything of (``data:`` and ``blob:`` addresses are local)."""
        return {urlparse(u).hostname for u in self.requests if urlparse(u).scheme not in ("data", "blob")}

    def row(self) -> str:
        return (
            f"wire down {self.wire_down / 1e6:.2f} MB, up {self.wire_up / 1e6:.2f} MB; "
            f"HTTP {self.http_encoded / 1e6:.2f} MB; websocket {self.ws_payload / 1e6:.2f} MB "
            f"in {self.ws_frames} frames"
        )


def visit(
    page, relay: ByteCounter, url: str, *, ready: str = ".jupyter-widgets", timeout: float = 180.0
) -> Visit:
    """Open ``url`` in ``page`` through ``relay``; wait for ``ready`` and for the wire to fall quiet.

    ``ready`` need only be attached (a figure hidden until the form is sent counts once it is drawn).

    The counts are those of this page alone when nothing else uses the relay meanwhile.
    """
    requests: list[str] = []
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    ws = {"payload": 0, "frames": 0}
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")

    def on_response(ev) -> None:
        urls[ev["requestId"]] = ev["response"]["url"].split("?", 1)[0]

    def on_finished(ev) -> None:
        sizes[ev["requestId"]] = int(ev["encodedDataLength"])

    def on_frame(payload) -> None:
        ws["payload"] += len(payload.encode() if isinstance(payload, str) else payload)
        ws["frames"] += 1

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda s: s.on("framereceived", on_frame))
    down0, up0 = relay.down, relay.up
    page.goto(url, timeout=timeout * 1000)
    page.wait_for_selector(ready, state="attached", timeout=timeout * 1000)
    relay.wait_quiet(timeout=timeout)
    by_url: Counter = Counter()
    for rid, n in sizes.items():
        by_url[urls.get(rid, rid)] += n
    cdp.detach()
    return Visit(
        wire_down=relay.down - down0,
        wire_up=relay.up - up0,
        http_encoded=sum(sizes.values()),
        ws_payload=ws["payload"],
        ws_frames=ws["frames"],
        requests=requests,
        by_url=by_url,
    )
