"""The servers one benchmark run shares: SeaweedFS on loopback and a fresh PostgreSQL database.

The database gets Airflow's schema (`airflow db migrate`) plus one DAG run and a task instance per
payload, so XCom rows are written with their real foreign keys; it is dropped at the end.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from typing import TYPE_CHECKING

from contenders import CONN_ID, DAG_ID, RUN_ID, SEED_BUCKET, SEED_CONN_ID, Context

from xcomkit_dev.postgres import PostgresUnavailableError, fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BUCKET = "xcomkit-bench"


@contextlib.contextmanager
def database(home: Path, task_ids: list[str]) -> Iterator[str]:
    """Create, migrate and seed a database for this run; drop it afterwards."""
    import sqlalchemy as sa

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(fresh_database("xcomkit_bench"))
        except PostgresUnavailableError as err:
            raise SystemExit(str(err)) from err
        env = airflow_env(home, url)
        migrate = subprocess.run(
            [sys.executable, "-m", "airflow", "db", "migrate"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if migrate.returncode != 0:
            raise SystemExit(f"airflow db migrate failed:\n{(migrate.stdout + migrate.stderr)[-3000:]}")
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO dag_run (dag_id, run_id, run_type, run_after, clear_number, span_status, "
                    "state) VALUES (:d, :r, 'manual', now(), 0, 'not_started', 'running')"
                ),
                {"d": DAG_ID, "r": RUN_ID},
            )
            for task_id in task_ids:
                conn.execute(
                    sa.text(
                        "INSERT INTO task_instance (id, task_id, dag_id, run_id, map_index, try_number, "
                        "max_tries, pool, pool_slots, span_status) "
                        "VALUES (:id, :t, :d, :r, -1, 1, 0, 'default_pool', 1, 'not_started')"
                    ),
                    {"id": str(uuid.uuid4()), "t": task_id, "d": DAG_ID, "r": RUN_ID},
                )
        engine.dispose()
        yield url


def airflow_env(home: Path, db_url: str, connection_uri: str = "") -> dict[str, str]:
    """Environment of a case process: its own AIRFLOW_HOME, the database, both connections."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=db_url,
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__UNIT_TEST_MODE="False",
    )
    if connection_uri:
        env[f"AIRFLOW_CONN_{CONN_ID.upper()}"] = connection_uri
        env[f"AIRFLOW_CONN_{SEED_CONN_ID.upper()}"] = connection_uri
    return env


@contextlib.contextmanager
def stack(home: Path, task_ids: list[str]) -> Iterator[tuple[Context, dict[str, str], dict[str, str]]]:
    """SeaweedFS with the buckets, and the database: yield the context, case env and versions."""
    from xcomkit_dev.s3_servers import seaweedfs

    with seaweedfs(home / "seaweedfs") as s3, database(home, task_ids) as db_url:
        client = s3.client()
        for bucket in (BUCKET, SEED_BUCKET):
            client.create_bucket(Bucket=bucket)
        ctx = Context(s3.url, s3.access_key, s3.secret_key, s3.region, BUCKET, db_url)
        yield ctx, airflow_env(home, db_url, s3.connection_uri()), server_versions(db_url)


def server_versions(db_url: str) -> dict[str, str]:
    """SeaweedFS and PostgreSQL versions, for the machine description."""
    import sqlalchemy as sa

    from xcomkit_dev.processes import find_bin as _bin

    weed = subprocess.run([_bin("weed"), "version"], capture_output=True, text=True, check=False)
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        pg = conn.execute(sa.text("SHOW server_version")).scalar_one()
    engine.dispose()
    return {"SeaweedFS": (weed.stdout.strip().splitlines() or ["?"])[0], "PostgreSQL": str(pg)}
