"""The payloads every contender pushes and pulls, built the same way in every process, and exact equality.

Sizes are the issue's (1 KiB dict, 10 MiB JSON list, 100 MiB bytes, 1M-row DataFrame, 1 GiB bytes);
`--quick` shrinks them so the CI smoke run takes seconds while going through the same code paths.
Values are deterministic (seeded), so each case process builds the same payload.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True)
class Payload:
    """One payload: its key, a label for the tables, and its full and quick sizes."""

    name: str
    label: str
    kind: str  # dict, json, bytes, dataframe
    size: int  # bytes for dict/json/bytes, rows for dataframe
    quick_size: int

    def build(self, quick: bool) -> Any:
        """Make the value (deterministic for a given size)."""
        size = self.quick_size if quick else self.size
        return BUILDERS[self.kind](size)


def small_dict(size: int) -> dict[str, Any]:
    """A nested dict whose compact JSON is about `size` bytes: what most tasks return."""
    rng = random.Random(1)  # noqa: S311 - reproducible test data, not secrets
    value: dict[str, Any] = {"run": "scheduled__2024-01-01T00:00:00+00:00", "ok": True, "items": []}
    while len(json.dumps(value, separators=(",", ":"))) < size:
        value["items"].append({"id": rng.randrange(10**6), "score": round(rng.random(), 6), "tag": "abc"})
    return value


def json_list(size: int) -> list[dict[str, Any]]:
    """A list of flat records, about `size` bytes of JSON: an API response passed between tasks."""
    rng = random.Random(2)  # noqa: S311 - reproducible test data, not secrets
    records: list[dict[str, Any]] = []
    total = 0
    while total < size:
        i = len(records)
        record = {
            "id": i,
            "name": f"customer-{i:08d}",
            "score": round(rng.random() * 100, 4),
            "active": i % 3 == 0,
        }
        records.append(record)
        total += len(json.dumps(record, separators=(",", ":"))) + 1
    return records


def random_bytes(size: int) -> bytes:
    """Incompressible bytes (a model file, an image archive); numpy, as `random` stops below 1 GiB."""
    import numpy as np

    return np.random.default_rng(3).bytes(size)


def mixed_frame(rows: int) -> Any:
    """A DataFrame of 10 columns of mixed dtypes, including the ones CSV and JSON lose."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(4)
    missing = rng.random(rows) < 0.1
    return pd.DataFrame(
        {
            "id": np.arange(rows, dtype="int64"),
            "value": rng.standard_normal(rows),
            "name": pd.array([f"name-{i % 5000}" for i in range(rows)], dtype="str"),
            "ts": pd.date_range("2024-01-01", periods=rows, freq="s", tz="Europe/Paris"),
            "colour": pd.Categorical.from_codes(rng.integers(0, 4, rows), ["red", "green", "blue", "amber"]),
            "count": pd.arrays.IntegerArray(rng.integers(0, 1000, rows), missing),
            "flag": rng.random(rows) > 0.5,
            "ratio": pd.arrays.FloatingArray(rng.random(rows), missing),
            "elapsed": pd.to_timedelta(rng.integers(0, 86_400, rows), unit="s"),
            "small": rng.integers(0, 100, rows).astype("int8"),
        }
    )


BUILDERS = {"dict": small_dict, "json": json_list, "bytes": random_bytes, "dataframe": mixed_frame}

PAYLOADS = {
    p.name: p
    for p in (
        Payload("dict-1k", "1 KiB dict", "dict", KIB, KIB),
        Payload("json-10m", "10 MiB JSON list", "json", 10 * MIB, MIB // 2),
        Payload("bytes-100m", "100 MiB bytes", "bytes", 100 * MIB, 4 * MIB),
        Payload("df-1m", "1M-row × 10-col DataFrame", "dataframe", 1_000_000, 10_000),
        Payload("bytes-1g", "1 GiB bytes (memory)", "bytes", GIB, 16 * MIB),
    )
}


def difference(expected: Any, actual: Any) -> str | None:  # noqa: PLR0911 - one return per kind of value
    """Say how `actual` differs from `expected` (None if exactly equal, types and dtypes included)."""
    if type(actual) is not type(expected):
        return f"came back as {type(actual).__module__}.{type(actual).__qualname__}"
    if hasattr(expected, "dtypes"):
        return _frame_difference(expected, actual)
    if isinstance(expected, dict):
        if set(expected) != set(actual):  # order is not part of dict equality (PostgreSQL JSONB sorts keys)
            return "keys differ"
        return next((d for k in expected if (d := difference(expected[k], actual[k]))), None)
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return f"length {len(actual)} != {len(expected)}"
        return next((d for e, a in zip(expected, actual, strict=True) if (d := difference(e, a))), None)
    return None if expected == actual else "values differ"


def _frame_difference(expected: Any, actual: Any) -> str | None:
    import pandas as pd

    extra = [str(c) for c in actual.columns if c not in expected.columns]
    lost = [str(c) for c in expected.columns if c not in actual.columns]
    if extra or lost:
        return "columns " + ", ".join([*(f"+{c}" for c in extra), *(f"-{c}" for c in lost)])
    dtypes = [
        f"{c}: {expected[c].dtype}→{actual[c].dtype}"
        for c in expected.columns
        if expected[c].dtype != actual[c].dtype
    ]
    if dtypes:
        return f"{len(dtypes)} dtypes lost ({'; '.join(dtypes)})"
    try:
        pd.testing.assert_frame_equal(
            actual, expected, check_exact=True, check_index_type=True, check_column_type=True
        )
    except AssertionError as err:
        return str(err).strip().splitlines()[0]
    return None
