"""Real Airflow 3 environments (`airflow dags test`) on PostgreSQL or SQLite, against any store.

Each environment gets its own AIRFLOW_HOME, a fresh metadata database (a new PostgreSQL database per
run on 127.0.0.1:5432, dropped afterwards) and its own bucket or directory; tests then look at what
the run left in the database and in the store.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from xcomkit_dev import serde_values
from xcomkit_dev.postgres import PostgresUnavailableError, fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit_dev.s3_servers import S3Endpoint

CONN_ID = "xcom_s3"
BACKEND = "xcomkit.backend.ObjectStorageXComBackend"
# Combination name -> (database, store).
COMBOS = {
    "pg-s3": ("postgres", "s3"),
    "sqlite-local": ("sqlite", "local"),
    "pg-local": ("postgres", "local"),
    "sqlite-s3": ("sqlite", "s3"),
    "sqlite-gcs": ("sqlite", "gcs"),
    "sqlite-azure": ("sqlite", "azure"),
}


class AirflowCommandError(AssertionError):
    """An airflow command a test needed failed; the message holds the tail of its output."""


@dataclass
class AirflowEnv:
    """One Airflow installation: its home, database, store, and helpers to run and inspect it."""

    name: str
    home: Path
    db_url: str
    store_path: str
    env: dict[str, str]
    s3: S3Endpoint | None = None
    bucket: str = ""
    cloud: Any = None  # a GCSEndpoint or AzuriteEndpoint (xcomkit.testing.servers) for gs/wasb combos
    engine: sa.Engine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = sa.create_engine(self.db_url, poolclass=sa.pool.NullPool)

    def airflow(
        self, *args: str, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Run the airflow CLI in this environment; on failure, show the tail of its output."""
        proc = subprocess.run(
            [sys.executable, "-m", "airflow", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and proc.returncode != 0:
            raise AirflowCommandError(
                f"airflow {' '.join(args)} exited {proc.returncode}:\n{(proc.stdout + proc.stderr)[-6000:]}"
            )
        return proc

    def dags_test(
        self, dag_id: str, dag_file: str, *, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run one DAG with `airflow dags test`, parsing only its file (a name in the DAGs folder)."""
        return self.airflow("dags", "test", dag_id, "-f", str(self.home / "dags" / dag_file), check=check)

    def install_dags(self, folder: Path) -> None:
        """Copy a folder's DAG files into this environment's DAGs folder (idempotent)."""
        for path in folder.glob("*.py"):
            shutil.copy(path, self.home / "dags" / path.name)

    def latest_run(self, dag_id: str) -> str:
        """Return the run id of the DAG's most recent run (tests re-run DAGs in a shared environment)."""
        query = sa.text("SELECT run_id FROM dag_run WHERE dag_id = :d ORDER BY id DESC LIMIT 1")
        with self.engine.connect() as conn:
            return conn.execute(query, {"d": dag_id}).scalar_one()

    def xcom_rows(self, dag_id: str) -> list[dict[str, Any]]:
        """Every XCom row of the DAG's latest run, with its value decoded from the DB's JSON."""
        query = sa.text(
            "SELECT task_id, map_index, key, value FROM xcom WHERE dag_id = :d AND run_id = :r "
            "ORDER BY task_id, map_index, key"
        )
        with self.engine.connect() as conn:
            rows = [
                dict(r._mapping) for r in conn.execute(query, {"d": dag_id, "r": self.latest_run(dag_id)})
            ]
        for row in rows:
            if isinstance(row["value"], (str, bytes)):
                row["value"] = json.loads(row["value"])
        return rows

    def ti_states(self, dag_id: str) -> dict[str, str]:
        """Task id (with map index when mapped) → final state, in the DAG's latest run."""
        query = sa.text(
            "SELECT task_id, map_index, state FROM task_instance WHERE dag_id = :d AND run_id = :r"
        )
        with self.engine.connect() as conn:
            return {
                (r.task_id if r.map_index < 0 else f"{r.task_id}[{r.map_index}]"): r.state
                for r in conn.execute(query, {"d": dag_id, "r": self.latest_run(dag_id)})
            }

    def object_keys(self) -> set[str]:
        """Every object key in this environment's store."""
        if self.cloud is not None:
            return self.cloud.object_keys(self.bucket)
        if self.s3 is not None:
            pages = self.s3.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
            return {o["Key"] for p in pages for o in p.get("Contents", [])}
        root = Path(self.store_path.removeprefix("file://"))
        return {str(p)[1:] for p in root.rglob("*") if p.is_file()}

    def read_object(self, key: str) -> bytes:
        """Read one object straight from the store (not through the backend)."""
        if self.cloud is not None:
            return self.cloud.read_object(self.bucket, key)
        if self.s3 is not None:
            return self.s3.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return Path("/", key).read_bytes()


def make_env(
    name: str,
    db: str,
    store: str,
    tmp: Path,
    s3: S3Endpoint | None,
    *,
    cloud: Any = None,
    dag_folders: Iterable[Path] = (),
) -> Iterator[AirflowEnv]:
    """Build one environment (home, fresh database, bucket or directory, migrated) and tear it down."""
    home = tmp / name
    # Every DAG folder in one: Airflow wants a parsed file inside its bundle.
    (home / "dags").mkdir(parents=True)
    for folder in dag_folders:
        shutil.copytree(
            folder, home / "dags", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    run_id = uuid.uuid4().hex[:8]
    cleanup = contextlib.ExitStack()
    if db == "postgres":
        try:
            db_url = cleanup.enter_context(fresh_database(f"xcomkit_it_{name}"))
        except PostgresUnavailableError as err:
            raise AssertionError(str(err)) from err
    else:
        db_url = f"sqlite:///{home / 'airflow.db'}"
    bucket = ""
    if store == "s3":
        if s3 is None:
            raise ValueError("an s3 combination needs the S3 server")
        bucket = f"xcom-{name}-{run_id}".lower()
        s3.client().create_bucket(Bucket=bucket)
        store_path = f"s3://{CONN_ID}@{bucket}/xcom"
    elif cloud is not None:
        bucket = f"xcom-{name}-{run_id}".lower()
        cloud.create_bucket(bucket)
        store_path = f"{cloud.scheme}://xcom_{store}@{bucket}/xcom"
    else:
        store_path = f"file://{home / 'objects'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        "PYTHONPATH": str(home / "dags"),  # `airflow dags test -f` does not put the folder on sys.path
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__XCOM_BACKEND": BACKEND,
        "AIRFLOW__XCOMKIT__PATH": store_path,
        "AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES": serde_values.ALLOWED,
    }
    if s3 is not None:
        env[f"AIRFLOW_CONN_{CONN_ID.upper()}"] = s3.connection_uri()
    if cloud is not None:
        env.update(cloud.airflow_env(f"xcom_{store}"))
    s3_used = s3 if store == "s3" else None
    airflow_env = AirflowEnv(name, home, db_url, store_path, env, s3_used, bucket, cloud)
    with cleanup:
        airflow_env.airflow("db", "migrate")
        yield airflow_env
        airflow_env.engine.dispose()
