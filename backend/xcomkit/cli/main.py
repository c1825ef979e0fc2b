"""`xcomkit <command>`: argparse, one module per subcommand, one error handler.

Each subcommand module defines `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`, keeps
its heavy imports inside `run`, and is listed in SUBCOMMANDS. Exit codes: 0 ok, 1 a problem the
command found or an xcomkit error (its message says what to fix), 2 bad usage, 3 an unexpected
error (with a hint to report it), 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit import __version__
from xcomkit.errors import XComKitError

if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 3
EXIT_INTERRUPTED = 130

SUBCOMMANDS: tuple[str, ...] = ("export", "doctor", "sweep")


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every subcommand's arguments."""
    parser = argparse.ArgumentParser(prog="xcomkit", description="Airflow XCom on object storage.")
    parser.add_argument("--version", action="version", version=f"xcomkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in SUBCOMMANDS:
        module = import_module(f"xcomkit.cli.{module_name}")
        sub_parser = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and turn what it raised into an exit code and a message."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except XComKitError as err:
        print(f"xcomkit {args.command}: {err}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print(f"xcomkit {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 - the last line of defence: say what happened, exit 3
        print(
            f"xcomkit {args.command}: unexpected {type(err).__name__}: {err}\n"
            "This is a bug in xcomkit; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
