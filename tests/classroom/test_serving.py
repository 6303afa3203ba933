"""Serving the dashboards: Voila's options, and ``sclab serve`` as a real server on a free port."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sclab.classroom.serving import TEMPLATE, dashboard_urls, template_root, voila_argv, voila_env
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
    with running_server(f"sqlite:///{tmp_path / 'store.sqlite3'}", preheat=False) as server:
        assert sorted(u.rsplit("/", 1)[1] for u in server.urls) == sorted(f"{n}.ipynb" for n in EXPECTED)
        assert all(u.startswith(f"http://127.0.0.1:{server.port}/voila/render/") for u in server.urls)
        pages = {}
        for url in server.urls:
            with urllib.request.urlopen(url, timeout=120) as r:
                assert r.status == 200
                pages[url] = r.read().decode("utf-8")
        for url, html in pages.items():
            assert "application/vnd.jupyter.widget-view+json" in html, url
            # nothing the page loads comes from another host: no src/href to http(s) elsewhere
            outside = re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", html)
            assert [u for u in outside if not u.startswith(f"http://127.0.0.1:{server.port}")] == [], url
            assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
            assert "Traceback" not in html
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
