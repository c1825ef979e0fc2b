"""`make demo`: the kit end to end on a laptop, with nothing but this repo.

Starts a real S3-compatible server (SeaweedFS, from PyPI) on 127.0.0.1, creates the bucket, configures
Airflow 3 with SQLite under ./airflow_home and the kit's backend, runs the seed tutorial's two DAGs with
`airflow dags test`, then shows what landed where: the objects in the bucket, and the small references
in the metadata database. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from xcomkit.cli.output import render
from xcomkit.testing.servers import seaweedfs

REPO = Path(__file__).resolve().parents[1]
HOME = REPO / "airflow_home"
BUCKET = "airflow-xcom"
CONN_ID = "xcom_s3"
SEED_DAGS = ("simple_xcom_dag", "fetch_pokemon_data_dag")
SHOW = ("stored XCom", "purged XCom", "base xp to height", "Pokémon API unreachable", "DagRun Finished")


def step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def airflow(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "airflow", *args], env=env, capture_output=True, text=True, check=False
    )
    output = proc.stdout + proc.stderr
    (HOME / "logs").mkdir(parents=True, exist_ok=True)
    (HOME / "logs" / f"demo-{'-'.join(args[:3])}.log").write_text(output)
    if proc.returncode != 0:
        print(output[-4000:])
        raise SystemExit(
            f"airflow {' '.join(args)} failed (exit {proc.returncode}); full log in {HOME / 'logs'}"
        )
    return output


def main() -> int:
    shutil.rmtree(HOME, ignore_errors=True)
    HOME.mkdir()
    step("Starting a local S3-compatible server (SeaweedFS) on 127.0.0.1")
    with seaweedfs(HOME / "seaweedfs") as s3:
        print(f"    endpoint {s3.url}")
        s3.client().create_bucket(Bucket=BUCKET)
        print(f"    created bucket {BUCKET}")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
            "AIRFLOW_HOME": str(HOME),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__XCOM_BACKEND": "xcomkit.backend.ObjectStorageXComBackend",
            "AIRFLOW__XCOMKIT__PATH": f"s3://{CONN_ID}@{BUCKET}/xcom",
            f"AIRFLOW_CONN_{CONN_ID.upper()}": s3.connection_uri(),
        }
        step(
            f"Configuring Airflow (SQLite in {HOME.relative_to(REPO)}), "
            f"backend xcomkit, path {env['AIRFLOW__XCOMKIT__PATH']}"
        )
        airflow(env, "db", "migrate")
        for dag_id in SEED_DAGS:
            step(f"airflow dags test {dag_id}")
            for line in airflow(env, "dags", "test", dag_id).splitlines():
                if any(s in line for s in SHOW):
                    print("    " + line.split("[info     ]")[-1].split("[warning  ]")[-1].strip()[:160])

        step(f"Objects in s3://{BUCKET}/")
        pages = s3.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        objects = [{"key": o["Key"], "bytes": o["Size"]} for p in pages for o in p.get("Contents", [])]
        print(render(objects, ["key", "bytes"]))

    step(f"XCom rows in the metadata database ({HOME.relative_to(REPO)}/airflow.db): references only")
    with sqlite3.connect(HOME / "airflow.db") as db:
        rows = []
        for dag_id, task_id, key, value in db.execute(
            "SELECT dag_id, task_id, key, value FROM xcom ORDER BY dag_id, task_id"
        ):
            ref = json.loads(value)
            inline = not isinstance(ref, dict) or "__xcomkit__" not in ref
            rows.append(
                {
                    "dag": dag_id,
                    "task": task_id,
                    "key": key,
                    "stored": "inline"
                    if inline
                    else f"{ref['codec']}, {ref['size']} B"
                    + (f", {ref['rows']}×{ref['columns']}" if "rows" in ref else ""),
                    "db value": value if len(value) < 60 else value[:57] + "...",
                }
            )
    print(render(rows, ["dag", "task", "key", "stored", "db value"]))
    step("Done: the server is stopped. Logs of each step are in airflow_home/logs/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
