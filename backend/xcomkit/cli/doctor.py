"""`xcomkit doctor`: check the deployed setup from Airflow's side, one row per check with its fix.

Reads the same configuration an Airflow worker does (`[core] xcom_backend`, `[xcomkit]`, the
connection), so run it where the workers' environment is set. Exit 1 on any ✗; – (could not be
checked, with why) does not fail.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

from xcomkit.cli.output import FORMATS, render

if TYPE_CHECKING:
    import argparse

NAME = "doctor"
HELP = "check the backend, connection, bucket and least-privilege rights; exit 1 on any failure"
COLUMNS = ("status", "check", "detail", "fix")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the doctor options."""
    parser.add_argument("--format", choices=FORMATS, default="table", help="table (default) or json")
    parser.add_argument(
        "--admin-conn-id",
        help="a connection allowed to read bucket settings (public access block, encryption), which "
        "the least-privilege identity may not",
    )


def run(args: argparse.Namespace) -> int:
    """Run the checks, print them, and return 1 if any failed."""
    # Outside a task the SDK looks up connections in env vars and external secrets backends only;
    # workers also get the metadata DB's (through the API server), so look there too, as Airflow's
    # own server-side processes do. Without DB access that lookup is skipped with a warning.
    os.environ.setdefault("_AIRFLOW_PROCESS_CONTEXT", "server")
    from xcomkit.checks import run_checks  # noqa: PLC0415 - imports Airflow

    # Hooks log through Airflow's logging, which prints to stdout: keep stdout for the result alone.
    with contextlib.redirect_stdout(sys.stderr):
        results = run_checks(admin_conn_id=args.admin_conn_id)
    print(render([c.as_row() for c in results], COLUMNS, args.format))
    failed = [c for c in results if c.failed]
    if args.format == "table":
        skipped = sum(c.status == "–" for c in results)
        print(f"\n{len(results) - len(failed) - skipped} passed, {len(failed)} failed, {skipped} not checked")
    return 1 if failed else 0
