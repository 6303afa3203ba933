"""The anonymous class-results store, on SQLite and on a real PostgreSQL server.

PostgreSQL: `.ci/run` starts a server on 127.0.0.1 and sets SCLAB_TEST_PG_URL. Outside CI, the
PostgreSQL cases run when that variable is set and are skipped with the reason otherwise; in CI
(CI=true) a missing server is a failure, never a skip. What the store promises when processes
die or race is in test_store_durability.py.
"""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, text

from sclab.classroom.codes import ALPHABET
from sclab.classroom.store import (
    MIN_RESPONSES,
    SCHEMA_VERSION,
    ClassInfo,
    ClassStore,
    SubmissionRefused,
    sender_digest,
)
from support.databases import fresh_pg_url

PG_URL = os.environ.get("SCLAB_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.sqlite3'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide a PostgreSQL server: .ci/run sets SCLAB_TEST_PG_URL")
        pytest.skip("no PostgreSQL server: set SCLAB_TEST_PG_URL (CI starts one)")
    return fresh_pg_url(PG_URL)


def scores(total: float) -> dict[str, float]:
    return {"total": total, "compassionate": total, "uncompassionate": 6 - total}


def opened(url: str, *codes: str, cap: int | None = None) -> ClassStore:
    store = ClassStore(url)
    for code in codes:
        store.open_class(code=code, cap=cap)
    return store


# --- what is stored and what a class view may show ------------------------------------------------
def test_submissions_are_anonymous_and_summaries_wait_for_five(store_url):
    store = opened(store_url, "PSY101")
    totals = [2.5, 3.0, 3.5, 4.0]
    ids = {store.submit("PSY101", "scs-sf", scores(t)) for t in totals}
    assert len(ids) == 4 and all(len(i) == 16 for i in ids)
    early = store.summary("PSY101")
    assert early.n == 0 and early.suppressed and early.stats.empty
    assert f"from {MIN_RESPONSES} responses" in early.message and "picked out" in early.message
    store.submit("PSY101", "scs-sf", scores(4.5))
    store.submit("PSY101", "scs-sf", scores(2.0))
    s = store.summary("PSY101")
    assert not s.suppressed and s.received == 6 and s.n == 5 and s.refused == 0
    row = s.stats.set_index("score").loc["total"]
    assert row["mean"] == round(sum([*totals, 4.5]) / 5, 1)  # the first five, as they arrived
    with store.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("sclab_submissions")}
    assert columns == {"id", "class_code", "response_id", "submitted_at", "instrument", "scores"}


def test_scores_are_one_row_per_response_in_arrival_order_with_score_columns_only(store_url):
    store = opened(store_url, "PSY101", "OTHER")
    order = [4.0, 1.5, 3.0, 2.0, 5.0, 2.5]
    for t in order:
        store.submit("PSY101", "scs-sf", scores(t))
    store.submit("OTHER", "scs-sf", scores(1.0))
    frame = store.scores("PSY101")
    assert list(frame["total"]) == order
    assert set(frame.columns) == {"total", "compassionate", "uncompassionate"}
    assert store.scores("PSY101", "scs-sf").equals(frame)
    assert store.scores("PSY101", "sc-practice").empty
    assert store.count("PSY101") == 6 and store.count("OTHER") == 1


def test_one_class_cannot_read_another(store_url):
    store = opened(store_url, "CLASS-A", "CLASS-B")
    for t in (1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        store.submit("CLASS-A", "scs-sf", scores(t))
    store.submit("CLASS-B", "scs-sf", scores(5.0))
    assert store.count("CLASS-A") == 6 and store.count("CLASS-B") == 1
    assert store.summary("CLASS-B").suppressed
    assert 5.0 not in list(store.scores("CLASS-A")["total"])


def test_nothing_but_scores_is_accepted_and_bad_input_is_not_counted(store_url):
    store = opened(store_url, "PSY101")
    with pytest.raises(ValueError, match="only scores can be submitted; not allowed: name, scssf_1"):
        store.submit("PSY101", "scs-sf", {"total": 3.0, "name": "Ana", "scssf_1": 4})
    with pytest.raises(ValueError, match="must be a number from 1 to 5"):
        store.submit("PSY101", "scs-sf", {"total": 7.0})
    with pytest.raises(ValueError, match="must be a number from 1 to 5"):
        store.submit("PSY101", "scs-sf", {"total": float("nan")})
    with pytest.raises(ValueError, match="needs the total"):
        store.submit("PSY101", "scs-sf", {"compassionate": 3.0})
    with pytest.raises(ValueError, match="class code 'x; DROP TABLE' is not valid"):
        store.submit("x; DROP TABLE", "scs-sf", {"total": 3.0})
    with pytest.raises(ValueError, match="unknown instrument"):
        store.submit("PSY101", "nope", {"total": 3.0})
    with pytest.raises(ValueError, match="sender must be a random token"):
        store.submit("PSY101", "scs-sf", {"total": 3.0}, sender="short")
    info = store.class_info("PSY101")
    assert store.count("PSY101") == 0 and (info.sent, info.refused) == (0, 0)


def test_times_are_kept_to_the_minute(store_url):
    store = opened(store_url, "PSY101")
    store.submit("PSY101", "scs-sf", scores(3.0))
    with store.engine.connect() as conn:
        (stamp,) = conn.execute(text("SELECT submitted_at FROM sclab_submissions")).one()
    stamp = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    assert (stamp.second, stamp.microsecond) == (0, 0)
    now = datetime.now(timezone.utc)
    assert abs(stamp.replace(tzinfo=stamp.tzinfo or timezone.utc) - now) < timedelta(minutes=2)
    info = store.class_info("PSY101")
    for t in (info.opened_at, info.closes_at):
        assert (t.second, t.microsecond) == (0, 0) and t.utcoffset() == timedelta(0)


# --- classes: opening, closing, refusing ---------------------------------------------------------
def test_a_class_takes_sends_only_while_open(store_url):
    store = ClassStore(store_url)
    with pytest.raises(SubmissionRefused) as never:
        store.submit("PSY101", "scs-sf", scores(3.0))
    assert never.value.reason == "unknown" and "not taking responses now" in str(never.value)
    assert store.class_info("PSY101") is None
    info = store.open_class(code="PSY101", minutes=45)
    assert isinstance(info, ClassInfo) and info.is_open() and not info.closed
    assert info.closes_at - info.opened_at == timedelta(minutes=45) and info.cap is None
    store.submit("PSY101", "scs-sf", scores(3.0))
    closed = store.close_class("PSY101")
    assert closed.closed and not closed.is_open() and closed.sent == 1
    with pytest.raises(SubmissionRefused) as late:
        store.submit("PSY101", "scs-sf", scores(3.0))
    assert late.value.reason == "closed" and str(late.value) == str(never.value)
    again = store.reopen_class("PSY101", minutes=10)
    assert again.is_open() and again.sent == 1 and again.refused == 1
    store.submit("PSY101", "scs-sf", scores(3.0))
    assert ClassStore(store_url).class_info("PSY101").sent == 2  # counted in the database


def test_a_class_whose_window_has_ended_refuses(store_url):
    store = opened(store_url, "PSY101")
    info = store.class_info("PSY101")
    assert not info.is_open(info.closes_at) and info.is_open(info.closes_at - timedelta(seconds=1))
    with store.engine.begin() as conn:  # as if the window had ended a minute ago
        past = datetime.now(timezone.utc) - timedelta(minutes=1)
        conn.execute(text("UPDATE sclab_classes SET closes_at = :t"), {"t": past})
    with pytest.raises(SubmissionRefused) as ended:
        store.submit("PSY101", "scs-sf", scores(3.0))
    assert ended.value.reason == "closed"
    assert store.class_info("PSY101").refused == 1 and store.count("PSY101") == 0


def test_a_full_class_refuses_and_counts_each_refusal(store_url):
    store = opened(store_url, "PSY101", cap=2)
    store.submit("PSY101", "scs-sf", scores(3.0))
    store.submit("PSY101", "scs-sf", scores(4.0))
    for _ in range(3):
        with pytest.raises(SubmissionRefused, match="taken all the responses it can") as full:
            store.submit("PSY101", "scs-sf", scores(2.0))
        assert full.value.reason == "full" and isinstance(full.value, ValueError)
    info = ClassStore(store_url).class_info("PSY101")
    assert (info.sent, info.refused, info.cap) == (2, 3, 2)
    assert store.count("PSY101") == 2


def test_one_send_per_sender_and_class(store_url):
    store = opened(store_url, "PSY101", "PSY102")
    store.submit("PSY101", "scs-sf", scores(3.0), sender="browser-token-0001")
    with pytest.raises(SubmissionRefused, match="already been sent from this browser") as repeat:
        store.submit("PSY101", "scs-sf", scores(4.0), sender="browser-token-0001")
    assert repeat.value.reason == "repeat"
    store.submit("PSY101", "scs-sf", scores(4.0), sender="browser-token-0002")  # another browser
    store.submit("PSY102", "scs-sf", scores(4.0), sender="browser-token-0001")  # another class
    info = store.class_info("PSY101")
    assert (info.sent, info.refused, store.count("PSY101")) == (2, 1, 2)
    assert store.summary("PSY101").refused is None  # shown only with the results, from five up


def test_the_class_view_is_told_how_many_sends_were_refused(store_url):
    store = opened(store_url, "PSY101", cap=5)
    for i in range(5):
        store.submit("PSY101", "scs-sf", scores(2.0 + i / 2), sender=f"browser-token-{i:04d}")
    for _ in range(2):
        with pytest.raises(SubmissionRefused):
            store.submit("PSY101", "scs-sf", scores(3.0), sender="browser-token-0000")
    with pytest.raises(SubmissionRefused):
        store.submit("PSY101", "scs-sf", scores(3.0), sender="browser-token-9999")
    assert store.summary("PSY101").refused == 3


def test_sender_tokens_are_kept_only_as_unlinked_salted_hashes(store_url):
    store = opened(store_url, "PSY101")
    tokens = [f"secret-browser-{i:03d}" for i in range(12)]
    for i, token in enumerate(tokens):
        store.submit("PSY101", "scs-sf", scores(1 + i / 4), sender=token)
    with store.engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("sclab_senders")]
        digests = [r[0] for r in conn.execute(text("SELECT * FROM sclab_senders"))]
        dump = " ".join(
            str(row)
            for t in inspect(conn).get_table_names()
            for row in conn.execute(text(f"SELECT * FROM {t}"))
        )
    assert columns == ["digest"]  # no id, no time, no class, no submission
    expected = [hashlib.sha256(f"PSY101{t}".encode()).hexdigest() for t in tokens]
    assert sorted(digests) == sorted(expected) == sorted(sender_digest("PSY101", t) for t in tokens)
    assert not any(t in dump for t in tokens)
    if store.engine.dialect.name == "sqlite":  # no rowid: rows sit in hash order, not arrival order
        assert digests == sorted(digests) != expected
        with store.engine.connect() as conn, pytest.raises(Exception, match="rowid"):
            conn.execute(text("SELECT rowid FROM sclab_senders"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cap": 0}, "cap must be a whole number of responses, at least 1, or None for no cap; got 0"),
        ({"cap": -3}, "cap must be a whole number"),
        ({"cap": 2.5}, "cap must be a whole number"),
        ({"cap": True}, "cap must be a whole number"),
        ({"minutes": 0}, r"minutes must be a whole number from 1 to 1440 \(one day\); got 0"),
        ({"minutes": 1441}, "minutes must be a whole number from 1 to 1440"),
        ({"minutes": 30.0}, "minutes must be a whole number from 1 to 1440"),
        ({"code": "no"}, "class code 'no' is not valid"),
    ],
)
def test_opening_a_class_checks_its_settings(tmp_path, kwargs, message):
    store = ClassStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with pytest.raises(ValueError, match=message):
        store.open_class(**kwargs)
    with pytest.raises(ValueError, match="no class has the code 'NEVER1'"):
        store.close_class("NEVER1")
    assert store.scores("NEVER1").empty


def test_codes_made_by_the_store_are_new_random_and_typed_in_any_case(tmp_path):
    store = ClassStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    infos = [store.open_class(cap=30) for _ in range(20)]
    codes = [i.code for i in infos]
    assert len(set(codes)) == 20
    assert all(len(c) == 12 and set(c.replace("-", "")) <= set(ALPHABET) for c in codes)
    typed = codes[0].lower().replace("0", "o").replace("1", "l")  # as a student might type it
    store.submit(typed, "scs-sf", scores(3.0))
    assert store.class_info(codes[0]).sent == 1 and store.count(codes[0]) == 1
    again = store.open_class(code=codes[0], cap=40, minutes=5)  # opening an existing code reopens it
    assert (again.cap, again.sent) == (40, 1) and again.closes_at - again.opened_at == timedelta(minutes=5)


# --- schema --------------------------------------------------------------------------------------
def test_schema_is_created_versioned_and_a_newer_one_refused(store_url):
    store = ClassStore(store_url)
    assert store.schema_version == SCHEMA_VERSION == 2
    ClassStore(store_url)  # opening again keeps the schema
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sclab_meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(RuntimeError, match="schema version 99, newer than this sclab understands"):
        ClassStore(store_url)


def _version_1_store(url: str) -> None:
    """A store as sclab wrote it before classes and senders (schema version 1), with one response."""
    from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table, insert

    md = MetaData()
    meta = Table("sclab_meta", md, Column("key", String(64), primary_key=True), Column("value", String(256)))
    subs = Table(
        "sclab_submissions",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("class_code", String(32), nullable=False, index=True),
        Column("response_id", String(32), nullable=False, unique=True),
        Column("submitted_at", DateTime(timezone=True), nullable=False),
        Column("instrument", String(32), nullable=False),
        Column("scores", JSON, nullable=False),
    )
    engine = create_engine(url)
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(meta).values(key="schema_version", value="1"))
        row = {"class_code": "OLD101", "response_id": "abcdef0123456789", "instrument": "scs-sf"}
        conn.execute(
            insert(subs).values(**row, submitted_at=datetime.now(timezone.utc), scores={"total": 3.5})
        )
    engine.dispose()


def test_a_version_1_store_is_upgraded_in_place(store_url):
    _version_1_store(store_url)
    store = ClassStore(store_url)
    assert store.schema_version == 2
    with store.engine.connect() as conn:
        assert {"sclab_classes", "sclab_senders"} <= set(inspect(conn).get_table_names())
    assert store.count("OLD101") == 1 and list(store.scores("OLD101")["total"]) == [3.5]
    info = store.open_class(code="OLD101", cap=2)  # what was kept before counts towards the cap
    assert info.sent == 1
    store.submit("OLD101", "scs-sf", scores(4.0), sender="browser-token-0001")
    with pytest.raises(SubmissionRefused, match="taken all"):
        store.submit("OLD101", "scs-sf", scores(4.0), sender="browser-token-0002")
    assert ClassStore(store_url).schema_version == 2


# --- SQLite settings -----------------------------------------------------------------------------
def test_sqlite_store_uses_wal_full_sync_and_waits_30_s_for_a_writer(tmp_path):
    store = ClassStore(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_a_sqlite_send_waits_for_another_writer_instead_of_failing(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    store = opened(url, "PSY101")
    blocker = create_engine(url, isolation_level="AUTOCOMMIT")
    done: list[object] = []
    with blocker.connect() as conn:
        conn.execute(text("BEGIN IMMEDIATE"))  # another writer holds the write lock
        worker = threading.Thread(target=lambda: done.append(store.submit("PSY101", "scs-sf", scores(3.0))))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and done == []  # still waiting, not failed
        conn.execute(text("COMMIT"))
    worker.join(timeout=30)
    assert len(done) == 1 and store.count("PSY101") == 1


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_a_new_sqlite_store_is_private_whatever_the_umask(tmp_path, umask):
    path = tmp_path / "private.sqlite3"
    old = os.umask(umask)
    try:
        store = opened(f"sqlite:///{path}", "PSY101")
        with store.engine.connect() as conn:  # while a connection is open the WAL files exist
            conn.execute(text("SELECT COUNT(*) FROM sclab_submissions")).scalar()
            modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    finally:
        os.umask(old)
    assert modes == {"private.sqlite3": 0o600, "private.sqlite3-wal": 0o600, "private.sqlite3-shm": 0o600}


def test_a_missing_sqlite_folder_is_named_without_its_absolute_path(tmp_path):
    with pytest.raises(ValueError, match="store's folder 'missing' does not exist") as missing:
        ClassStore(f"sqlite:///{tmp_path / 'missing' / 'c.sqlite3'}")
    assert str(tmp_path) not in str(missing.value)
