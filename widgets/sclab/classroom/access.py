"""Who may open what on a served course: the instructor's key, a Host check, and an index that lists nothing.

Every request passes one rule, put in front of all of Voila's routes (pages, files, websockets):

1. a ``Host`` header naming anything but an address this server answers on gets 403, so a page
   on another site cannot reach the server through a DNS name it controls (DNS rebinding);
2. a request carrying ``?key=`` is sent back to the same address without it; a right key sets an
   HttpOnly, SameSite=Strict cookie on the way, so the key leaves the address bar (a projected
   screen shows no key) and never reaches Voila, the kernel or the log;
3. a page other than the open ones (:data:`OPEN_PAGES`) needs that cookie: without it the answer is
   403 with a short page asking for the key, and no kernel is started;
4. the server's root and Voila's tree list nothing, and the contents API is closed.

The decision is a plain function, :func:`decide`, so it is tested without a server:

>>> gate = Gate(key="k" * 22, hosts=frozenset({"127.0.0.1", "localhost"}), port=8866)
>>> decide(gate, "/voila/render/class_results.ipynb", host="127.0.0.1:8866")
'need-key'
>>> decide(gate, "/voila/render/class_results.ipynb", host="127.0.0.1:8866", cookie=gate.cookie_value)
'pass'
>>> decide(gate, "/voila/render/take_the_scale.ipynb", host="attacker.example:8866")
'bad-host'
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import posixpath
import re
import secrets
import socket
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urlencode

from tornado import httputil, routing, web

__all__ = [
    "KEY_ARGUMENT",
    "MIN_KEY_LENGTH",
    "OPEN_PAGES",
    "Gate",
    "allowed_hosts",
    "check_key",
    "decide",
    "install",
    "machine_addresses",
    "new_key",
]

#: The pages anyone who can reach the server may open; every other page needs the instructor's key.
OPEN_PAGES = frozenset({"take_the_scale.ipynb"})
#: The query argument that carries the key on the address the instructor clicks.
KEY_ARGUMENT = "key"
#: A key chosen by hand must be at least this long (a made key has 32 characters, 192 bits).
MIN_KEY_LENGTH = 22  # 22 URL-safe characters carry 132 bits
_KEY_CHARS = re.compile(r"[A-Za-z0-9_~.-]+")
_RENDER = "/voila/render/"
_INDEXES = re.compile(r"/(voila/tree(/.*)?)?")
_CLOSED = re.compile(r"/voila/api/contents(/.*)?")
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_log = logging.getLogger("sclab.serve")


def new_key() -> str:
    """A fresh instructor key: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def check_key(key: str) -> str:
    """``key`` if it can serve as an instructor key, else ``ValueError`` with the rule."""
    if len(key) < MIN_KEY_LENGTH or not _KEY_CHARS.fullmatch(key):
        raise ValueError(
            f"the instructor key must be at least {MIN_KEY_LENGTH} characters of A-Z, a-z, 0-9, "
            "'-', '_', '.' or '~'; leave it out and sclab serve makes one"
        )
    return key


def _is_loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return ip == "localhost"


def machine_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, found with the standard library (may be empty)."""
    found: set[str] = set()
    try:
        found.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    except OSError:
        pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:  # the address of the default route; a UDP connect sends no packet
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never a real host
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    return sorted((a for a in found if not _is_loopback(a) and a != "0.0.0.0"), key=ipaddress.ip_address)


def allowed_hosts(ip: str, addresses: list[str] | None = None) -> frozenset[str]:
    """The host names a request may use: loopback always, and what a non-loopback ``ip`` serves."""
    hosts = set(_LOOPBACK_NAMES)
    if ip in ("", "0.0.0.0", "::"):
        hosts.update(machine_addresses() if addresses is None else addresses)
        hosts.add(socket.gethostname().lower())
    elif not _is_loopback(ip):
        hosts.update({ip.lower(), socket.gethostname().lower()})
    return frozenset(hosts)


def _host_name(host: str) -> str:
    """The name in a ``Host`` header, without port, brackets or a final dot, lower case."""
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8866
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


@dataclass(frozen=True)
class Gate:
    """What the rule needs: the key, the allowed host names and the port (cookies are per host, not port)."""

    key: str
    hosts: frozenset[str]
    port: int
    open_pages: frozenset[str] = OPEN_PAGES

    @property
    def cookie_name(self) -> str:
        return f"sclab-instructor-{self.port}"

    @cached_property
    def cookie_value(self) -> str:
        """A value derived from the key (the cookie never carries the key itself)."""
        return hmac.new(self.key.encode(), b"sclab instructor cookie", hashlib.sha256).hexdigest()


def _page(path: str) -> str | None:
    """The notebook a render address names, normalised as a file path; None for other addresses."""
    if not path.startswith(_RENDER):
        return None
    return posixpath.normpath("/" + unquote(path[len(_RENDER) :])).lstrip("/")


def decide(gate: Gate, path: str, *, host: str, key: str | None = None, cookie: str | None = None) -> str:
    """What to do with one request: ``pass`` (to Voila) or the name of a refusal or redirect."""
    if _host_name(host) not in gate.hosts:
        return "bad-host"
    if key is not None:
        return "key-ok" if secrets.compare_digest(key.encode(), gate.key.encode()) else "key-wrong"
    if _INDEXES.fullmatch(path):
        return "index"
    if _CLOSED.fullmatch(path):
        return "closed"
    page = _page(path)
    if page is None or page in gate.open_pages:
        return "pass"
    if cookie is not None and secrets.compare_digest(cookie.encode(), gate.cookie_value.encode()):
        return "pass"
    return "need-key"


_KEY_PROMPT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Instructor page</title>
</head><body style="font-family: sans-serif; max-width: 36em; margin: 3em auto">
<h1>This page is for the instructor</h1>
<p>It needs the instructor's key. The address with the key is printed where
<code>sclab serve</code> was started.</p>
<form method="get"><label>Instructor key <input name="key" type="password" autocomplete="off"></label>
<button type="submit">Open</button></form></body></html>
"""
_TEXTS = {
    "bad-host": (403, "This server does not answer to that address.\n"),
    "closed": (403, "Not available on this server.\n"),
    "index": (200, "Nothing is listed here. Open the address your instructor gave you.\n"),
}


class _Answer(web.RequestHandler):
    """Answers a request the rule stopped: a plain page, the key prompt, or the redirect without the key."""

    SUPPORTED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

    def initialize(self, gate: Gate) -> None:
        self.gate = gate

    def prepare(self) -> None:
        decision = self.path_kwargs["decision"]
        self.set_header("Cache-Control", "no-store")
        if decision in ("key-ok", "key-wrong"):
            if decision == "key-ok":
                self.set_cookie(
                    self.gate.cookie_name, self.gate.cookie_value, httponly=True, samesite="Strict"
                )
            rest = [(k, v) for k, vs in self.request.query_arguments.items() if k != KEY_ARGUMENT for v in vs]
            query = urlencode([(k, v.decode("utf-8", "replace")) for k, v in rest])
            path = "/" + self.request.path.lstrip("/")  # never "//elsewhere": a redirect stays here
            self.redirect(path + (f"?{query}" if query else ""))
            return
        if decision == "need-key":
            self.set_status(403)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(_KEY_PROMPT)
            return
        status, text = _TEXTS[decision]
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(text)


class _Rule(routing.Matcher):
    """Matches every request the gate does not pass, and hands it to :class:`_Answer` with the decision."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    def match(self, request: httputil.HTTPServerRequest) -> dict | None:
        keys = httputil.parse_qs_bytes(request.query or "").get(KEY_ARGUMENT)
        cookies = request.cookies
        cookie = cookies[self.gate.cookie_name].value if self.gate.cookie_name in cookies else None
        decision = decide(
            self.gate,
            request.path,
            host=request.host,
            key=keys[-1].decode("utf-8", "replace") if keys else None,
            cookie=cookie,
        )
        return None if decision == "pass" else {"path_kwargs": {"decision": decision}}


def _request_logger(log: logging.Logger):
    """Tornado's request log without the query (a key in an address never reaches the log)."""

    def log_request(handler: web.RequestHandler) -> None:
        status = handler.get_status()
        level = logging.DEBUG if status < 400 else logging.WARNING if status < 500 else logging.ERROR
        took = 1000.0 * handler.request.request_time()
        log.log(level, "%d %s %s %.0f ms", status, handler.request.method, handler.request.path, took)

    return log_request


def install(
    app: web.Application,
    gate: Gate,
    *,
    log: logging.Logger | None = None,
    websocket_max_bytes: int | None = None,
) -> None:
    """Put the rule in front of every route of ``app``; log requests without their query."""
    app.default_router.rules.insert(0, routing.Rule(_Rule(gate), _Answer, {"gate": gate}))
    app.settings["log_function"] = _request_logger(log or _log)
    if websocket_max_bytes is not None:
        app.settings["websocket_max_message_size"] = int(websocket_max_bytes)
