"""The anonymous class-results store, on SQLite and on a real PostgreSQL server.

PostgreSQL: `.ci/run` starts a server on 127.0.0.1 and sets SCLAB_TEST_PG_URL. Outside CI, the
PostgreSQL cases run when that variable is set and are skipped with the reason otherwise; in CI
(CI=true) a missing server is a failure, never a skip.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import uuid

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from sclab.classroom.store import MIN_RESPONSES, SCHEMA_VERSION, ClassStore

PG_URL = os.environ.get("SCLAB_TEST_PG_URL")


def _fresh_pg_url() -> str:
    """A new empty database on the test server, so every test starts clean."""
    name = f"sclab_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.sqlite3'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide a PostgreSQL server: .ci/run sets SCLAB_TEST_PG_URL")
        pytest.skip("no PostgreSQL server: set SCLAB_TEST_PG_URL (CI starts one)")
    return _fresh_pg_url()


def scores(total: float) -> dict[str, float]:
    return {"total": total, "compassionate": total, "uncompassionate": 6 - total}


def test_submissions_are_anonymous_and_summaries_wait_for_five(store_url):
    store = ClassStore(store_url)
    totals = [2.5, 3.0, 3.5, 4.0]
    ids = {store.submit("PSY101", "scs-sf", scores(t)) for t in totals}
    assert len(ids) == 4 and all(len(i) == 16 for i in ids)
    early = store.summary("PSY101")
    assert early.n == 4 and early.suppressed and early.stats.empty and early.totals == ()
    assert f"from {MIN_RESPONSES} responses" in early.message and "picked out" in early.message
    store.submit("PSY101", "scs-sf", scores(4.5))
    store.submit("PSY101", "scs-sf", scores(2.0))
    s = store.summary("PSY101")
    allt = [*totals, 4.5, 2.0]
    assert s.n == 6 and not s.suppressed and s.totals == tuple(sorted(allt))
    row = s.stats.set_index("score").loc["total"]
    assert row["mean"] == pytest.approx(np.mean(allt)) and row["sd"] == pytest.approx(np.std(allt, ddof=1))
    assert row["n"] == 6
    export = s.to_frame()
    assert set(export.columns) == {"class_code", "instrument", "score", "n", "mean", "sd", "min", "max"}


def test_one_class_cannot_read_another(store_url):
    store = ClassStore(store_url)
    for t in (1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        store.submit("CLASS-A", "scs-sf", scores(t))
    store.submit("CLASS-B", "scs-sf", scores(5.0))
    assert store.count("CLASS-A") == 6 and store.count("CLASS-B") == 1
    assert store.summary("CLASS-B").suppressed
    assert 5.0 not in store.summary("CLASS-A").totals


def test_nothing_but_scores_is_accepted(store_url):
    store = ClassStore(store_url)
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
    assert store.count("PSY101") == 0


def test_schema_is_created_versioned_and_a_newer_one_refused(store_url):
    store = ClassStore(store_url)
    assert store.schema_version == SCHEMA_VERSION
    ClassStore(store_url)  # opening again keeps the schema
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sclab_meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(RuntimeError, match="schema version 99, newer than this sclab understands"):
        ClassStore(store_url)


def test_sqlite_store_uses_wal(tmp_path):
    store = ClassStore(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def _submit_one(url: str, barrier, total: float) -> None:
    barrier.wait(timeout=60)
    ClassStore(url).submit("RUSH", "scs-sf", scores(total))


def test_100_concurrent_submissions_from_separate_processes_leave_100_rows(store_url):
    ClassStore(store_url)  # create the schema first, as the first page view would
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(100)
    procs = [
        ctx.Process(target=_submit_one, args=(store_url, barrier, 1 + (i % 40) / 10)) for i in range(100)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * 100
    store = ClassStore(store_url)
    assert store.count("RUSH") == 100
    with store.engine.connect() as conn:
        ids = conn.execute(text("SELECT COUNT(DISTINCT response_id) FROM sclab_submissions")).scalar()
    assert ids == 100


def _write_and_hang(url: str, ready) -> None:
    """Open a transaction, insert a row, signal, and wait to be killed before committing."""
    store = ClassStore(url)
    with store.engine.connect() as conn:
        trans = conn.begin()
        conn.execute(
            text(
                "INSERT INTO sclab_submissions (class_code, response_id, submitted_at, instrument, scores) "
                "VALUES ('KILL', 'half-written', CURRENT_TIMESTAMP, 'scs-sf', '{\"total\": 3.0}')"
            )
        )
        ready.set()
        signal.pause()
        trans.commit()  # never reached


def test_a_writer_killed_mid_submission_leaves_the_store_intact(store_url):
    store = ClassStore(store_url)
    for t in (2.0, 3.0, 4.0):
        store.submit("KILL", "scs-sf", scores(t))
    ctx = mp.get_context("fork")
    ready = ctx.Event()
    proc = ctx.Process(target=_write_and_hang, args=(store_url, ready))
    proc.start()
    assert ready.wait(timeout=60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL
    reopened = ClassStore(store_url)
    assert reopened.count("KILL") == 3  # the half-written row is gone, the others are intact
    reopened.submit("KILL", "scs-sf", scores(3.5))  # and the store still takes writes
    assert reopened.count("KILL") == 4
    if reopened.engine.dialect.name == "sqlite":
        with reopened.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
