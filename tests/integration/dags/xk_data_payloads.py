"""The data-library values the data-types DAG passes from task to task, and how each is compared.

One definition for the DAG and the test that reads its objects: name → (build, check). A check
raises AssertionError unless the value came back exactly (type, dtype, shape, metadata, order).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa


def series() -> pd.Series:
    index = pd.MultiIndex.from_arrays([["a", "a", "b"], [1, 2, 1]], names=["letter", "n"])
    return pd.Series([1, None, 3], index=index, dtype="Int64", name=("count", 1))


def ndarray() -> np.ndarray:
    return np.asfortranarray(np.random.default_rng(7).random((300, 200)))


def table() -> pa.Table:
    schema = pa.schema(
        [pa.field("id", pa.uint32(), metadata={"role": "key"}), pa.field("at", pa.timestamp("s", "UTC"))],
        metadata={"source": "xk_data_types"},
    )
    return pa.Table.from_pydict({"id": [1, 2, 3], "at": [0, 1, None]}, schema=schema)


def batch() -> pa.RecordBatch:
    return table().to_batches()[0]


def polars_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "kind": pl.Series(["lo", "hi", None], dtype=pl.Enum(["lo", "hi"])),
            "when": pl.Series([dt.datetime(2024, 5, 1), None, dt.datetime(2024, 5, 2)]).dt.replace_time_zone(
                "Asia/Tokyo"
            ),
            "took": pl.Series([dt.timedelta(seconds=3), None, dt.timedelta(0)]),
            "tags": [["x"], [], None],
        }
    )


def check_series(got: Any) -> None:
    pd.testing.assert_series_equal(got, series(), check_exact=True)


def check_ndarray(got: Any) -> None:
    expected = ndarray()
    assert type(got) is np.ndarray
    assert (got.dtype, got.shape) == (expected.dtype, expected.shape)
    assert got.flags.f_contiguous, "memory order lost"
    assert not got.flags.c_contiguous, "memory order lost"
    assert got.tobytes() == expected.tobytes()


def check_arrow(expected: Any) -> Any:
    def check(got: Any) -> None:
        assert type(got) is type(expected), type(got)
        assert got.equals(expected, check_metadata=True)

    return check


def check_polars(got: Any) -> None:
    assert type(got) is pl.DataFrame
    assert got.schema == polars_frame().schema, got.schema
    assert got.equals(polars_frame())


def check_bytes(expected: bytes) -> Any:
    def check(got: Any) -> None:
        assert type(got) is bytes, type(got)  # bytearray and memoryview come back as bytes
        assert got == expected

    return check


RAW = bytes(range(256)) * 16


def raw_bytearray() -> bytearray:
    return bytearray(RAW)


def raw_memoryview() -> memoryview:
    return memoryview(RAW)

# name → (what the pushing task returns, the check the pulling task runs, the codec that stores it)
PAYLOADS: dict[str, tuple[Any, Any, str]] = {
    "series": (series, check_series, "series"),
    "ndarray": (ndarray, check_ndarray, "numpy"),
    "table": (table, check_arrow(table()), "arrow"),
    "batch": (batch, check_arrow(batch()), "arrow"),
    "polars": (polars_frame, check_polars, "polars"),
    "bytearray": (raw_bytearray, check_bytes(RAW), "bytes"),
    "memoryview": (raw_memoryview, check_bytes(RAW), "bytes"),
}
