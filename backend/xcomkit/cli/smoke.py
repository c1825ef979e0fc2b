"""`xcomkit smoke`: run the shipped smoke DAG (`xcomkit.smoke`) with `airflow dags test`, then say so.

It runs in this environment, so the backend, `[xcomkit]` and the connection must be set as a worker
has them (`xcomkit export` writes them). The metadata database must be migrated (`airflow db migrate`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from xcomkit.errors import EnvironmentProblem

if TYPE_CHECKING:
    import argparse

NAME = "smoke"
HELP = "run the smoke DAG (xcom_backend_smoke) with `airflow dags test`: check, round trip, retry purge"
DAG_ID = "xcom_backend_smoke"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the smoke options."""
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the run (600)")


def run(args: argparse.Namespace) -> int:
    """Run the DAG in a child `airflow dags test` and return 0 when every task succeeded."""
    import xcomkit.smoke as module  # noqa: PLC0415 - imports Airflow

    dag_file = str(Path(module.__file__).resolve())
    argv = [sys.executable, "-m", "airflow", "dags", "test", DAG_ID, "-f", dag_file]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired as err:
        raise EnvironmentProblem(
            f"airflow dags test {DAG_ID} did not finish in {args.timeout:.0f}s",
            "check that the store answers (xcomkit doctor) or raise --timeout",
        ) from err
    output = proc.stdout + proc.stderr
    if proc.returncode == 0 and "XCOM BACKEND SMOKE OK" in output:
        print(f"xcomkit smoke: {DAG_ID} passed (round trip, stored references, retry purge)")
        return 0
    print(output[-8000:], file=sys.stderr)
    if "no such table" in output or ("does not exist" in output and "relation" in output):
        raise EnvironmentProblem(
            "Airflow's metadata database is not migrated", "run `airflow db migrate`, then xcomkit smoke"
        )
    failed = [line for line in output.splitlines() if "xcomkit smoke test:" in line]
    reason = failed[-1].split("xcomkit smoke test:", 1)[1].strip() if failed else "see the output above"
    print(f"xcomkit smoke: {DAG_ID} failed: {reason}", file=sys.stderr)
    return 1
