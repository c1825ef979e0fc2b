"""`xcomkit doctor`: check the deployed setup from Airflow's side, one row per check with its fix.

Reads the same configuration an Airflow worker does (`[core] xcom_backend`, `[xcomkit]`, the
connection), so run it where the workers' environment is set. Exit 1 on any failed check; a check
that could not run (not_checked, with why) does not fail.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from typing import TYPE_CHECKING

from xcomkit.cli.render import add_output_argument, render

if TYPE_CHECKING:
    import argparse

NAME = "doctor"
HELP = "check the backend, connection, bucket and least-privilege rights; exit 1 on any failure"
COLUMNS = ("status", "check", "detail", "fix")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the doctor options."""
    add_output_argument(parser)
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
    from xcomkit.checks import GLYPHS, run_checks  # noqa: PLC0415 - imports Airflow
    from xcomkit.compat import check_airflow  # noqa: PLC0415

    check_airflow()

    # Hooks log through Airflow's logging, which prints to stdout: keep stdout for the result alone.
    with contextlib.redirect_stdout(sys.stderr):
        results = run_checks(admin_conn_id=args.admin_conn_id)
    counts = Counter(c.status for c in results)
    summary = {s: counts.get(s, 0) for s in ("passed", "failed", "not_checked")}
    rows = [c.as_row() for c in results]
    if args.output in ("table", "plain"):
        rows = [{**row, "status": f"{GLYPHS[row['status']]} {row['status']}"} for row in rows]
    print(render(rows, COLUMNS, args.output, document={"checks": rows, "summary": summary}))
    if args.output == "table":
        print(
            f"\n{summary['passed']} passed, {summary['failed']} failed, {summary['not_checked']} not checked"
        )
    return 1 if summary["failed"] else 0
