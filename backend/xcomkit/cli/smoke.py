"""`xcomkit smoke`: run the shipped smoke DAG (`xcomkit.smoke`) with `airflow dags test`, then say so.

It runs in this environment, so the backend, `[xcomkit]` and the connection must be set as a worker
has them (`xcomkit export` writes them). The metadata database must be migrated (`airflow db migrate`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from xcomkit.errors import EnvironmentProblem

if TYPE_CHECKING:
    import argparse

NAME = "smoke"
HELP = "run the smoke DAG (xcom_backend_smoke) with `airflow dags test`: check, round trip, retry purge"
DAG_ID = "xcom_backend_smoke"
# What a DAGs folder holds to run the shipped DAG. Airflow's safe mode skips a file that does not
# mention both "airflow" and "dag", hence the comment.
DAG_FILE = (
    "# The xcomkit smoke DAG, for Airflow's DAG discovery.\nfrom xcomkit.smoke import dag  # noqa: F401\n"
)
PASSED = "XCOM BACKEND SMOKE OK"  # the last task's line (xcomkit.smoke)
# What SQLite and PostgreSQL say when Airflow's tables are not there.
UNMIGRATED = ("no such table", 'relation "dag" does not exist', 'relation "dag_run" does not exist')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the smoke options."""
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the run (600)")


def run(args: argparse.Namespace) -> int:
    """Run the DAG in a child `airflow dags test` and return 0 when every task succeeded."""
    from xcomkit.compat import check_airflow  # noqa: PLC0415

    check_airflow()
    with tempfile.TemporaryDirectory(prefix="xcomkit-smoke-") as folder:
        # `dags test -f` parses only files inside the DAGs folder: a one-line folder of our own, as a
        # user's deployment would hold it.
        dag_file = Path(folder, "xcom_backend_smoke.py")
        dag_file.write_text(DAG_FILE)
        env = {**os.environ, "AIRFLOW__CORE__DAGS_FOLDER": folder}
        argv = [sys.executable, "-m", "airflow", "dags", "test", DAG_ID, "-f", str(dag_file)]
        try:
            proc = subprocess.run(
                argv, env=env, capture_output=True, text=True, timeout=args.timeout, check=False
            )
        except subprocess.TimeoutExpired as err:
            raise EnvironmentProblem(
                f"airflow dags test {DAG_ID} did not finish in {args.timeout:.0f}s",
                "check that the store answers (xcomkit doctor) or raise --timeout",
            ) from err
    output = proc.stdout + proc.stderr
    if proc.returncode == 0 and PASSED in output:
        print(f"xcomkit smoke: {DAG_ID} passed (setup, round trip, stored references, retry purge)")
        return 0
    print(output[-8000:], file=sys.stderr)
    if any(sign in output for sign in UNMIGRATED):
        raise EnvironmentProblem(
            "Airflow's metadata database is not migrated", "run `airflow db migrate`, then xcomkit smoke"
        )
    print(f"xcomkit smoke: {DAG_ID} failed; the task that failed says why above", file=sys.stderr)
    return 1
