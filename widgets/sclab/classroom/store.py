"""Anonymous class results: an opt-in store of scores, never names or item-level answers.

A submission holds a class code, a random response id, a timestamp, the instrument id and the
scores (subscales, halves, total). The store is any SQLAlchemy database: by default a SQLite
file (WAL mode) in the user data folder, or the URL in ``$SCLAB_STORE_URL`` (for example a
department's PostgreSQL). The schema is created on first use and carries a version number.
A class view reads only its own class's rows and shows nothing below five responses.

>>> store = ClassStore("sqlite://")          # an in-memory database, for the example
>>> rid = store.submit("PSY101", "scs-sf", {"total": 3.2})
>>> len(rid)
16
>>> s = store.summary("PSY101")
>>> s.n, s.suppressed
(1, True)
"""

from __future__ import annotations

import math
import os
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    JSON,
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
)
from sqlalchemy.engine import Engine

from sclab.classroom.aggregates import MIN_RESPONSES, score_names
from sclab.classroom.release import ClassSummary, release

__all__ = [
    "ENV_VAR",
    "MIN_RESPONSES",
    "SCHEMA_VERSION",
    "SUBMISSIONS",
    "ClassStore",
    "ClassSummary",
    "check_class_code",
    "default_url",
]

#: Environment variable with an SQLAlchemy URL for the store.
ENV_VAR = "SCLAB_STORE_URL"
#: Schema version written into the store; a newer one than this code knows is refused.
SCHEMA_VERSION = 1

_CLASS_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")

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
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("instrument", String(32), nullable=False),
    Column("scores", JSON, nullable=False),
)


def default_url() -> str:
    """``$SCLAB_STORE_URL``, or a SQLite file in the user data folder."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("sclab", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'class_results.sqlite3'}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout = 30000")  # wait for another writer instead of failing
    cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def check_class_code(code: str) -> str:
    """Return a valid class code or raise ValueError saying the rule."""
    if not isinstance(code, str) or not _CLASS_CODE.match(code):
        raise ValueError(
            f"class code {code!r} is not valid: use 3-32 letters, digits, '-' or '_', "
            "starting with a letter or digit (for example PSY101-A)"
        )
    return code


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


class ClassStore:
    """Anonymous class results in an SQLAlchemy database.

    ``url``: any SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://...``); default
    :func:`default_url`. The schema is created on first use.
    """

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.url = url or default_url()
        self.engine = engine or create_engine(self.url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        _metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            row = conn.execute(select(_meta.c.value).where(_meta.c.key == "schema_version")).first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(_meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                except Exception:  # another process wrote it first: read theirs below
                    pass
                row = conn.execute(select(_meta.c.value).where(_meta.c.key == "schema_version")).first()
        version = int(row[0])
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

    # --- writing ------------------------------------------------------------------------------
    def submit(self, class_code: str, instrument: str, scores: dict[str, float]) -> str:
        """Store one anonymous submission; returns its random response id.

        ``scores`` may hold only the instrument's score names
        (:func:`~sclab.classroom.aggregates.score_names`: subscales, ``compassionate``,
        ``uncompassionate``, ``total``): never item answers or anything that could name a person.
        """
        from sclab.measure.instrument import load_instrument

        check_class_code(class_code)
        inst = load_instrument(instrument, wording=False)
        clean = _checked_scores(inst, scores)
        response_id = secrets.token_hex(8)
        with self.engine.begin() as conn:
            conn.execute(
                insert(SUBMISSIONS).values(
                    class_code=class_code,
                    response_id=response_id,
                    submitted_at=datetime.now(timezone.utc),
                    instrument=inst.id,
                    scores=clean,
                )
            )
        return response_id

    # --- reading ------------------------------------------------------------------------------
    def count(self, class_code: str) -> int:
        check_class_code(class_code)
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(SUBMISSIONS).where(SUBMISSIONS.c.class_code == class_code)
            return int(conn.execute(q).scalar_one())

    def summary(self, class_code: str, *, instrument: str | None = None) -> ClassSummary:
        """Aggregates for one class (only its own rows); suppressed below ``MIN_RESPONSES``."""
        check_class_code(class_code)
        q = select(SUBMISSIONS.c.instrument, SUBMISSIONS.c.scores).where(
            SUBMISSIONS.c.class_code == class_code
        )
        if instrument is not None:
            q = q.where(SUBMISSIONS.c.instrument == instrument)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return ClassSummary(class_code, instrument, 0, True, "No responses yet.")
        instruments = sorted({r[0] for r in rows})
        if instrument is None and len(instruments) > 1:
            raise ValueError(
                f"class {class_code} has responses from several instruments ({', '.join(instruments)}); "
                "choose one"
            )
        inst_id = instrument or instruments[0]
        return release(class_code, inst_id, pd.DataFrame([r[1] for r in rows]))
