"""The values the round-trip DAG pushes and the tests compare against (one definition for both)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xcomkit_dev import serde_values

ROWS = 1_000_000


def frame(rows: int = ROWS) -> pd.DataFrame:
    """A frame of every dtype that CSV loses: int, float, str, tz-aware datetime, categorical, Int64."""
    rng = np.random.default_rng(42)
    df = pd.DataFrame(
        {
            "int": np.arange(rows, dtype="int64"),
            "float": rng.random(rows),
            "str": pd.Series([f"row-{i % 977}" for i in range(rows)], dtype="str"),
            "when": pd.date_range("2024-01-01", periods=rows, freq="s", tz="Europe/Paris"),
            "cat": pd.Categorical(rng.choice(["red", "green", "blue"], rows)),
            "nullable": pd.array([None if i % 7 == 0 else i for i in range(rows)], dtype="Int64"),
        }
    )
    df.index = pd.MultiIndex.from_arrays([np.arange(rows) % 10, np.arange(rows)], names=["shard", "row"])
    return df


def values() -> dict[str, object]:
    """Every non-DataFrame payload, by name."""
    when = dt.datetime(2024, 5, 17, 12, 30, tzinfo=dt.UTC)
    return {
        "dict": {"a": 1, "b": [1, 2, 3], "c": {"nested": True}},
        "list": [1, "two", 3.0, None, False],
        "nested_datetimes": {
            "when": when,
            "dates": [when.date(), when + dt.timedelta(hours=1)],
            "tuple": (1, 2),
        },
        "str": "héllo / wörld",
        "int": 42,
        "none": None,
        "bytes": bytes(range(256)) * 4,
        # every type the default backend keeps, nested: serde's path through the JSON codec
        **{f"serde_{name}": value for name, value in serde_values.values().items()},
    }
