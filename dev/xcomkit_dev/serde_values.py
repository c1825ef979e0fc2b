"""Values of every type Airflow's serde (the default XCom backend) round-trips, and a deep exact check.

One definition for the JSON codec's unit tests, the fixtures of older releases' objects, the store
round trips and the Airflow DAG that pushes them. The classes live here, at module scope, so serde
can import them by name: an Airflow that decodes them needs `xcomkit_dev.serde_values.*` in
`[core] allowed_deserialization_classes` (the harness's environments set it, see `ALLOWED`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from decimal import Decimal
from typing import Any

import attr

ALLOWED = f"airflow.* {__name__}.*"


@dataclasses.dataclass
class Reading:
    """A dataclass whose fields are themselves serde types."""

    sensor: str
    value: float
    taken: dt.datetime


@attr.define
class Box:
    """An attrs class."""

    label: str
    size: int


def values() -> dict[str, Any]:
    """Name → value; each must come back equal and of the same type, at every depth."""
    import numpy as np  # noqa: PLC0415 - the bare venv has no numpy; only callers that push them import
    import pendulum  # noqa: PLC0415

    when = dt.datetime(2024, 5, 17, 12, 30, 15, 123456, tzinfo=dt.UTC)
    return {
        "native": {"a": 1, "b": [1.5, "two", None, True], "c": {"deep": {"er": []}}, "big": 2**70},
        "tuples": (1, (2, (3, "four")), [(), (None,)]),
        "sets": {"s": {1, 2, 3}, "f": frozenset({"a", "b"}), "in_list": [set(), frozenset({1})]},
        "datetimes": {
            "aware": when,
            "naive": dt.datetime(2024, 1, 2, 3, 4, 5),
            "date": when.date(),
            "delta": dt.timedelta(days=1, seconds=2, microseconds=3),
            "listed": [when, when + dt.timedelta(hours=1)],
        },
        "decimal": [Decimal("1.25"), Decimal("-0.5")],  # serde stores a Decimal as a float: exact ones only
        "dataclass": Reading("t-1", 21.5, when),
        "attrs": Box("crate", 3),
        # Not float64 (Airflow 3.0 returns it as a float), bool or float32 (3.0 refuses them).
        "numpy": {"i": np.int64(7), "u8": np.uint8(200), "in_list": [np.int32(-3)]},
        "pendulum": {
            "dt": pendulum.datetime(2024, 3, 31, 2, 30, tz="Europe/Paris"),
            "utc": pendulum.datetime(2024, 1, 1, tz="UTC"),
        },
        "floats": [math.inf, -math.inf, -0.0, 1e-310],
        "mixed": [{"id": i, "when": when, "pair": (i, str(i))} for i in range(3)],
    }


def difference(expected: Any, got: Any, path: str = "") -> str | None:  # noqa: PLR0911 - one per kind
    """Say where `got` differs from `expected` in value or type, at any depth (None if exact)."""
    where = path or "value"
    if type(got) is not type(expected):
        return f"{where}: {type(got).__module__}.{type(got).__qualname__} for {type(expected).__qualname__}"
    if isinstance(expected, dict):
        if set(got) != set(expected):
            return f"{where}: keys {sorted(map(str, got))} for {sorted(map(str, expected))}"
        return next((d for k in expected if (d := difference(expected[k], got[k], f"{path}[{k!r}]"))), None)
    if isinstance(expected, (list, tuple)):
        if len(got) != len(expected):
            return f"{where}: {len(got)} items for {len(expected)}"
        pairs = zip(expected, got, strict=True)
        return next((d for i, (e, g) in enumerate(pairs) if (d := difference(e, g, f"{path}[{i}]"))), None)
    if dataclasses.is_dataclass(expected) or attr.has(type(expected)):
        as_dict = dataclasses.asdict if dataclasses.is_dataclass(expected) else attr.asdict
        return difference(as_dict(expected), as_dict(got), f"{path}.")
    if isinstance(expected, float) and math.isnan(expected):
        return None if math.isnan(got) else f"{where}: {got!r} for nan"
    return None if got == expected else f"{where}: {got!r} for {expected!r}"
