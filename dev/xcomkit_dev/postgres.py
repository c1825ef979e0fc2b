"""A fresh PostgreSQL database per run, for the integration tests, the deployment harness and the bench.

The project's machines run PostgreSQL on 127.0.0.1:5432 with trust auth; `XCOMKIT_TEST_PG` points
elsewhere. The database is dropped (with FORCE, so lingering Airflow connections do not block it) on exit.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

ADMIN_URL = os.environ.get("XCOMKIT_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


class PostgresUnavailableError(RuntimeError):
    """PostgreSQL could not be reached to create the run's database."""


@contextlib.contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """Create `<prefix>_<random>`, yield its SQLAlchemy URL, drop it on exit."""
    import sqlalchemy as sa  # noqa: PLC0415 - only tests and tools need it

    name = f"{prefix}_{uuid.uuid4().hex[:8]}".lower().replace("-", "_")
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as err:
        raise PostgresUnavailableError(
            f"PostgreSQL is not reachable at {ADMIN_URL} ({err.orig}): start it "
            "(pg_ctlcluster <version> main start) or point XCOMKIT_TEST_PG at a server with trust auth"
        ) from err
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
