"""Rendering results for people (table, plain) or machines (json, yaml), kept apart from the logic.

The formats and their flag are Airflow's CLI's (`-o/--output table|json|yaml|plain`). Tables are
drawn by rich (it comes with Airflow) to the terminal's width, wrapping long cells.
"""

from __future__ import annotations

import io
import json
import shutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence

FORMATS = ("table", "json", "yaml", "plain")


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    """Add the `-o/--output` option every listing subcommand takes."""
    parser.add_argument(
        "-o", "--output", choices=FORMATS, default="table", help="output format (default: table)"
    )


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    *,
    document: Mapping[str, Any] | None = None,
    width: int | None = None,
) -> str:
    """Render rows as a table or plain text, or `document` (default: the rows) as JSON or YAML."""
    body: Any = [{c: row.get(c) for c in columns} for row in rows] if document is None else document
    if fmt == "json":
        return json.dumps(body, indent=2, default=str)
    if fmt == "yaml":
        import yaml  # noqa: PLC0415 - PyYAML comes with Airflow

        return yaml.safe_dump(json.loads(json.dumps(body, default=str)), sort_keys=False).rstrip()
    cells = [["" if row.get(c) is None else str(row[c]) for c in columns] for row in rows]
    if fmt == "plain":
        return "\n".join("\t".join(r) for r in [list(columns), *cells])
    return _table(columns, cells, width or shutil.get_terminal_size((120, 24)).columns)


def _table(columns: Sequence[str], cells: list[list[str]], width: int) -> str:
    from rich.console import Console  # noqa: PLC0415 - rich comes with Airflow
    from rich.table import Table  # noqa: PLC0415

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in cells:
        table.add_row(*row)
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False).print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines())
