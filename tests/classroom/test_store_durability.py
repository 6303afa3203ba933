"""A store that loses nothing: every acknowledged id is stored, whatever dies and whenever.

Each test runs on a SQLite file and on PostgreSQL (SCLAB_TEST_PG_URL; a failure under CI=true if
missing, see test_store.py). An id counts as acknowledged once the writer has passed it on
through a pipe, which happens only after ``submit`` returned. After every kill the store must
be whole: each class's ``sent`` equals its stored rows (the counter and the row are one
transaction, so a half-written send would break the equality), every row is a whole
submission, and SQLite's integrity check passes.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, event, make_url, text

import classroom.test_store as base
from sclab.classroom.store import ClassStore, SubmissionRefused

FORK = mp.get_context("fork")
store_url = base.store_url  # the same fixture: a SQLite file, or a fresh PostgreSQL database
opened, scores = base.opened, base.scores


def _stored(url: str, code: str) -> set[str]:
    """The ids stored for ``code``, after checking that the store is whole."""
    store = ClassStore(url)
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT response_id, instrument, scores FROM sclab_submissions WHERE class_code = :c"),
            {"c": code},
        ).all()
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) and all(len(i) == 16 for i in ids)
    for _, instrument, kept in rows:  # every row is a whole submission
        kept = kept if isinstance(kept, dict) else json.loads(kept)
        assert instrument == "scs-sf" and set(kept) == {"total", "compassionate", "uncompassionate"}
        assert kept["total"] + kept["uncompassionate"] == pytest.approx(6)
    assert store.class_info(code).sent == len(ids)
    store.engine.dispose()
    return set(ids)


def _drain(reader) -> list[str]:
    got = []
    while reader.poll(0):
        try:
            got.append(reader.recv())
        except EOFError:
            break
    return got


# --- 100 concurrent writers, forked from a process that is using its store ----------------------
def _send_from_fork(store, url, own_store, barrier, acks, i) -> None:
    if own_store:
        store = ClassStore(url)
    barrier.wait(timeout=60)
    acks.put(store.submit("RUSH", "scs-sf", scores(1 + (i % 40) / 10)))


def test_100_writers_forked_from_a_live_store_lose_no_acknowledged_id(store_url):
    """Forked while the parent holds a used store; half write through the store they inherited.

    With the old store (a pooled SQLite connection carried across fork), children skipped real
    file locks, and when the parent closed its connection (its garbage collector did so in the
    full test run) SQLite checkpointed and removed the WAL under them: 100 ids acknowledged,
    20-48 rows stored. On PostgreSQL, children shared the parent's socket.
    """
    store = opened(store_url, "RUSH")
    assert store.count("RUSH") == 0  # the parent has used its store, as a server has
    barrier, acks = FORK.Barrier(101), FORK.Queue()
    procs = [
        FORK.Process(target=_send_from_fork, args=(store, store_url, i % 2 == 0, barrier, acks, i))
        for i in range(100)
    ]
    for p in procs:
        p.start()
    barrier.wait(timeout=60)
    got = [acks.get(timeout=60) for _ in range(20)]
    store.engine.dispose()  # the parent drops its connections while the children still write
    assert store.count("RUSH") >= 20  # and goes on using its store
    got += [acks.get(timeout=60) for _ in range(80)]
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * 100
    assert len(set(got)) == 100 and _stored(store_url, "RUSH") == set(got)


def _send_or_refuse(url, barrier, out, i) -> None:
    store = ClassStore(url)
    barrier.wait(timeout=60)
    try:
        out.put(("taken", store.submit("CAP30", "scs-sf", scores(3.0), sender=f"browser-token-{i:04d}")))
    except SubmissionRefused as exc:
        out.put((exc.reason, ""))


def test_100_concurrent_senders_against_a_cap_of_30_store_exactly_30(store_url):
    opened(store_url, "CAP30", cap=30)
    barrier, out = FORK.Barrier(100), FORK.Queue()
    procs = [FORK.Process(target=_send_or_refuse, args=(store_url, barrier, out, i)) for i in range(100)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    taken = {rid for reason, rid in results if reason == "taken"}
    assert sorted(reason for reason, _ in results).count("full") == 70 and len(taken) == 30
    assert _stored(store_url, "CAP30") == taken
    info = ClassStore(store_url).class_info("CAP30")
    assert (info.sent, info.refused) == (30, 70)


# --- a writer killed inside its commit ----------------------------------------------------------
def _send_then_hang_in_commit(url, writer, in_commit, go, before) -> None:
    """Send ``before`` times (acknowledging each), then send once more and stop inside COMMIT."""
    store = ClassStore(url)
    for i in range(before):
        writer.send(store.submit("KILL", "scs-sf", scores(2 + i / 4)))
    go.wait(timeout=60)
    if store.engine.dialect.name == "sqlite":  # stop the writer as its COMMIT starts to run

        def trace(statement: str) -> None:
            if statement == "COMMIT":
                in_commit.set()
                time.sleep(600)

        store.engine.dispose()  # the next send opens a new connection, which is traced
        event.listen(store.engine, "connect", lambda dbapi, _rec: dbapi.set_trace_callback(trace))
    writer.send(store.submit("KILL", "scs-sf", scores(4.5)))  # held in COMMIT: never acknowledged


_HOLD_COMMIT = [  # on PostgreSQL a deferred trigger runs inside COMMIT and waits for our lock
    "CREATE FUNCTION sclab_hold_commit() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN PERFORM pg_advisory_xact_lock_shared(7001); RETURN NULL; END $$",
    "CREATE CONSTRAINT TRIGGER sclab_hold_commit AFTER INSERT ON sclab_submissions "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sclab_hold_commit()",
]


def _wait_until(query, conn, want, what: str) -> None:
    for _ in range(600):
        if conn.execute(text(query)).scalar() == want:
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_writer_killed_during_commit_loses_no_acknowledged_id_and_leaves_nothing_half_written(store_url):
    store = opened(store_url, "KILL")
    pg = store.engine.dialect.name == "postgresql"
    admin = create_engine(store_url, isolation_level="AUTOCOMMIT") if pg else None
    hold = admin.connect() if pg else None
    if pg:
        for statement in _HOLD_COMMIT:
            hold.execute(text(statement))
    reader, writer = FORK.Pipe(duplex=False)
    in_commit, go = FORK.Event(), FORK.Event()
    proc = FORK.Process(target=_send_then_hang_in_commit, args=(store_url, writer, in_commit, go, 3))
    proc.start()
    acked = [reader.recv() for _ in range(3)]
    if pg:
        hold.execute(text("SELECT pg_advisory_lock(7001)"))
    go.set()
    if pg:  # the writer's backend is inside COMMIT, waiting for the lock
        waiting = "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = 'COMMIT'"
        _wait_until(waiting, hold, 1, "the writer to wait inside COMMIT")
    else:
        assert in_commit.wait(timeout=60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL
    acked += _drain(reader)
    if pg:  # let the orphaned backend finish its commit (or abort it) and go
        hold.execute(text("SELECT pg_advisory_unlock(7001)"))
        db = make_url(store_url).database
        others = f"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid()"
        store.engine.dispose()
        _wait_until(others, hold, 0, "the killed writer's backend to end")
        hold.execute(text("DROP TRIGGER sclab_hold_commit ON sclab_submissions"))
        hold.close()
        admin.dispose()
    assert len(acked) == 3
    stored = _stored(store_url, "KILL")  # whole: the half-done send is all there or not at all
    assert set(acked) <= stored and len(stored - set(acked)) <= 1
    ClassStore(store_url).submit("KILL", "scs-sf", scores(3.5))  # and the store still takes writes
    assert len(_stored(store_url, "KILL")) == len(stored) + 1


def _send_forever(url, writer) -> None:
    store = ClassStore(url)
    i = 0
    while True:
        writer.send(store.submit("RANDOM", "scs-sf", scores(1 + (i % 40) / 10)))
        i += 1


def test_writers_killed_at_random_points_lose_no_acknowledged_id(store_url):
    opened(store_url, "RANDOM")
    rng = random.Random(12)
    acked: list[str] = []
    for kills in range(1, 16):
        reader, writer = FORK.Pipe(duplex=False)
        proc = FORK.Process(target=_send_forever, args=(store_url, writer))
        proc.start()
        for _ in range(rng.randint(1, 6)):
            acked.append(reader.recv())
        time.sleep(rng.uniform(0, 0.02))  # land anywhere in a send, commit included
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
        acked += _drain(reader)
        stored = _stored(store_url, "RANDOM")  # each killed writer may have committed one unacknowledged send
        assert set(acked) <= stored and len(stored - set(acked)) <= kills
    assert len(acked) >= 15


# --- the server killed with sends in flight ------------------------------------------------------
_SERVER = """
import sys, threading
from sclab.classroom.store import ClassStore

store = ClassStore(sys.argv[1])
lock = threading.Lock()

def sender(k):
    i = 0
    while True:
        rid = store.submit("SERVER", "scs-sf", {"total": 1 + (i % 40) / 10,
                           "compassionate": 1 + (i % 40) / 10, "uncompassionate": 5 - (i % 40) / 10})
        i += 1
        with lock:
            print(rid, flush=True)

threads = [threading.Thread(target=sender, args=(k,), daemon=True) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
"""


def test_the_server_killed_with_sends_in_flight_loses_no_printed_id(store_url):
    opened(store_url, "SERVER")
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER, store_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    printed = []
    while len(printed) < 60:
        line = server.stdout.readline()
        assert line, f"the server stopped: {server.stderr.read()[-2000:]}"
        printed.append(line.strip())
    server.send_signal(signal.SIGKILL)  # four sends are on their way at any moment
    rest, _ = server.communicate(timeout=30)
    printed += [line for line in rest.split("\n") if len(line) == 16]
    assert server.returncode == -signal.SIGKILL
    stored = _stored(store_url, "SERVER")
    assert set(printed) <= stored and len(stored - set(printed)) <= 4
