"""The servers one benchmark run shares, from the development harness, for one store.

S3: SeaweedFS on loopback and a fresh PostgreSQL database for the peers that keep rows (Airflow's
schema via `airflow db migrate`, one DAG run and a task instance per payload, so XCom rows are
written with their real foreign keys; dropped at the end). GCS: gcp-storage-emulator. Azure:
Azurite. Local: a directory.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from typing import TYPE_CHECKING, Any

from xcomkit_bench.context import BUCKET, DAG_ID, RUN_ID, SCHEMES, SEED_BUCKET, SEED_CONN_ID, Context
from xcomkit_dev.postgres import PostgresUnavailableError, fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

Served = tuple[Context, dict[str, str], dict[str, str]]


@contextlib.contextmanager
def database(home: Path, task_ids: list[str]) -> Iterator[str]:
    """Create, migrate and seed a database for this run; drop it afterwards."""
    import sqlalchemy as sa

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(fresh_database("xcomkit_bench"))
        except PostgresUnavailableError as err:
            raise SystemExit(str(err)) from err
        migrate = subprocess.run(
            [sys.executable, "-m", "airflow", "db", "migrate"],
            env=airflow_env(home, url), capture_output=True, text=True, check=False,
        )  # fmt: skip
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


def airflow_env(home: Path, db_url: str = "", connections: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of a case process: its own AIRFLOW_HOME, the database, the connections."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        AIRFLOW_HOME=str(home), AIRFLOW__CORE__LOAD_EXAMPLES="False", AIRFLOW__CORE__UNIT_TEST_MODE="False"
    )
    if db_url:
        env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = db_url
    env.update(connections or {})
    return env


@contextlib.contextmanager
def s3(home: Path, task_ids: list[str]) -> Iterator[Served]:
    """SeaweedFS with the buckets, and the database."""
    import sqlalchemy as sa

    from xcomkit_dev.processes import find_bin
    from xcomkit_dev.s3_servers import seaweedfs

    with seaweedfs(home / "seaweedfs") as server, database(home, task_ids) as db_url:
        client = server.client()
        for bucket in (BUCKET, SEED_BUCKET):
            client.create_bucket(Bucket=bucket)
        keys = {"url": server.url, "access_key": server.access_key, "secret_key": server.secret_key}
        ctx = Context("s3", BUCKET, db_url=db_url, s3={**keys, "region": server.region})
        uri = server.connection_uri()
        conns = {f"AIRFLOW_CONN_{SCHEMES['s3'][1].upper()}": uri, f"AIRFLOW_CONN_{SEED_CONN_ID.upper()}": uri}
        weed = subprocess.run([find_bin("weed"), "version"], capture_output=True, text=True, check=False)
        engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            pg = conn.execute(sa.text("SHOW server_version")).scalar_one()
        engine.dispose()
        versions = {"SeaweedFS": (weed.stdout.strip().splitlines() or ["?"])[0], "PostgreSQL": str(pg)}
        yield ctx, airflow_env(home, db_url, conns), versions


@contextlib.contextmanager
def gcs(home: Path, task_ids: list[str]) -> Iterator[Served]:
    """gcp-storage-emulator with the bucket."""
    from importlib.metadata import version

    from xcomkit_dev.gcs_server import gcs_emulator

    with gcs_emulator(home / "gcs") as server:
        server.create_bucket(BUCKET)
        conns = server.airflow_env(SCHEMES["gcs"][1])
        versions = {"gcp-storage-emulator": version("gcp-storage-emulator")}
        yield Context("gcs", BUCKET, gcs_url=server.url), airflow_env(home, connections=conns), versions


@contextlib.contextmanager
def azure(home: Path, task_ids: list[str]) -> Iterator[Served]:
    """Azurite with the container."""
    from xcomkit_dev.azurite import azurite

    with azurite(home / "azurite") as server:
        server.create_bucket(BUCKET)
        ctx = Context("azure", BUCKET, azure_connection_string=server.connection_string())
        conns = server.airflow_env(SCHEMES["azure"][1])
        yield ctx, airflow_env(home, connections=conns), {"Azurite": "(build/azurite)"}


@contextlib.contextmanager
def local(home: Path, task_ids: list[str]) -> Iterator[Served]:
    """A directory on the run's filesystem."""
    root = home / "objects"
    root.mkdir()
    yield Context("local", "", root=f"{str(root).lstrip('/')}/"), airflow_env(home), {}


SERVERS: dict[str, Any] = {"s3": s3, "gcs": gcs, "azure": azure, "local": local}
