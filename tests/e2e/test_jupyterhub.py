"""Past one machine: a real JupyterHub with the shipped configuration, two students, one PostgreSQL store.

The hub (PyPI ``jupyterhub``) and its proxy (npm ``configurable-http-proxy``), both installed by
.ci/run, start from deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1 with free ports; the
config's shared-password login and local process spawner give each student a single-user server
with Voila inside. Two students log in from their own browsers, land on
``/user/<name>/voila/render/take_the_scale.ipynb`` and send their scores to a fresh PostgreSQL
database ($SCLAB_TEST_PG_URL). Three sends from the lecture-room laptop are already there, so the
instructor's class view (``sclab serve``, class_results, with the key) shows the class only if it
counts both students' sends: five is the least it shows.

Without jupyterhub, configurable-http-proxy, PostgreSQL or Chromium that test (marked e2e) is skipped
with the reason, except under CI=true, where each is a failure. Two quick tests read the config file
alone: what each student's server is given, and the message for a missing or bad setting.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sclab.classroom.store import ClassStore
from support.databases import fresh_pg_url
from support.voila_server import free_port, running_server

HUB_CONFIG = Path(__file__).parents[2] / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "class-password-for-the-test"
CODE = "HUB-CLASS-01"
STUDENTS = ("alice", "bob")
PAGE_TIMEOUT = 180_000  # ms: a server spawns, then its kernel runs the dashboard, on a busy 2-core machine
READY = "JupyterHub is now running at"


def _missing(what: str, how: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must provide {what}: {how}")
    pytest.skip(f"no {what}: {how}")


def _proxy_command() -> str:
    found = os.environ.get("SCLAB_PROXY_COMMAND") or shutil.which("configurable-http-proxy")
    if not found or not Path(found).exists():
        _missing(
            "configurable-http-proxy",
            ".ci/run installs it with npm and sets $SCLAB_PROXY_COMMAND (or put it on PATH)",
        )
    return found


def _need_hub() -> None:
    if importlib.util.find_spec("jupyterhub") is None:
        _missing("jupyterhub", "the test extra installs it (pip install -e '.[test]')")
    _proxy_command()


def _fresh_pg_url() -> str:
    """A new empty database on $SCLAB_TEST_PG_URL's server."""
    admin_url = os.environ.get("SCLAB_TEST_PG_URL")
    if not admin_url:
        _missing("a PostgreSQL server", ".ci/run starts one and sets $SCLAB_TEST_PG_URL")
    return fresh_pg_url(admin_url, prefix="sclab_hub")


class Hub:
    """A running hub: its address, its log, and every process it started (found again by a marker)."""

    def __init__(self, port: int, proc: subprocess.Popen, homes: Path, marker: str):
        self.url = f"http://127.0.0.1:{port}"
        self.proc, self.homes, self.marker = proc, homes, marker
        self.log: list[str] = []

    def processes(self):
        """The hub and proxy (they carry the marker), students' servers, kernels (HOME in ``homes``)."""
        import psutil

        found = []
        for p in psutil.process_iter():
            try:
                env = p.environ()
            except (psutil.Error, OSError):
                continue
            if env.get("SCLAB_HUB_TEST_RUN") == self.marker or env.get("HOME", "").startswith(
                str(self.homes)
            ):
                found.append(p)
        return found

    def student_servers(self) -> set[str]:
        """The home folder of each running single-user server."""
        import psutil

        homes = set()
        for p in self.processes():
            try:
                if "jupyterhub.singleuser" in p.cmdline():
                    homes.add(p.environ().get("HOME"))
            except psutil.Error:
                continue
        return homes

    def stop(self) -> None:
        """SIGTERM the hub (it stops the proxy and servers), then kill whatever is left, group by group."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        mine = os.getpgid(0)
        for p in self.processes():
            try:
                group = os.getpgid(p.pid)
                if group != mine:
                    os.killpg(group, signal.SIGKILL)
                else:
                    p.kill()
            except (ProcessLookupError, PermissionError):
                pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def _hub_env(store_url: str, state: Path, marker: str) -> dict[str, str]:
    return dict(
        os.environ,
        SCLAB_STORE_URL=store_url,
        SCLAB_HUB_PASSWORD=PASSWORD,
        SCLAB_HUB_IP="127.0.0.1",
        SCLAB_HUB_PORT=str(free_port()),
        SCLAB_HUB_API_PORT=str(free_port()),
        SCLAB_PROXY_API_PORT=str(free_port()),
        SCLAB_PROXY_COMMAND=_proxy_command(),
        SCLAB_HUB_HOME=str(state / "home" / "{username}"),
        SCLAB_HUB_TEST_RUN=marker,
        PYTHONUNBUFFERED="1",
    )


@contextmanager
def running_hub(store_url: str, state: Path, timeout: float = 120):
    """Yield a :class:`Hub` started from the shipped config once it says it runs; always stop it."""
    _need_hub()
    marker = uuid.uuid4().hex
    env = _hub_env(store_url, state, marker)
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)]
    proc = subprocess.Popen(  # cwd: the hub's database, cookie secret and proxy pid file go there
        cmd,
        cwd=state,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    hub = Hub(int(env["SCLAB_HUB_PORT"]), proc, state / "home", marker)
    reader = threading.Thread(
        target=lambda: hub.log.extend(line.rstrip() for line in proc.stdout), daemon=True
    )
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while not any(READY in line for line in list(hub.log)):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterHub did not start:\n" + "\n".join(hub.log[-60:]))
            time.sleep(0.3)
        with urllib.request.urlopen(f"{hub.url}/hub/login", timeout=30) as r:  # through the proxy
            assert r.status == 200
        yield hub
    except BaseException:
        print("JupyterHub's log (last 80 lines):", *hub.log[-80:], sep="\n")  # pytest shows it on failure
        raise
    finally:
        hub.stop()
        reader.join(timeout=5)


def _log_in(page, hub: Hub, name: str) -> None:
    """The hub's login form, then straight on to the student page (the hub starts the server)."""
    page.goto(f"{hub.url}/hub/login?next=/user/{name}/voila/render/take_the_scale.ipynb", timeout=60_000)
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit", no_wait_after=True)


def _answer_and_send(page, name: str) -> None:
    page.wait_for_selector(".jupyter-widgets", timeout=PAGE_TIMEOUT)
    assert urlparse(page.url).path == f"/user/{name}/voila/render/take_the_scale.ipynb"
    page.get_by_role("button", name="Use a fictional persona").click()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_text("ready to send").wait_for(timeout=60_000)
    page.get_by_role("checkbox").first.check()
    box = page.get_by_placeholder("e.g. K7QM-3WXP-9D")
    box.fill(CODE)
    box.press("Enter")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Sent. Thank you.").wait_for(timeout=60_000)


def _class_view_says(page, expected: str) -> None:
    """On the instructor's class_results page: Refresh for the class, then wait for ``expected``."""
    view = page.locator(".sclab-class-results")
    view.wait_for(timeout=PAGE_TIMEOUT)
    view.get_by_placeholder("e.g. K7QM-3WXP-9D").fill(CODE)
    view.get_by_role("button", name="Refresh").click()
    view.get_by_text(expected).wait_for(timeout=60_000)


def _watch(page, hosts: set) -> None:
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname) if r.url[:5] != "blob:" else None)


def _load_config(env: dict[str, str], monkeypatch):
    from traitlets.config.loader import PyFileConfigLoader

    for name in [n for n in os.environ if n.startswith("SCLAB_HUB_")] + ["SCLAB_STORE_URL"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(HUB_CONFIG.name, path=str(HUB_CONFIG.parent)).load_config()


def test_the_hub_config_gives_every_student_server_the_store_the_page_and_this_python(monkeypatch):
    c = _load_config(
        {"SCLAB_STORE_URL": "sqlite:////srv/class.sqlite3", "SCLAB_HUB_PASSWORD": PASSWORD}, monkeypatch
    )
    assert c.Spawner.environment["SCLAB_STORE_URL"] == "sqlite:////srv/class.sqlite3"
    assert c.Spawner.environment["SCLAB_SERVED"] == "1"  # answers never kept on the hub's disk
    assert c.Spawner.cmd == [sys.executable, "-m", "jupyterhub.singleuser"]
    assert c.Spawner.default_url == "/voila/render/take_the_scale.ipynb"
    assert (Path(c.Spawner.notebook_dir) / "take_the_scale.ipynb").is_file()
    assert "--VoilaConfiguration.template=sclab-offline" in c.Spawner.args
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SCLAB_HUB_PASSWORD": PASSWORD}, "set $SCLAB_STORE_URL"),
        ({"SCLAB_STORE_URL": "sqlite://"}, "set $SCLAB_HUB_PASSWORD"),
        (
            {"SCLAB_STORE_URL": "sqlite://", "SCLAB_HUB_PASSWORD": PASSWORD, "SCLAB_HUB_PORT": "80a"},
            "1-65535",
        ),
    ],
)
def test_the_hub_config_names_a_missing_or_bad_setting(env, message, monkeypatch):
    with pytest.raises(SystemExit, match=re.escape(message)):
        _load_config(env, monkeypatch)


@pytest.mark.e2e
def test_two_students_on_a_jupyterhub_send_to_one_store_and_the_class_view_counts_both(
    browser, tmp_path, artifacts
):
    _need_hub()
    store_url = _fresh_pg_url()
    store = ClassStore(store_url)
    store.open_class(code=CODE, cap=30)
    for i, total in enumerate((2.6, 3.1, 3.7)):  # sends from the lecture-room laptop, before the hub
        store.submit(CODE, "sc-practice", {"total": total}, sender=f"lecture-laptop-{i:04d}")
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(len(STUDENTS) + 1)
    ]
    hosts: set[str | None] = set()
    try:  # the instructor's `sclab serve` (with the key) and the hub, on the same store
        with running_server(store_url, preheat=False) as server, running_hub(store_url, tmp_path) as hub:
            *pages, instructor = [ctx.new_page() for ctx in contexts]
            for page in pages:
                _watch(page, hosts)
            instructor.goto(server.url("class_results"), wait_until="commit", timeout=PAGE_TIMEOUT)
            # every page loads while the next is asked for: both servers spawn at once
            for page, name in zip(pages, STUDENTS, strict=True):
                _log_in(page, hub, name)
            # the laptop's three sends: too few for the view to show anything
            _class_view_says(instructor, f"Class {CODE}: fewer than five responses so far")
            for page, name in zip(pages, STUDENTS, strict=True):
                _answer_and_send(page, name)
                page.screenshot(path=str(artifacts / f"jupyterhub_{name}_sent.png"), full_page=True)
            assert hub.student_servers() == {str(tmp_path / "home" / n) for n in STUDENTS}  # one server each
            assert store.class_info(CODE).sent == 5
            _class_view_says(instructor, f"Class {CODE}: 5 received")
            instructor.screenshot(path=str(artifacts / "jupyterhub_class_results.png"), full_page=True)
    finally:
        for ctx in contexts:
            ctx.close()
    assert hosts <= {"127.0.0.1", None}, hosts  # the offline template: nothing from outside the machine
