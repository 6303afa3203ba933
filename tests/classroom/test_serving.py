"""Serving the dashboards: Voila's options, the access rule, the printed addresses, and a real server."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sclab.classroom.access import (
    MIN_KEY_LENGTH,
    OPEN_PAGES,
    Gate,
    allowed_hosts,
    check_key,
    decide,
    new_key,
)
from sclab.classroom.serving import (
    KEY_ENV,
    REACH_WARNING,
    SERVED_ENV,
    TEMPLATE,
    WEBSOCKET_MAX_BYTES,
    addresses,
    dashboard_urls,
    served,
    template_root,
    voila_argv,
    voila_env,
)
from sclab.classroom.uploads import MAX_UPLOAD_BYTES
from support.voila_server import execute_over_websocket, kernel_id, running_server

EXPECTED = {"take_the_scale", "class_results", "lecture_explorer", "score_class_export"}


def test_serve_options_keep_the_server_local_offline_and_quiet():
    argv = voila_argv(Path("/x"), port=9999, preheat=True)
    assert "--Voila.ip=127.0.0.1" in argv and f"--template={TEMPLATE}" in argv
    assert "--VoilaConfiguration.show_tracebacks=False" in argv and "--preheat_kernel=True" in argv
    assert "--preheat_kernel=True" not in voila_argv(Path("/x"), port=9999, preheat=False)
    # a crowd of first views must not lose its widgets to nbclient's 4 s output wait
    assert "--VoilaExecutor.iopub_timeout=60" in argv and "--VoilaExecutor.startup_timeout=300" in argv
    assert (template_root() / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()
    env = voila_env({"JUPYTER_PATH": "/elsewhere"}, store_url="sqlite:////tmp/x.sqlite3")
    assert env["JUPYTER_PATH"].split(":") == [str(template_root()), "/elsewhere"]
    assert env["SCLAB_STORE_URL"] == "sqlite:////tmp/x.sqlite3"
    assert env["MALLOC_MMAP_THRESHOLD_"] == "131072"  # kernels give large temporary arrays back
    assert voila_env({"MALLOC_MMAP_THRESHOLD_": "65536"})["MALLOC_MMAP_THRESHOLD_"] == "65536"


def test_kernels_behind_served_pages_know_it():
    # a page a visitor opens must never keep their answers on the server's disk (issue 15, item 7)
    env = voila_env({"HOME": "/h"})
    assert env[SERVED_ENV] == "1" and served(env)
    assert not served({"HOME": "/h"})
    with pytest.raises(ValueError, match="port"):
        voila_argv(Path("/x"), port=0)
    with pytest.raises(ValueError, match="pool_size"):
        voila_argv(Path("/x"), port=9999, pool_size=0)


def test_dashboard_urls_are_sorted_and_never_name_every_address():
    assert dashboard_urls(["b.ipynb", "a.ipynb"], 8866, ip="0.0.0.0") == [
        "http://127.0.0.1:8866/voila/render/a.ipynb",
        "http://127.0.0.1:8866/voila/render/b.ipynb",
    ]


def test_sclab_serve_serves_every_dashboard_offline_and_refuses_code_from_a_page(tmp_path):
    # its pages are fetched without a websocket, one after the other: keep their kernels past the 60 s
    # after which a kernel with no page connected is freed, however slowly a busy machine renders them
    store = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with running_server(store, preheat=False, args=["--free-after", "300"]) as server:
        names = sorted(u.split("?", 1)[0].rsplit("/", 1)[1] for u in server.urls)
        assert names == sorted(f"{n}.ipynb" for n in EXPECTED)
        assert all(u.startswith(f"http://127.0.0.1:{server.port}/voila/render/") for u in server.urls)
        opener = server.opener()  # keeps the key's cookie, as a browser does
        pages = {}
        for url in server.urls:
            with opener.open(url, timeout=120) as r:
                assert r.status == 200
                pages[url] = r.read().decode("utf-8")
        for url, html in pages.items():
            assert "application/vnd.jupyter.widget-view+json" in html, url
            # nothing the page loads comes from another host: no src/href to http(s) elsewhere
            # (links a reader may follow, <a href>, such as a reference's DOI, load nothing)
            loaded = re.findall(r"""\bsrc\s*=\s*\\?["'](https?://[^"'\\]+)""", html)
            loaded += re.findall(r"""<link\b[^>]*\bhref\s*=\s*\\?["'](https?://[^"'\\]+)""", html)
            assert [u for u in loaded if not u.startswith(f"http://127.0.0.1:{server.port}")] == [], url
            assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
            assert "Traceback" not in html and server.key not in html
        # a visitor's execute_request over the page's own kernel connection is dropped
        html = pages[server.url("take_the_scale")]
        marker = tmp_path / "visitor_ran_code"
        seen = execute_over_websocket(server.port, kernel_id(html), f"open({str(marker)!r}, 'w').write('x')")
        assert "kernel_info_reply" in seen  # the connection works ...
        assert "execute_reply" not in seen and "execute_input" not in seen  # ... but code is not run
        time.sleep(1)
        assert not marker.exists()
        # notebooks' source and the contents API stay closed
        for path in ("/api/contents/take_the_scale.ipynb", "/files/take_the_scale.ipynb"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=10)
                raise AssertionError(f"{path} was served")
            except urllib.error.HTTPError as exc:
                assert exc.code in (403, 404)


# --- the instructor's key, the Host check and the index: the rule, without a server ----------------

GATE = Gate(key="k" * MIN_KEY_LENGTH, hosts=allowed_hosts("127.0.0.1"), port=8866)
HOST = "127.0.0.1:8866"


@pytest.mark.parametrize(
    "path",
    [
        "/voila/render/class_results.ipynb",
        "/voila/render/score_class_export.ipynb",
        "/voila/render/lecture_explorer.ipynb",
        "/voila/render/./class_results.ipynb",
        "/voila/render//class_results.ipynb",
        "/voila/render/%63lass_results.ipynb",
        "/voila/render/take_the_scale.ipynb/../class_results.ipynb",
        "/voila/render/no_such_page.ipynb",  # every page but the open ones needs the key
        "/voila/render/",
    ],
)
def test_instructor_pages_need_the_key_however_the_address_is_spelt(path):
    assert decide(GATE, path, host=HOST) == "need-key"
    assert decide(GATE, path, host=HOST, cookie="0" * 64) == "need-key"  # a made-up cookie
    assert decide(GATE, path, host=HOST, cookie=GATE.cookie_value) == "pass"


def test_a_key_in_the_address_is_checked_and_taken_out_before_voila_sees_it():
    path = "/voila/render/class_results.ipynb"
    assert decide(GATE, path, host=HOST, key=GATE.key) == "key-ok"
    assert decide(GATE, path, host=HOST, key=GATE.key[:-1] + "j") == "key-wrong"
    assert decide(GATE, path, host=HOST, key="") == "key-wrong"
    # the cookie is derived from the key, never the key itself
    assert GATE.key not in GATE.cookie_value and len(GATE.cookie_value) == 64


def test_the_student_page_static_files_and_kernels_are_open():
    for path in (
        "/voila/render/take_the_scale.ipynb",
        "/voila/static/voila.js",
        "/api/kernels/0b4f0c4e-1111-2222-3333-444455556666/channels",
    ):
        assert decide(GATE, path, host=HOST) == "pass", path
    assert OPEN_PAGES == {"take_the_scale.ipynb"}


def test_the_root_and_the_tree_list_nothing_and_the_contents_api_is_closed():
    for path in ("/", "/voila/tree", "/voila/tree/", "/voila/tree/sub"):
        assert decide(GATE, path, host=HOST) == "index", path
    for path in ("/voila/api/contents", "/voila/api/contents/", "/voila/api/contents/class_results.ipynb"):
        assert decide(GATE, path, host=HOST) == "closed", path


@pytest.mark.parametrize(
    "host, ok",
    [
        ("127.0.0.1:8866", True),
        ("localhost:8866", True),
        ("LOCALHOST.:8866", True),
        ("[::1]:8866", True),
        ("127.0.0.1", True),
        ("attacker.example:8866", False),
        ("attacker.example", False),
        ("127.0.0.1.attacker.example:8866", False),
        ("192.168.1.20:8866", False),
        ("", False),
    ],
)
def test_the_host_header_must_name_an_address_served(host, ok):
    for path in ("/voila/render/take_the_scale.ipynb", "/api/kernels/x/channels", "/"):
        assert (decide(GATE, path, host=host) != "bad-host") is ok, (host, path)
    # a wrong host is refused before the key is even looked at
    if not ok:
        assert decide(GATE, "/voila/render/class_results.ipynb", host=host, key=GATE.key) == "bad-host"


def test_hosts_allowed_follow_the_address_served():
    assert allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    every = allowed_hosts("0.0.0.0", addresses=["192.168.1.20", "10.0.0.5"])
    assert {"192.168.1.20", "10.0.0.5", "127.0.0.1", "localhost"} <= every and "attacker.example" not in every
    one = allowed_hosts("192.168.1.20")
    assert "192.168.1.20" in one and "10.0.0.5" not in one


def test_keys_are_random_long_and_a_chosen_key_must_be_long_enough():
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50 and all(len(k) >= 32 for k in keys)  # 24 random bytes: 192 bits
    assert all(check_key(k) == k for k in keys)
    for bad in ("short", "x" * (MIN_KEY_LENGTH - 1), "a" * MIN_KEY_LENGTH + "&admin=1", "é" * 30):
        with pytest.raises(ValueError, match=f"at least {MIN_KEY_LENGTH} characters"):
            check_key(bad)


def test_kernels_never_inherit_the_key():
    env = voila_env({KEY_ENV: "secret-key-secret-key-123", "HOME": "/h"})
    assert KEY_ENV not in env and env["HOME"] == "/h"


# --- what sclab serve prints -----------------------------------------------------------------------

NAMES = ["take_the_scale.ipynb", "class_results.ipynb", "score_class_export.ipynb", "lecture_explorer.ipynb"]


def test_the_student_address_has_no_key_and_the_instructor_addresses_have_it():
    key = "K" * MIN_KEY_LENGTH
    urls = addresses(NAMES, 8866, key=key)
    assert urls.student == ["http://127.0.0.1:8866/voila/render/take_the_scale.ipynb"]
    assert urls.instructor == [
        f"http://127.0.0.1:8866/voila/render/{n}?key={key}"
        for n in ("class_results.ipynb", "lecture_explorer.ipynb", "score_class_export.ipynb")
    ]
    lines = urls.lines()
    assert REACH_WARNING not in lines and any("Only this machine" in ln for ln in lines)
    assert sum(key in ln for ln in lines) == 3  # once in each instructor address, nowhere else


def test_a_non_loopback_address_prints_the_real_addresses_and_who_can_reach_them():
    key = "K" * MIN_KEY_LENGTH
    urls = addresses(NAMES, 8866, "0.0.0.0", key=key, machine=["10.0.0.5", "192.168.1.20"])
    assert urls.student == [
        "http://10.0.0.5:8866/voila/render/take_the_scale.ipynb",
        "http://192.168.1.20:8866/voila/render/take_the_scale.ipynb",
    ]
    assert all(u.startswith("http://127.0.0.1:8866/") for u in urls.instructor)  # the key stays local
    assert REACH_WARNING in urls.lines()
    lan = addresses(NAMES, 8866, "192.168.1.20", key=key)
    assert lan.student == ["http://192.168.1.20:8866/voila/render/take_the_scale.ipynb"]
    assert all(u.startswith("http://192.168.1.20:8866/") for u in lan.instructor)
    assert REACH_WARNING in lan.lines()
    assert "0.0.0.0" not in "\n".join(urls.lines() + lan.lines())


def test_the_websocket_limit_fits_the_upload_limit():
    # measured: a 1,000,000-byte upload named up.csv needed a limit between 1,000,401 and 1,000,500 bytes
    assert MAX_UPLOAD_BYTES + 1_000 <= WEBSOCKET_MAX_BYTES <= MAX_UPLOAD_BYTES + 100_000


def test_kernels_with_no_page_connected_are_freed_after_the_wait_and_pools_refill_after_a_pause():
    from sclab.classroom.serving import CULL_IDLE_SECONDS, FILL_DELAY_SECONDS

    argv = voila_argv(Path("/x"), port=9999, preheat=True)
    assert CULL_IDLE_SECONDS == 60 and f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}" in argv
    assert (
        "--MappingKernelManager.cull_interval=15" in argv
        and "--MappingKernelManager.cull_connected=False" in argv
    )
    assert f"--VoilaKernelManager.fill_delay={FILL_DELAY_SECONDS}" in argv
    short = voila_argv(Path("/x"), port=9999, free_after=10)
    assert (
        "--MappingKernelManager.cull_idle_timeout=10" in short
        and "--MappingKernelManager.cull_interval=2" in short
    )
    with pytest.raises(ValueError, match="--free-after must be at least 5 seconds; got 2"):
        voila_argv(Path("/x"), port=9999, free_after=2)


class _Task:
    def __init__(self, done: bool, page_done: bool = True):
        self._done, self._page = done, page_done

    def done(self):
        return self._done

    def cancelled(self):
        return False

    def exception(self):
        return None

    def result(self):
        return {"task": _Task(self._page)}


class _Kernels:
    """What the door reads from Voila's kernel manager: kernels, pending starts and the pools."""

    def __init__(self, kernels, pending, pools):
        self._kernels = dict.fromkeys(kernels)
        self._pending_kernels = dict.fromkeys(pending)
        self._pools = pools


def test_the_door_counts_every_kernel_alive_starting_or_promised_and_ready_means_its_page_ran():
    from sclab.classroom.serving import _committed, _Door, _ready

    pool = [_Task(True), _Task(True, page_done=False), _Task(False)]
    km = _Kernels(["a", "b", "c"], ["d"], {"take_the_scale.ipynb": pool, "other.ipynb": [_Task(False)]})
    assert _committed(km, _Door(cap=10, starting=2)) == 3 + 1 + 2 + 2
    assert _ready(km, "take_the_scale.ipynb") == 1 and _ready(km, "missing.ipynb") == 0
    bare = _Kernels(["a"], [], {})  # --no-preheat: no pools at all
    assert _committed(bare, _Door(cap=1)) == 1


def test_the_full_page_retries_by_itself_and_serve_refuses_bad_class_options(capsys):
    from sclab.classroom.serving import FULL_PAGE, RETRY_AFTER_SECONDS
    from sclab.cli import main

    assert f'<meta http-equiv="refresh" content="{RETRY_AFTER_SECONDS}">' in FULL_PAGE
    assert "The class server is full" in FULL_PAGE and "<script" not in FULL_PAGE
    for bad, said in [
        (["--class-size", "0"], "--class-size must be at least 1; got 0"),
        (["--max-kernels", "-1"], "--max-kernels must be at least 1; got -1"),
        (["--kernel-mb", "0"], "--kernel-mb must be at least 1; got 0"),
        (["--free-after", "1"], "--free-after must be at least 5 seconds; got 1"),
    ]:
        assert main(["serve", *bad]) == 2
        assert said in capsys.readouterr().err
