"""gzip for the class server, compressing each static file once rather than once per visitor.

Voila's page loads about 100 scripts and styles (5.3 MB, 1.4 MB gzipped). tornado's
``GZipContentEncoding`` compresses every answer afresh: measured on the 2-core machine, 0.40 s of the
server's processor per new visitor, against 0.12 s sending the files uncompressed; for 30 students
arriving together that is 12 processor-seconds of gzip alone. :class:`CachedGzip` is the same
transform with a memory: a static file's answer (tornado's ``StaticFileHandler`` gives it a
``Last-Modified`` date and an ``Etag`` derived from the file's content) is compressed the first time
and its compressed bytes are kept, keyed by path and ``Etag``. Pages (no ``Last-Modified``: each
carries its own kernel's id) are compressed as before and never kept.

Once a file's compressed answer is kept, :func:`static_rule` answers the next request for it
straight from memory, in front of the usual handlers (after the access rule): tornado's and
jupyter_server's handler stack cost 1.6-2.4 ms of the server's processor per static request,
and a new student asks for 92 of them. Only files under the public static folders qualify.

>>> CachedGzip.cache.limit_bytes
33554432
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from tornado import httputil, routing, web
from tornado.web import GZipContentEncoding

__all__ = ["CachedGzip", "CompressedFiles", "Kept", "static_rule"]

#: Headers of the original answer that are not replayed (each answer makes its own, or has none).
_NOT_REPLAYED = {"date", "server", "set-cookie", "content-length", "transfer-encoding", "connection", "vary"}


@dataclass(frozen=True)
class Kept:
    """One compressed answer: its body and the headers to send with it."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str


class CompressedFiles:
    """Compressed answers by (path, Etag), least recently used dropped first past ``limit_bytes``."""

    def __init__(self, limit_bytes: int = 32 * 1024 * 1024) -> None:
        self.limit_bytes = limit_bytes
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._answers: dict[str, Kept] = {}  # path -> its latest kept answer
        self._size = 0

    def get(self, key: tuple[str, str]) -> bytes | None:
        body = self._items.get(key)
        if body is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return body

    def answer(self, path: str) -> Kept | None:
        """The latest kept answer for ``path`` (no hit counted), if it is still kept."""
        kept = self._answers.get(path)
        return kept if kept is not None and (path, kept.etag) in self._items else None

    def put(self, key: tuple[str, str], body: bytes, headers: Iterable[tuple[str, str]] = ()) -> None:
        if len(body) > self.limit_bytes:
            return
        old = self._items.pop(key, None)
        self._size -= len(old) if old is not None else 0
        self._items[key] = body
        self._answers[key[0]] = Kept(body, tuple(headers), key[1])
        self._size += len(body)
        while self._size > self.limit_bytes:
            (path, _), dropped = self._items.popitem(last=False)
            self._size -= len(dropped)
            self._answers.pop(path, None)

    def __len__(self) -> int:
        return len(self._items)


class CachedGzip(GZipContentEncoding):
    """tornado's gzip transform, keeping the compressed bytes of static answers (see the module's note)."""

    cache = CompressedFiles()

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        super().__init__(request)
        self._path = request.path if request.method == "GET" else None
        self._key: tuple[str, str] | None = None
        self._parts: list[bytes] = []
        self._headers: list[tuple[str, str]] = []
        self._from_cache = False

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        etag = headers.get("Etag")
        static = etag and "Last-Modified" in headers
        if status_code == 200 and static and self._path is not None and self._gzipping:
            self._key = (self._path, etag)
            body = self.cache.get(self._key)
            if body is not None and "Content-Encoding" not in headers:
                self._from_cache, self._gzipping = True, False
                headers["Vary"] = (
                    f"{headers['Vary']}, Accept-Encoding" if "Vary" in headers else "Accept-Encoding"
                )
                headers["Content-Encoding"] = "gzip"
                headers["Content-Length"] = str(len(body))
                return status_code, headers, body
        status_code, headers, chunk = super().transform_first_chunk(status_code, headers, chunk, finishing)
        if self._key is not None:
            self._headers = [(k, v) for k, v in headers.get_all() if k.lower() not in _NOT_REPLAYED]
        return status_code, headers, chunk

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        if self._from_cache:
            return b""  # the whole answer went with the first chunk
        out = super().transform_chunk(chunk, finishing)
        if self._key is not None and self._gzipping:
            self._parts.append(out)
            if finishing:
                self.cache.put(self._key, b"".join(self._parts), self._headers)
                self._parts = []
        return out


class _Known(routing.Matcher):
    """Matches a GET that accepts gzip, for a kept file under one of ``prefixes``."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        self.prefixes = prefixes

    def match(self, request: httputil.HTTPServerRequest) -> dict | None:
        if request.method != "GET" or "gzip" not in request.headers.get("Accept-Encoding", ""):
            return None
        if not request.path.startswith(self.prefixes) or CachedGzip.cache.answer(request.path) is None:
            return None
        return {}


class _FromMemory(web.RequestHandler):
    """Sends a kept compressed answer as it was first sent (a 304 where the browser has it already)."""

    def get(self) -> None:
        kept = CachedGzip.cache.answer(self.request.path)
        if kept is None:  # dropped since it matched: say so plainly, the browser asks again
            self.set_status(503)
            self.set_header("Retry-After", "1")
            return
        self.clear_header("Content-Type")
        for name, value in kept.headers:
            self.add_header(name, value)
        if kept.etag in self.request.headers.get("If-None-Match", ""):
            self.set_status(304)
            return
        self.write(kept.body)

    def compute_etag(self) -> None:  # the kept Etag is sent as it is
        return None


def static_rule(prefixes: Iterable[str]) -> routing.Rule:
    """A routing rule answering kept static files under ``prefixes`` from memory (see the module's note)."""
    return routing.Rule(_Known(tuple(prefixes)), _FromMemory)
