"""Anonymous class results: an opt-in store of scores, never names or item-level answers.

A class takes responses only while its instructor has it open (:meth:`ClassStore.open_class`:
a code, an optional cap, a window of minutes). A submission holds the class code, a random
response id, the minute it arrived, the instrument id and the scores (subscales, halves,
total). A browser may send a random sender token with its scores: the store keeps only a
salted hash of it, in a table of its own with no link to any submission, and refuses a second
send with the same token to the same class.

The store is any SQLAlchemy database: by default a SQLite file in the user data folder, or the
URL in ``$SCLAB_STORE_URL`` (for example a department's PostgreSQL). The schema is created on
first use and carries a version number; a version-1 store is upgraded in place.

What the store promises, and how (each is tested on SQLite and on PostgreSQL):

- every acknowledged id is stored: :meth:`ClassStore.submit` returns only after its
  transaction has committed, and a SQLite file runs with ``synchronous=FULL`` (the WAL is
  synced at every commit), so a killed process loses no acknowledged send, nor does a power cut
  on a disk that honours fsync; PostgreSQL is used with its own default durability;
- a forked process never shares a connection with its parent: just before ``os.fork()`` the
  idle connections to SQLite files are closed, and in the child every store's pool is dropped
  without closing the parent's connections (SQLite forbids carrying an open connection across
  ``fork()``: children that did so skipped real file locks, and rows they were told were stored
  were lost when the parent closed its connection). A connection in use by another thread at
  the moment of a fork cannot be closed: fork from a thread that is not using the store, or
  start processes with ``spawn``;
- the cap and the one-send-per-token rule are checked in the same transaction as the insert,
  with the class row locked (``BEGIN IMMEDIATE`` on SQLite, ``SELECT ... FOR UPDATE`` on
  PostgreSQL), so concurrent sends cannot pass a full class;
- a new SQLite file is created readable by its owner only (0600), and times are kept to the
  minute.

>>> store = ClassStore("sqlite://")          # an in-memory database, for the example
>>> info = store.open_class(code="PSY101", cap=30)
>>> rid = store.submit("PSY101", "scs-sf", {"total": 3.2}, sender="a-browser-token-1")
>>> len(rid)
16
>>> try:
...     store.submit("PSY101", "scs-sf", {"total": 4.0}, sender="a-browser-token-1")
... except SubmissionRefused as exc:
...     print(exc.reason)
repeat
>>> store.class_info("PSY101").sent, store.class_info("PSY101").refused
(1, 1)
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from sclab.classroom.aggregates import MIN_RESPONSES, score_names
from sclab.classroom.codes import new_class_code, normalise_class_code
from sclab.classroom.release import ClassSummary, release

__all__ = [
    "CLASSES",
    "ENV_VAR",
    "MAX_MINUTES",
    "MIN_RESPONSES",
    "SCHEMA_VERSION",
    "SENDERS",
    "SUBMISSIONS",
    "ClassInfo",
    "ClassStore",
    "ClassSummary",
    "SubmissionRefused",
    "check_class_code",
    "default_url",
    "new_class_code",
    "sender_digest",
]

#: Environment variable with an SQLAlchemy URL for the store.
ENV_VAR = "SCLAB_STORE_URL"
#: Schema version written into the store; a newer one than this code knows is refused.
SCHEMA_VERSION = 2
#: The longest window a class may be open for, in minutes (one day).
MAX_MINUTES = 1440

_CLASS_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
_BUSY_MS = 30_000  # a SQLite writer waits this long for another writer instead of failing
_SCHEMA_LOCK = 0x5C1AB  # PostgreSQL advisory lock key held while the schema is made or upgraded

_metadata = MetaData()
_meta = Table(
    "sclab_meta",
    _metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)
#: The submissions table: one row per anonymous submission (read it to check what is stored).
SUBMISSIONS = Table(
    "sclab_submissions",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("class_code", String(32), nullable=False, index=True),
    Column("response_id", String(32), nullable=False, unique=True),
    Column("submitted_at", DateTime(timezone=True), nullable=False),  # to the minute
    Column("instrument", String(32), nullable=False),
    Column("scores", JSON, nullable=False),
)
#: Classes the instructor opened: the window, the cap, and how many sends were taken and refused.
CLASSES = Table(
    "sclab_classes",
    _metadata,
    Column("code", String(32), primary_key=True),
    Column("cap", Integer, nullable=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closes_at", DateTime(timezone=True), nullable=False),
    Column("closed", Boolean, nullable=False, default=False),
    Column("sent", Integer, nullable=False, default=0),
    Column("refused", Integer, nullable=False, default=0),
)
#: Hashes of the sender tokens that have sent, one per class and browser: no id, no time, no
#: class code and no link to a submission. On SQLite the rows are kept in hash order, not in
#: the order they arrived. PostgreSQL keeps rows on disk in about the order they arrived (until
#: ``VACUUM FULL`` or ``CLUSTER``): someone who can read the database and also holds one
#: browser's token could guess that browser's place in the arrival order, and so its response.
SENDERS = Table(
    "sclab_senders",
    _metadata,
    Column("digest", String(64), primary_key=True),
    sqlite_with_rowid=False,
)

_NOT_TAKING = "This class is not taking responses now; ask your instructor."
_MESSAGES = {
    # "unknown" and "closed" read the same on purpose: a page need not tell a guesser which codes exist.
    "unknown": _NOT_TAKING,
    "closed": _NOT_TAKING,
    "full": "This class has taken all the responses it can; ask your instructor.",
    "repeat": "Your response to this class has already been sent from this browser; one response each.",
}


class SubmissionRefused(ValueError):
    """A send the class does not take: ``reason`` is "unknown", "closed", "full" or "repeat".

    The message is plain words a student can read. The messages for "unknown" and "closed"
    are the same, so that a page showing only the message does not say which codes exist.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(_MESSAGES[reason])
        self.reason = reason


@dataclass(frozen=True)
class ClassInfo:
    """One class as the instructor opened it (times are aware, in UTC, to the minute).

    ``sent``: responses taken; ``refused``: sends refused (closed, full or repeat) while the
    class existed.
    """

    code: str
    cap: int | None
    opened_at: datetime
    closes_at: datetime
    closed: bool
    sent: int
    refused: int

    def is_open(self, now: datetime | None = None) -> bool:
        """True if the class takes responses at ``now`` (default: now)."""
        now = now or datetime.now(timezone.utc)
        return not self.closed and self.opened_at <= now < self.closes_at


def default_url() -> str:
    """``$SCLAB_STORE_URL``, or a SQLite file in the user data folder (a private folder if new)."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("sclab", appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'class_results.sqlite3'}"


def check_class_code(code: str) -> str:
    """Return a valid class code or raise ValueError saying the rule.

    Codes an instructor chooses (``PSY101``) are accepted; they are readable and so can be
    guessed. Codes made by :func:`~sclab.classroom.codes.new_class_code` cannot.
    """
    if not isinstance(code, str) or not _CLASS_CODE.match(code):
        raise ValueError(
            f"class code {code!r} is not valid: use 3-32 letters, digits, '-' or '_', "
            "starting with a letter or digit (for example PSY101-A)"
        )
    return code


def _code(code: str) -> str:
    return check_class_code(normalise_class_code(code))


def sender_digest(class_code: str, token: str) -> str:
    """The only form in which a sender token is kept: sha256 of the class code and the token."""
    return hashlib.sha256(f"{class_code}{token}".encode()).hexdigest()


def _checked_sender(sender) -> str | None:
    if sender is None:
        return None
    if not isinstance(sender, str) or not 8 <= len(sender) <= 256:
        raise ValueError("sender must be a random token of 8-256 characters kept by the browser, or None")
    return sender


def _checked_scores(instrument, scores: dict[str, float]) -> dict[str, float]:
    """``scores`` as finite numbers in the instrument's range; ValueError for anything else."""
    allowed = set(score_names(instrument))
    unknown = sorted(set(scores) - allowed)
    if unknown:
        raise ValueError(
            f"only scores can be submitted; not allowed: {', '.join(unknown)} "
            f"(allowed for {instrument.id}: {', '.join(sorted(allowed))})"
        )
    if "total" not in scores:
        raise ValueError("a submission needs the total score")
    lo, hi = instrument.total_range()
    clean: dict[str, float] = {}
    for name, value in scores.items():
        v = float(value)
        if not math.isfinite(v) or not lo <= v <= hi:
            raise ValueError(f"score {name!r} is {value!r}; it must be a number from {lo} to {hi}")
        clean[name] = v
    return clean


def _checked_cap(cap) -> int | None:
    if cap is None or (isinstance(cap, int) and not isinstance(cap, bool) and cap >= 1):
        return cap
    raise ValueError(f"cap must be a whole number of responses, at least 1, or None for no cap; got {cap!r}")


def _checked_minutes(minutes) -> int:
    if isinstance(minutes, int) and not isinstance(minutes, bool) and 1 <= minutes <= MAX_MINUTES:
        return minutes
    raise ValueError(f"minutes must be a whole number from 1 to {MAX_MINUTES} (one day); got {minutes!r}")


def _minute(when: datetime | None = None) -> datetime:
    """``when`` (default: now) in UTC, without seconds or microseconds."""
    when = when or datetime.now(timezone.utc)
    return when.astimezone(timezone.utc).replace(second=0, microsecond=0)


def _utc(value: datetime) -> datetime:
    """A time read back from the database as an aware UTC time (SQLite returns naive UTC)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


# --- engines: private SQLite files, nothing carried across fork() -----------------------------
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()  # every store's engine
_SQLITE_FILES: weakref.WeakSet[Engine] = weakref.WeakSet()  # those on a SQLite file


def _close_sqlite_before_fork() -> None:
    """In the parent, just before ``os.fork()``: close the idle connections to SQLite files.

    SQLite forbids carrying an open connection across fork: the child inherits the parent's
    record of the file locks it holds, skips taking them itself, and its commits can be lost.
    The pool opens new connections after the fork, in parent and child alike.
    """
    for engine in list(_SQLITE_FILES):
        engine.dispose()


def _drop_pools_after_fork() -> None:
    """In a forked child: forget the parent's pooled connections without closing them."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_close_sqlite_before_fork, after_in_child=_drop_pools_after_fork)


def _sqlite_file(url) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory or URI database."""
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(db)


def _create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (0600, whatever the umask) if it is new.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions.
    """
    if not path.parent.is_dir():
        raise ValueError(
            f"the class results store's folder {path.parent.name!r} does not exist; create it first"
        )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, 0o600)  # the umask may have removed bits; fchmod ignores it
    finally:
        os.close(fd)


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # the driver begins nothing itself: see _sqlite_begin
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")  # wait for another writer instead of failing
    cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
    cur.execute("PRAGMA synchronous = FULL")  # the WAL reaches the disk at every commit
    cur.close()


def _sqlite_begin(conn) -> None:
    """Writes take the write lock at BEGIN, so a read-then-write never fails half-way."""
    immediate = conn.get_execution_options().get("sclab_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    path = _sqlite_file(parsed)
    if path is None:
        return create_engine(parsed)
    _create_private(path)
    engine = create_engine(parsed)
    _SQLITE_FILES.add(engine)
    return engine


class ClassStore:
    """Anonymous class results in an SQLAlchemy database.

    ``url``: any SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://...``); default
    :func:`default_url`. The schema is created on first use (a version-1 store is upgraded).
    """

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.url = url or default_url()
        self.engine = engine or _make_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        _ENGINES.add(self.engine)
        self._writer = self.engine.execution_options(sclab_write=True)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        version_is = _meta.c.key == "schema_version"
        with self._writer.begin() as conn:  # one process at a time makes or upgrades the schema
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
            _metadata.create_all(conn)
            row = conn.execute(select(_meta.c.value).where(version_is)).first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(_meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                except IntegrityError:  # another process wrote it first: read theirs below
                    pass
                row = conn.execute(select(_meta.c.value).where(version_is)).first()
            version = int(row[0])
            if version == 1:  # version 2 added the classes and senders tables, made above
                conn.execute(update(_meta).where(version_is).values(value=str(SCHEMA_VERSION)))
                version = SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"this class-results store has schema version {version}, newer than this sclab "
                f"understands ({SCHEMA_VERSION}); upgrade sclab to use it"
            )

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(_meta.c.value).where(_meta.c.key == "schema_version")).scalar_one()
            )

    # --- classes ------------------------------------------------------------------------------
    def open_class(self, *, cap: int | None = None, minutes: int = 90, code: str | None = None) -> ClassInfo:
        """Open a class for ``minutes`` from now, taking at most ``cap`` responses (None: no cap).

        ``code=None`` makes a code with :func:`~sclab.classroom.codes.new_class_code`. Opening a
        code that exists already opens it again with this cap and window, keeping its counts.
        """
        cap, minutes = _checked_cap(cap), _checked_minutes(minutes)
        if code is not None:
            return self._open(_code(code), cap, minutes)
        for _ in range(5):  # two equal codes in 2 ** 50 are not expected; retry rather than reopen
            made = new_class_code()
            if self.class_info(made) is None:
                return self._open(made, cap, minutes)
        raise RuntimeError("could not make an unused class code")  # pragma: no cover

    def reopen_class(self, code: str, *, minutes: int = 90) -> ClassInfo:
        """Open an existing class again for ``minutes`` from now, with its cap and counts."""
        info = self._existing(code)
        return self._open(info.code, info.cap, _checked_minutes(minutes))

    def close_class(self, code: str) -> ClassInfo:
        """Stop a class taking responses now (it can be opened again)."""
        code = self._existing(code).code
        with self._writer.begin() as conn:
            conn.execute(update(CLASSES).where(CLASSES.c.code == code).values(closed=True))
        return self.class_info(code)

    def class_info(self, code: str) -> ClassInfo | None:
        """The class with ``code``, or None if it was never opened."""
        code = _code(code)
        with self.engine.connect() as conn:
            row = conn.execute(select(CLASSES).where(CLASSES.c.code == code)).first()
        return None if row is None else _info(row)

    def _existing(self, code: str) -> ClassInfo:
        info = self.class_info(code)
        if info is None:
            raise ValueError(f"no class has the code {code!r}; open it first with open_class")
        return info

    def _open(self, code: str, cap: int | None, minutes: int) -> ClassInfo:
        now = _minute()
        window = {
            "cap": cap,
            "opened_at": now,
            "closes_at": now + timedelta(minutes=minutes),
            "closed": False,
        }
        with self._writer.begin() as conn:
            found = conn.execute(
                select(CLASSES.c.code).where(CLASSES.c.code == code).with_for_update()
            ).first()
            if found is not None:
                conn.execute(update(CLASSES).where(CLASSES.c.code == code).values(**window))
            else:  # responses kept from before classes existed (schema 1) count as sent
                sent = conn.execute(
                    select(func.count()).select_from(SUBMISSIONS).where(SUBMISSIONS.c.class_code == code)
                ).scalar_one()
                conn.execute(insert(CLASSES).values(code=code, sent=int(sent), refused=0, **window))
        return self.class_info(code)

    # --- writing ------------------------------------------------------------------------------
    def submit(
        self, class_code: str, instrument: str, scores: dict[str, float], *, sender: str | None = None
    ) -> str:
        """Store one anonymous submission; returns its random response id once it is committed.

        ``scores`` may hold only the instrument's score names
        (:func:`~sclab.classroom.aggregates.score_names`: subscales, ``compassionate``,
        ``uncompassionate``, ``total``): never item answers or anything that could name a person.
        ``sender``: a random token the browser keeps; stored only as :func:`sender_digest`.

        Raises :class:`SubmissionRefused` if the class was never opened ("unknown"), is closed
        or its window has ended ("closed"), this sender has sent to it ("repeat") or it has
        ``cap`` responses ("full"), checked in that order; the refusal is counted in the
        class's ``refused``. Bad scores or codes raise ValueError and are not counted.
        """
        from sclab.measure.instrument import load_instrument

        class_code = _code(class_code)
        inst = load_instrument(instrument, wording=False)
        clean = _checked_scores(inst, scores)
        sender = _checked_sender(sender)
        digest = None if sender is None else sender_digest(class_code, sender)
        response_id = secrets.token_hex(8)
        with self._writer.begin() as conn:
            reason = _refusal(conn, class_code, digest)
            if reason is None:
                if digest is not None:
                    conn.execute(insert(SENDERS).values(digest=digest))
                conn.execute(
                    insert(SUBMISSIONS).values(
                        class_code=class_code,
                        response_id=response_id,
                        submitted_at=_minute(),
                        instrument=inst.id,
                        scores=clean,
                    )
                )
                _count(conn, class_code, CLASSES.c.sent)
            elif reason != "unknown":
                _count(conn, class_code, CLASSES.c.refused)
        if reason is not None:  # raised after the commit, so the refusal stays counted
            raise SubmissionRefused(reason)
        return response_id

    # --- reading ------------------------------------------------------------------------------
    def count(self, class_code: str) -> int:
        """How many responses a class has. For the instructor only: a page for students must
        show :meth:`summary`, which says nothing below ``MIN_RESPONSES``."""
        class_code = _code(class_code)
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(SUBMISSIONS).where(SUBMISSIONS.c.class_code == class_code)
            return int(conn.execute(q).scalar_one())

    def scores(self, class_code: str, instrument: str | None = None) -> pd.DataFrame:
        """One row per response of ``class_code`` (only its own), in the order they arrived.

        Score columns only (no code, id or time). ``instrument=None`` needs the class to have
        used one instrument; a ValueError names them otherwise.
        """
        return self._responses(class_code, instrument)[1]

    def summary(self, class_code: str, *, instrument: str | None = None) -> ClassSummary:
        """What a class view may show (:func:`~sclab.classroom.release.release`), with the refusals."""
        code = _code(class_code)
        inst_id, frame = self._responses(code, instrument)
        info = self.class_info(code)
        return release(code, inst_id, frame, refused=info.refused if info else 0)

    def _responses(self, class_code: str, instrument: str | None) -> tuple[str | None, pd.DataFrame]:
        class_code = _code(class_code)
        q = select(SUBMISSIONS.c.instrument, SUBMISSIONS.c.scores).where(
            SUBMISSIONS.c.class_code == class_code
        )
        if instrument is not None:
            q = q.where(SUBMISSIONS.c.instrument == instrument)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(SUBMISSIONS.c.id)).all()
        instruments = sorted({r[0] for r in rows})
        if len(instruments) > 1:
            raise ValueError(
                f"class {class_code} has responses from several instruments ({', '.join(instruments)}); "
                "choose one"
            )
        inst_id = instrument or (instruments[0] if instruments else None)
        return inst_id, pd.DataFrame([r[1] for r in rows])


def _info(row) -> ClassInfo:
    return ClassInfo(
        code=row.code,
        cap=row.cap,
        opened_at=_utc(row.opened_at),
        closes_at=_utc(row.closes_at),
        closed=bool(row.closed),
        sent=int(row.sent),
        refused=int(row.refused),
    )


def _refusal(conn, class_code: str, digest: str | None) -> str | None:
    """Why this send is refused (None: it is taken), with the class row locked for the insert."""
    row = conn.execute(select(CLASSES).where(CLASSES.c.code == class_code).with_for_update()).first()
    if row is None:
        return "unknown"
    if not _info(row).is_open():
        return "closed"
    if (
        digest is not None
        and conn.execute(select(SENDERS.c.digest).where(SENDERS.c.digest == digest)).first()
    ):
        return "repeat"
    if row.cap is not None and row.sent >= row.cap:
        return "full"
    return None


def _count(conn, class_code: str, column) -> None:
    conn.execute(update(CLASSES).where(CLASSES.c.code == class_code).values({column: column + 1}))
