"""CachedGzip: each static file compressed once, the same bytes for every visitor; pages never kept."""

from __future__ import annotations

import gzip
import os

import pytest
from tornado import web
from tornado.testing import AsyncHTTPTestCase

from sclab.classroom.compression import CachedGzip, CompressedFiles, static_rule

SCRIPT = ("function lesson(){return 'kindness';}\n" * 4000).encode()  # 160 kB: sent in several chunks


class _CountingFiles(web.StaticFileHandler):
    served = 0

    def get(self, path, include_body=True):
        type(self).served += 1
        return super().get(path, include_body)


class _Page(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/html")
        self.write("<p>a page with a kernel's id</p>" * 100)


class CachedGzipTest(AsyncHTTPTestCase):
    def setUp(self):
        self.folder = self.get_tmp_folder()
        super().setUp()

    def get_tmp_folder(self):
        import tempfile

        folder = tempfile.mkdtemp()
        for name, body in (("app.js", SCRIPT), ("other.js", SCRIPT + b"// another\n")):
            with open(os.path.join(folder, name), "wb") as f:
                f.write(body)
        return folder

    def get_app(self):
        CachedGzip.cache = CompressedFiles()
        _CountingFiles.served = 0
        app = web.Application([(r"/static/(.*)", _CountingFiles, {"path": self.folder}), (r"/page", _Page)])
        app.default_router.rules.insert(0, static_rule(["/static/"]))
        app.transforms = [t for t in app.transforms if t is not web.GZipContentEncoding] + [CachedGzip]
        return app

    def _get(self, path, **headers):
        return self.fetch(path, headers={"Accept-Encoding": "gzip", **headers}, decompress_response=False)

    def test_a_static_file_is_compressed_once_and_sent_the_same_to_everyone(self):
        first, second = self._get("/static/app.js"), self._get("/static/app.js")
        for r in (first, second):
            assert r.code == 200 and r.headers["Content-Encoding"] == "gzip"
            assert "Accept-Encoding" in r.headers["Vary"]
            assert gzip.decompress(r.body) == SCRIPT
        assert int(second.headers["Content-Length"]) == len(second.body)  # from the cache, whole
        assert second.body == first.body
        assert (CachedGzip.cache.misses, CachedGzip.cache.hits, len(CachedGzip.cache)) == (1, 1, 1)

    def test_files_are_kept_apart(self):
        one, other = self._get("/static/app.js"), self._get("/static/other.js")
        again = self._get("/static/other.js")
        assert gzip.decompress(one.body) == SCRIPT
        assert gzip.decompress(other.body).endswith(b"// another\n") and again.body == other.body
        assert len(CachedGzip.cache) == 2

    def test_pages_304s_and_plain_clients_are_not_cached(self):
        page = self._get("/page")
        assert page.headers["Content-Encoding"] == "gzip" and b"kernel" in gzip.decompress(page.body)
        etag = self._get("/static/app.js").headers["Etag"]
        assert self._get("/static/app.js", **{"If-None-Match": etag}).code == 304
        plain = self.fetch(
            "/static/app.js", headers={"Accept-Encoding": "identity"}, decompress_response=False
        )
        assert plain.body == SCRIPT and "Content-Encoding" not in plain.headers
        assert len(CachedGzip.cache) == 1  # only the static file, once


def test_the_cache_drops_the_least_recently_used_past_its_limit():
    cache = CompressedFiles(limit_bytes=10)
    cache.put(("/a", "1"), b"aaaa")
    cache.put(("/b", "1"), b"bbbb")
    assert cache.get(("/a", "1")) == b"aaaa"  # /a is now the most recent
    cache.put(("/c", "1"), b"cccc")
    assert cache.get(("/b", "1")) is None and cache.get(("/a", "1")) == b"aaaa"
    cache.put(("/big", "1"), b"x" * 11)  # larger than the whole cache: not kept
    assert cache.get(("/big", "1")) is None


@pytest.mark.parametrize("limit", [0, 1])
def test_a_tiny_cache_keeps_nothing_it_cannot_hold(limit):
    cache = CompressedFiles(limit_bytes=limit)
    cache.put(("/a", "1"), b"aa")
    assert len(cache) == 0


class FromMemoryTest(CachedGzipTest):
    """Once kept, a static file is answered from memory: the file handler is not run again."""

    def test_a_kept_file_is_answered_from_memory_with_its_headers(self):
        first = self._get("/static/app.js")
        again = self._get("/static/app.js")
        assert _CountingFiles.served == 1  # the second answer never reached the file handler
        assert again.body == first.body and gzip.decompress(again.body) == SCRIPT
        for name in ("Etag", "Last-Modified", "Content-Type", "Content-Encoding"):
            assert again.headers[name] == first.headers[name], name
        assert again.headers["Vary"] == "Accept-Encoding"
        assert self._get("/static/app.js", **{"If-None-Match": first.headers["Etag"]}).code == 304

    def test_only_kept_gzip_gets_are_answered_from_memory(self):
        self._get("/static/app.js")
        before = _CountingFiles.served
        plain = self.fetch(
            "/static/app.js", headers={"Accept-Encoding": "identity"}, decompress_response=False
        )
        assert plain.body == SCRIPT and _CountingFiles.served == before + 1  # plain: the file handler
        other = self._get("/static/other.js")  # not kept yet: the file handler answers, and keeps it
        assert gzip.decompress(other.body).endswith(b"// another\n") and _CountingFiles.served == before + 2
        self._get("/static/other.js")
        assert _CountingFiles.served == before + 2  # now from memory
        head = self.fetch("/static/app.js", method="HEAD", headers={"Accept-Encoding": "gzip"})
        assert head.code == 200 and head.body == b""
