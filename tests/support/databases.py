"""A fresh, empty PostgreSQL database per test on the server of $SCLAB_TEST_PG_URL."""

from __future__ import annotations

import uuid

__all__ = ["fresh_pg_url"]


def fresh_pg_url(admin_url: str, prefix: str = "sclab") -> str:
    """Create a database named ``<prefix>_<random>`` on ``admin_url``'s server; return its URL."""
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
