"""The codec contract for pyarrow Tables/RecordBatches and polars DataFrames.

The matrices hold what Parquet or a naive writer would change: Arrow types Parquet maps onto its own,
field and schema metadata, chunks with different dictionaries, every polars dtype with nulls. The
format's own reader (pyarrow) opens every object. Each class's `matrix()` also goes through every
store (test_types_every_store.py).
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, Any

import polars as pl
import polars.testing
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from xcomkit.codecs import get_codec
from xcomkit.errors import UnsupportedTypeError
from xcomkit.testing import CodecContract

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.codecs.base import Codec


def parquet_table(data: bytes) -> pa.Table:
    return pq.read_table(pa.BufferReader(data))


def arrow_table() -> pa.Table:
    """Arrow types Parquet would change or refuse, with field and schema metadata."""
    columns = {
        "date64": pa.array([dt.date(2024, 1, 1), None], pa.date64()),
        "ts_s_tz": pa.array([1, None], pa.timestamp("s", "Asia/Kolkata")),
        "time32_s": pa.array([1, 2], pa.time32("s")),
        "u64": pa.array([2**64 - 1, 0], pa.uint64()),
        "large_string": pa.array(["x", None], pa.large_string()),
        "dict_ordered": pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int8()), ["a", "b"], ordered=True),
        "decimal": pa.array([decimal.Decimal("1.25"), None], pa.decimal128(5, 2)),
        "interval": pa.array([pa.MonthDayNano([1, 2, 3]), None], pa.month_day_nano_interval()),
        "union": pa.UnionArray.from_sparse(
            pa.array([0, 1], pa.int8()), [pa.array([1, 2]), pa.array(["a", "b"])]
        ),
        "map": pa.array([[("k", 1)], None], pa.map_(pa.string(), pa.int64())),
        "fixed_list": pa.array([[1, 2], [3, 4]], pa.list_(pa.int16(), 2)),
        "struct": pa.array([{"a": 1, "b": "x"}, None]),
        "null": pa.nulls(2),
        "binary": pa.array([b"\x00", b""], pa.binary()),
    }
    schema = pa.schema(
        [pa.field(n, a.type, metadata={"unit": n} if n == "u64" else None) for n, a in columns.items()],
        metadata={"source": "contract", "empty": ""},
    )
    return pa.Table.from_arrays(list(columns.values()), schema=schema)


class TestArrowCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("arrow")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        return self.matrix()

    @staticmethod
    def matrix() -> dict[str, Any]:
        table = arrow_table()
        replaced = pa.table(
            {
                "d": pa.chunked_array(
                    [pa.array(["a"]).dictionary_encode(), pa.array(["b"]).dictionary_encode()]
                )
            }
        )
        return {
            "types Parquet changes": table,
            "chunks with different dictionaries": replaced,
            "empty table with a schema": table.slice(0, 0),
            "record batch": table.to_batches()[0],
            "empty record batch": pa.RecordBatch.from_pydict(
                {"a": pa.array([], pa.int8())}, metadata={"k": "v"}
            ),
        }

    def assert_same(self, got: Any, expected: Any) -> None:
        assert type(got) is type(expected), f"{type(got).__name__} came back for {type(expected).__name__}"
        assert got.schema.equals(expected.schema, check_metadata=True), f"{got.schema} != {expected.schema}"
        assert got.equals(expected, check_metadata=True)

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return lambda data: pa.ipc.open_stream(data).read_all()

    def assert_native(self, native: Any, expected: Any) -> None:
        table = pa.Table.from_batches([expected]) if isinstance(expected, pa.RecordBatch) else expected
        assert native.equals(table, check_metadata=True)


def polars_frame() -> pl.DataFrame:
    """Every polars dtype Parquet must keep exactly (nulls in each)."""
    return pl.DataFrame(
        {
            "i8": pl.Series([1, None, 3], dtype=pl.Int8),
            "u64": pl.Series([2**64 - 1, 0, None], dtype=pl.UInt64),
            "f32": pl.Series([1.5, None, float("nan")], dtype=pl.Float32),
            "str": ["a", None, "c"],
            "cat": pl.Series(["z", "a", None], dtype=pl.Categorical),
            "enum": pl.Series(["lo", None, "lo"], dtype=pl.Enum(["lo", "mid", "hi"])),
            "when": pl.Series([dt.datetime(2024, 3, 31, 1, 30), None, dt.datetime(2024, 3, 31, 3)])
            .dt.replace_time_zone("Europe/Paris")
            .cast(pl.Datetime("ms", "Europe/Paris")),
            "naive_ns": pl.Series(
                [dt.datetime(2024, 1, 1), None, dt.datetime(1969, 12, 31)], dtype=pl.Datetime("ns")
            ),
            "duration": pl.Series(
                [dt.timedelta(seconds=1), None, dt.timedelta(days=-3)], dtype=pl.Duration("us")
            ),
            "decimal": pl.Series(
                [decimal.Decimal("1.25"), None, decimal.Decimal("-3.50")], dtype=pl.Decimal(10, 2)
            ),
            "list": pl.Series([[1, 2], None, []], dtype=pl.List(pl.Int32)),
            "array": pl.Series([[1, 2], [3, 4], None], dtype=pl.Array(pl.Int16, 2)),
            "struct": pl.Series([{"a": 1, "b": "x"}, None, {"a": 3, "b": None}]),
            "enum_list": pl.Series([["hi"], None, []], dtype=pl.List(pl.Enum(["lo", "hi"]))),
            "date": [dt.date(2024, 1, 1), None, dt.date(1969, 12, 31)],
            "time": [dt.time(1, 2, 3, 4), None, dt.time(23, 59)],
            "binary": [b"\x00\x01", None, b""],
            "null": pl.Series([None, None, None], dtype=pl.Null),
            "bool": [True, None, False],
        }
    )


class TestPolarsCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("polars")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        return self.matrix()

    @staticmethod
    def matrix() -> dict[str, Any]:
        frame = polars_frame()
        return {
            "every dtype": frame,
            "no rows": frame.clear(),
            "no columns": pl.DataFrame(),
        }

    def assert_same(self, got: Any, expected: Any) -> None:
        assert type(got) is pl.DataFrame
        assert got.schema == expected.schema, f"{got.schema} != {expected.schema}"
        # Categories compared as strings: polars < 1.32 cannot compare two string caches (the schema
        # check above holds the categories of an Enum).
        polars.testing.assert_frame_equal(got, expected, check_exact=True, categorical_as_str=True)

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return parquet_table

    def assert_native(self, native: Any, expected: Any) -> None:
        # pyarrow opens polars' file: same columns, same rows.
        assert native.column_names == expected.columns
        assert native.num_rows == expected.height

    @pytest.fixture
    def refusals(self) -> dict[str, tuple[Any, type[Exception], str]]:
        return {
            "LazyFrame": (pl.LazyFrame({"a": [1]}), UnsupportedTypeError, r"LazyFrame.*value\.collect\(\)"),
            "Object column": (
                pl.DataFrame({"o": pl.Series([object()], dtype=pl.Object)}),
                UnsupportedTypeError,
                r"Object column\(s\) o",
            ),
        }
