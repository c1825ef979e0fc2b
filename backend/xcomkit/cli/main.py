"""`xcomkit <command>`: argparse, one module per subcommand, one error handler.

Each subcommand module defines `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`, keeps
its heavy imports inside `run`, and is listed in SUBCOMMANDS. Exit codes (named below, listed in the
README): 0 ok; 1 a problem the command found, or a fault of the setup or environment (an error of the
kit, which says what to fix); 2 bad usage; 3 a bug (the traceback goes to a file the message names);
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit import __version__
from xcomkit.errors import XComKitError

if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130

SUBCOMMANDS: tuple[str, ...] = ("export", "doctor", "smoke", "sweep")
ISSUES = "https://github.com/xcomkit/xcomkit/issues"


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
        print(f"xcomkit {args.command}: {err.detail}", file=sys.stderr)
        if err.fix:
            print(f"  fix: {err.fix}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print(f"xcomkit {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 - the last line of defence: keep the traceback, exit 3
        path = _save_traceback(args.command)
        print(
            f"xcomkit {args.command}: unexpected {type(err).__name__}: {err}\n"
            f"This is a bug in xcomkit. The traceback is in {path}; please report it at {ISSUES} "
            "with the command you ran and that file.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _save_traceback(command: str) -> str:
    with tempfile.NamedTemporaryFile(
        "w", prefix=f"xcomkit-{command}-", suffix=".traceback.txt", delete=False
    ) as handle:
        handle.write(f"xcomkit {__version__}, command {command}, argv {sys.argv}\n\n")
        handle.write(traceback.format_exc())
        return handle.name


if __name__ == "__main__":
    sys.exit(main())
