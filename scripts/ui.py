"""`make ui`: the XCom preview in a real Airflow UI, on a laptop, with nothing but this repo.

Starts SeaweedFS (S3) on 127.0.0.1, an Airflow home with SQLite in build/ui, runs the seed tutorial's
DAGs and the smoke DAG through the kit with `airflow dags test`, then a real `airflow api-server` with
the xcomkit plugin, and prints the URL, a login and a link to each task instance's preview. Ctrl-C
stops the API server and SeaweedFS.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from xcomkit.compat import has_task_instance_views
from xcomkit_dev.api_server import User, api_server
from xcomkit_dev.s3_servers import seaweedfs

REPO = Path(__file__).resolve().parents[1]
HOME = REPO / "build" / "ui"
BUCKET = "airflow-xcom"
CONN_ID = "xcom_s3"
DAGS = ("simple_xcom_dag", "fetch_pokemon_data_dag", "xcom_backend_smoke")
ADMIN = User("admin", "admin", ("*",))


def airflow(env: dict[str, str], *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "airflow", *args], env=env, capture_output=True, text=True, check=False
    )
    log = HOME / "logs" / f"ui-{'-'.join(args[:3])}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        print((proc.stdout + proc.stderr)[-4000:])
        raise SystemExit(f"airflow {' '.join(args)} failed (exit {proc.returncode}); log {log}")


def links(url: str) -> list[str]:
    """One preview link per task instance that pushed an XCom."""
    with sqlite3.connect(HOME / "airflow.db") as db:
        rows = db.execute(
            "SELECT DISTINCT dag_id, run_id, task_id, map_index FROM xcom ORDER BY dag_id, task_id"
        ).fetchall()
    out = []
    for dag_id, run_id, task_id, map_index in rows:
        run = quote(run_id, safe="")
        mapped = f"/mapped/{map_index}" if map_index >= 0 else ""
        if has_task_instance_views():
            out.append(f"{url}/dags/{dag_id}/runs/{run}/tasks/{task_id}{mapped}/plugin/xcom-preview")
        else:
            out.append(f"{url}/xcomkit/dags/{dag_id}/runs/{run}/tasks/{task_id}{mapped}")
    return out


def stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C, or a SIGTERM, unwinds the context managers below, which stop the servers (a shell that
    # started us in the background may have left SIGINT ignored).
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    shutil.rmtree(HOME, ignore_errors=True)
    HOME.mkdir(parents=True)
    print("==> SeaweedFS (S3) on 127.0.0.1", flush=True)
    with seaweedfs(HOME / "seaweedfs") as s3:
        s3.client().create_bucket(Bucket=BUCKET)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
            "AIRFLOW_HOME": str(HOME),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__XCOM_BACKEND": "xcomkit.backend.ObjectStorageXComBackend",
            "AIRFLOW__XCOMKIT__PATH": f"s3://{CONN_ID}@{BUCKET}/xcom",
            f"AIRFLOW_CONN_{CONN_ID.upper()}": s3.connection_uri(),
        }
        print(f"==> Airflow home {HOME.relative_to(REPO)} (SQLite); running {', '.join(DAGS)}", flush=True)
        airflow(env, "db", "migrate")
        for dag_id in DAGS:
            airflow(env, "dags", "test", dag_id)
            print(f"    {dag_id}: done", flush=True)
        print("==> airflow api-server with the xcomkit plugin", flush=True)
        with api_server(env, HOME, [ADMIN]) as server:
            print(f"\n    {server.url}  (login: {ADMIN.name} / {ADMIN.password})")
            print(f"    log: {server.log_path.relative_to(REPO)}\n    XCom previews:")
            for link in links(server.url):
                print(f"      {link}")
            print("\n    Ctrl-C stops everything.", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                print("\n==> stopping the API server and SeaweedFS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
