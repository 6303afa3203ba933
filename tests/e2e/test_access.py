"""A real ``sclab serve``: the instructor's key, an index that lists nothing, the Host check, quiet errors.

Raw HTTP and websocket requests, as an attacker would send them (no browser is needed to forge a
Host header), against the e2e session's server and, for ``--ip 0.0.0.0``, one of its own.
"""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

from sclab.classroom.access import machine_addresses
from sclab.classroom.serving import REACH_WARNING, WEBSOCKET_MAX_BYTES
from sclab.classroom.uploads import MAX_UPLOAD_BYTES
from sclab.ui._page_errors import PLAIN_LINE
from support.voila_server import kernel_id, running_server, websocket_exchange

pytestmark = pytest.mark.e2e

INSTRUCTOR = ("class_results", "lecture_explorer", "score_class_export")
NOTEBOOKS = ("take_the_scale", *INSTRUCTOR)
WS_HEADERS = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def _get(port: int, path: str, host: str | None = None, headers: dict | None = None, address="127.0.0.1"):
    """Status, headers and body of one raw request (redirects not followed)."""
    conn = http.client.HTTPConnection(address, port, timeout=120)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"{address}:{port}")
    for name, value in (headers or {}).items():
        conn.putheader(name, value)
    conn.endheaders()
    resp = conn.getresponse()
    body = b"" if resp.status == 101 else resp.read()
    conn.close()
    return resp.status, resp.headers, body.decode("utf-8", "replace")


def _kernels_started(server) -> int:
    return sum("Kernel started" in line for line in list(server.log))


def _bare(url: str) -> str:
    return urlparse(url).path


def test_instructor_pages_refuse_without_the_key_and_start_no_kernel(server):
    before = _kernels_started(server)
    for name in INSTRUCTOR:
        path = _bare(server.url(name))
        for query in ("", "?key=wrong-key-wrong-key-wrong"):
            opener = server.opener()
            with pytest.raises(urllib.error.HTTPError) as err:
                opener.open(f"http://127.0.0.1:{server.port}{path}{query}", timeout=30)
            assert err.value.code == 403
            body = err.value.read().decode("utf-8")
            assert "This page is for the instructor" in body and 'name="key"' in body
            assert "widget-view" not in body and "kernelId" not in body and "wrong-key" not in body
    assert _kernels_started(server) == before


def test_the_key_opens_an_instructor_page_and_a_cookie_keeps_it_open(server):
    url = server.url("score_class_export")
    assert "?key=" in url and "?key=" not in server.url("take_the_scale")
    status, headers, _ = _get(server.port, urlparse(url).path + "?" + urlparse(url).query)
    assert status == 302 and headers["Location"] == _bare(url)  # the key leaves the address bar
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and server.key not in cookie
    opener = server.opener()
    with opener.open(url, timeout=120) as r:
        assert r.status == 200 and r.url == f"http://127.0.0.1:{server.port}{_bare(url)}"
        html = r.read().decode("utf-8")
    assert "application/vnd.jupyter.widget-view+json" in html and server.key not in html
    with opener.open(f"http://127.0.0.1:{server.port}{_bare(url)}", timeout=120) as r:  # a reload
        assert r.status == 200
    with urllib.request.urlopen(server.url("take_the_scale"), timeout=120) as r:  # the student page: no key
        assert r.status == 200 and "widget-view" in r.read().decode("utf-8")


def test_the_root_and_the_tree_list_no_notebook_and_their_files_stay_closed(server):
    for path in ("/", "/voila/tree", "/voila/tree/", "/voila/render/"):
        status, _, body = _get(server.port, path)
        assert status in (200, 403), path
        assert not any(name in body for name in NOTEBOOKS), (path, body[:200])
        assert ".ipynb" not in body
    for path in (
        "/voila/api/contents",
        "/voila/api/contents/",
        *(f"/voila/files/{n}.ipynb" for n in NOTEBOOKS),
    ):
        status, _, body = _get(server.port, path)
        assert status == 403 and "ipynb" not in body, path


def test_a_spoofed_host_is_refused_for_pages_and_websockets(server):
    status, _, html = _get(server.port, _bare(server.url("take_the_scale")))
    assert status == 200
    channels = f"/api/kernels/{kernel_id(html)}/channels"
    assert _get(server.port, channels, headers=WS_HEADERS)[0] == 101  # the real address is served
    for host in (
        "attacker.example",
        f"attacker.example:{server.port}",
        f"127.0.0.1.nip.example:{server.port}",
    ):
        for path in ("/", _bare(server.url("take_the_scale")), _bare(server.url("class_results"))):
            assert _get(server.port, path, host=host)[0] == 403, (host, path)
        assert _get(server.port, channels, host=host, headers=WS_HEADERS)[0] == 403, host


def test_the_key_reaches_the_log_only_in_the_printed_addresses(server):
    opener = server.opener()
    opener.open(server.url("lecture_explorer"), timeout=120).read()
    with pytest.raises(urllib.error.HTTPError):  # a browser without the cookie, and a mistyped key
        server.opener().open(
            f"http://127.0.0.1:{server.port}/voila/render/class_results.ipynb?key=typo-{server.key}",
            timeout=30,
        )
    log = list(server.log)
    printed = [ln for ln in log if ln.strip().startswith("http") and f"?key={server.key}" in ln]
    assert len(printed) == len(INSTRUCTOR)
    assert sum(server.key in ln for ln in log) == len(printed) and not any("typo-" in ln for ln in log)


def test_the_addresses_are_printed_once_the_server_listens(server):
    log = list(server.log)
    listening = next(i for i, ln in enumerate(log) if "is running at" in ln)
    first_address = next(i for i, ln in enumerate(log) if "/voila/render/" in ln)
    assert listening < first_address  # the memory plan may come first; a clickable address never does


def test_an_error_from_a_page_reaches_the_server_log_and_the_page_gets_one_plain_line(server):
    with urllib.request.urlopen(server.url("take_the_scale"), timeout=120) as r:
        html = r.read().decode("utf-8")
    models = re.findall(r'"model_id"\s*:\s*"([0-9a-f]{32})"', html)
    bad = {"method": "update", "state": {"index": 99, "value": -7}, "buffer_paths": []}
    sent = [{"msg_type": "comm_msg", "content": {"comm_id": m, "data": bad}} for m in models]
    replies, _ = websocket_exchange(server.port, kernel_id(html), sent, wait=8)
    errors = [m["content"] for m in replies if m["header"]["msg_type"] == "error"]
    assert errors and all(e["traceback"] == [PLAIN_LINE] for e in errors)
    seen = repr([m["content"] for m in replies])
    assert "Traceback" not in seen and "site-packages" not in seen and "TraitError" not in seen
    assert "[sclab page error]" in "\n".join(server.log)


def test_the_websocket_takes_an_upload_at_the_limit_and_refuses_more(server):
    with urllib.request.urlopen(server.url("take_the_scale"), timeout=120) as r:
        kid = kernel_id(r.read().decode("utf-8"))
    fits = {"msg_type": "kernel_info_request", "metadata": {"pad": "x" * (MAX_UPLOAD_BYTES + 1_000)}}
    replies, closed = websocket_exchange(server.port, kid, [fits], wait=15)
    assert not closed and "kernel_info_reply" in [m["header"]["msg_type"] for m in replies]
    over = {"msg_type": "kernel_info_request", "metadata": {"pad": "x" * WEBSOCKET_MAX_BYTES}}
    replies, closed = websocket_exchange(server.port, kid, [over], wait=15)
    assert closed and "kernel_info_reply" not in [m["header"]["msg_type"] for m in replies]


def test_serving_every_address_prints_them_and_says_who_can_reach_them(tmp_path):
    with running_server(f"sqlite:///{tmp_path / 's.sqlite3'}", key=None, args=["--ip", "0.0.0.0"]) as srv:
        hosts = machine_addresses() or ["127.0.0.1"]
        student = [u for u in srv.urls if "take_the_scale" in u]
        assert sorted(urlparse(u).hostname for u in student) == sorted(hosts)
        assert all("?key=" not in u for u in student)
        assert REACH_WARNING in srv.log and not any("0.0.0.0" in ln for ln in srv.log if "http" in ln)
        assert len(srv.key) >= 32  # a key made for this run
        for host in hosts:
            assert _get(srv.port, "/", host=f"{host}:{srv.port}", address=host)[0] == 200
            assert _get(srv.port, "/", host=f"attacker.example:{srv.port}", address=host)[0] == 403


def test_in_a_browser_the_key_opens_the_page_leaves_the_address_and_a_reload_works(page, server, artifacts):
    page.goto(server.url("class_results"), timeout=120_000)
    page.wait_for_selector(".jupyter-widgets", timeout=120_000)
    assert page.url == f"http://127.0.0.1:{server.port}/voila/render/class_results.ipynb"  # no key shown
    assert server.key not in page.content()
    page.reload(timeout=120_000)
    page.wait_for_selector(".jupyter-widgets", timeout=120_000)
    page.screenshot(path=str(artifacts / "access_instructor_page.png"))
    other = page.context.browser.new_context()
    try:
        stranger = other.new_page()
        answer = stranger.goto(page.url, timeout=60_000)
        assert answer.status == 403 and stranger.get_by_text("This page is for the instructor").is_visible()
        assert stranger.locator(".jupyter-widgets").count() == 0
        stranger.get_by_label("Instructor key").fill(server.key)  # the prompt takes the key ...
        stranger.get_by_role("button", name="Open").click()
        stranger.wait_for_selector(".jupyter-widgets", timeout=120_000)  # ... and opens the page
        assert stranger.url == page.url
    finally:
        other.close()
