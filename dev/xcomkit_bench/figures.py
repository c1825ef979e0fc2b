"""Reading the raw figures: results by (store, contender, payload), and how each is written in a table."""

from __future__ import annotations

from typing import Any

from xcomkit_bench.payloads import MIB

Results = dict[tuple[str, str, str | None], dict[str, Any]]
# The limit each payload kind's ratio column is taken against: the format's plain library in the loop.
LIMIT = {"dict": "raw-json", "json": "raw-json", "dataframe": "raw-parquet", "bytes": "raw"}


def index(data: dict[str, Any]) -> Results:
    """(store, contender, payload) → result."""
    return {(r.get("store", "s3"), r["contender"], r.get("payload")): r for r in data["results"]}


def median(result: dict[str, Any] | None) -> float | None:
    """Median push + pull, or None if it did not run."""
    return result.get("median") if result and not result.get("error") else None


def seconds(value: float | None) -> str:
    """7.1 ms, 1.38 s."""
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def size(value: float | None) -> str:
    """1.0 KiB, 24.9 MiB."""
    if value is None:
        return "–"
    for unit, factor in (("GiB", 1024**3), ("MiB", MIB), ("KiB", 1024)):
        if abs(value) >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{int(value)} B"


def requests(counts: dict[str, int] | None) -> str:
    """Total, with operations: `1 (PutObject)`."""
    if counts is None:
        return "–"
    total = sum(counts.values())
    return f"{total} ({', '.join(k if n == 1 else f'{n}×{k}' for k, n in counts.items())})" if total else "0"


def cell(text: str) -> str:
    """Text that cannot break a markdown table row."""
    return " ".join(text.split()).replace("|", "\\|")


def outcome(result: dict[str, Any]) -> str:
    """Exact / NOT equal: why / error."""
    if result.get("error"):
        return f"**{cell(result['error'])}**"
    diff = result.get("difference")
    return "exact" if diff is None else f"**NOT equal**: {cell(diff)}"
