"""`xcomkit sweep`: delete XCom objects that no XCom row references any more (after a grace period).

Run it where the metadata database is reachable, with the same Airflow configuration as the workers
(like `airflow db clean`): it reads `[xcomkit] path` and the XCom table through Airflow's ORM.
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager, nullcontext, redirect_stdout
from datetime import timedelta
from typing import TYPE_CHECKING

from xcomkit.cli.render import add_output_argument, render

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager

    from xcomkit.location import Location
    from xcomkit.sweep import SweepResult

NAME = "sweep"
HELP = "Delete XCom objects that no XCom row references (deleted runs, db clean), past a grace period."
SUMMARY_COLUMNS = (
    "location", "scanned", "kept", "referenced", "too_young", "rewritten", "orphans", "deleted",
    "bytes_freed", "dry_run",
)  # fmt: skip
ORPHAN_COLUMNS = ("url", "size", "modified")
# Below this, an object may belong to a task that has written it and not yet its XCom row.
SAFE_GRACE = timedelta(hours=1)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the sweep's options."""
    parser.add_argument(
        "--older-than",
        default="7d",
        metavar="DURATION",
        help="grace period: only objects last written before now minus this go (7d, 12h, 30m; default 7d)",
    )
    parser.add_argument("--dry-run", action="store_true", help="list what would be deleted; delete nothing")
    parser.add_argument(
        "--dag-id", metavar="DAG_ID", help="only objects under <prefix>/<dag_id>/ (default: the whole prefix)"
    )
    add_output_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Sweep, show what was (or would be) deleted in a dry run, then the summary."""
    from xcomkit.compat import check_airflow  # noqa: PLC0415
    from xcomkit.config import get_settings  # noqa: PLC0415 - imports Airflow
    from xcomkit.errors import ConfigError  # noqa: PLC0415
    from xcomkit.stores import open_store  # noqa: PLC0415
    from xcomkit.sweep import parse_duration, referenced_keys_from_db, sweep  # noqa: PLC0415

    check_airflow()
    try:
        grace = parse_duration(args.older_than)
    except ConfigError as err:
        raise ConfigError(f"--older-than: {err.detail}", err.fix) from err
    if grace < SAFE_GRACE:
        print(
            f"xcomkit sweep: warning: --older-than {args.older_than} is under an hour; an object written "
            "by a running task whose XCom row is not committed yet could be deleted",
            file=sys.stderr,
        )
    results: list[tuple[Location, SweepResult]] = []
    with _logs_to_stderr(), _progress() as advance:
        for location in get_settings().locations:
            result = sweep(
                open_store(location),
                older_than=grace,
                references=lambda location=location: referenced_keys_from_db(location),
                dag_id=args.dag_id,
                dry_run=args.dry_run,
                progress=advance,
            )
            results.append((location, result))
    _print(results, args.output)
    return 0


def _print(results: list[tuple[Location, SweepResult]], fmt: str) -> None:
    summaries = [{"location": str(loc), **result.summary()} for loc, result in results]
    orphans = [
        {"url": loc.url_of(o.key), "size": o.size, "modified": o.modified.isoformat()}
        for loc, result in results
        for o in result.orphans
    ]
    if fmt in ("json", "yaml"):
        print(render([], (), fmt, document={"locations": summaries, "objects": orphans}))
        return
    if orphans and results[0][1].dry_run:
        print(f"would delete {len(orphans)} object(s):")
        print(render(orphans, ORPHAN_COLUMNS, fmt))
        print()
    print(render(summaries, SUMMARY_COLUMNS, fmt))


@contextmanager
def _logs_to_stderr() -> Iterator[None]:
    """Keep stdout for the result (`-o json | jq`): Airflow's root log handler writes to stdout.

    A handler that holds stdout itself is pointed at stderr; Airflow 3.0's RedirectStdHandler looks
    `sys.stdout` up at every record (its stream cannot be set), so redirecting stdout moves it too.
    """
    moved = [
        h
        for h in logging.getLogger().handlers
        if type(h) is logging.StreamHandler and h.stream in (sys.stdout, sys.__stdout__)
    ]
    for handler in moved:
        handler.setStream(sys.stderr)
    try:
        with redirect_stdout(sys.stderr):
            yield
    finally:
        for handler in moved:
            handler.setStream(sys.stdout)


def _progress() -> AbstractContextManager[Callable[[str, int], None] | None]:
    """Show a rich progress bar on a terminal (stderr), nothing otherwise (logs, pipes, CI)."""
    if not sys.stderr.isatty():
        return nullcontext(None)

    @contextmanager
    def bar() -> Iterator[Callable[[str, int], None]]:
        from rich.console import Console  # noqa: PLC0415 - rich comes with Airflow
        from rich.progress import Progress  # noqa: PLC0415

        with Progress(console=Console(stderr=True), transient=True) as progress:
            tasks = {
                "scanned": progress.add_task("listing objects", total=None),
                "deleted": progress.add_task("deleting orphans", total=None),
            }

            def advance(what: str, count: int) -> None:
                progress.advance(tasks[what], count)

            yield advance

    return bar()
