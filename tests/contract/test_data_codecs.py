"""The codec contract for pandas Series and numpy arrays (Arrow and polars: test_columnar_codecs.py).

Each matrix holds the values that lose something in a naive round trip (names, index levels, dtypes,
memory order, metadata, time zones, categories); the format's own reader (pyarrow, numpy) opens
every object, proving it is a real file; refusals name the type and the fix. Each class's `matrix()`
also goes through every store (test_types_every_store.py).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from xcomkit.codecs import get_codec
from xcomkit.codecs.series import VALUES
from xcomkit.errors import UnsupportedTypeError
from xcomkit.testing import CodecContract

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.codecs.base import Codec


def parquet_table(data: bytes) -> pa.Table:
    return pq.read_table(pa.BufferReader(data))


class TestSeriesCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("series")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        return self.matrix()

    @staticmethod
    def matrix() -> dict[str, Any]:
        multi = pd.MultiIndex.from_arrays([["a", "a", "b"], [1, 2, 1]], names=["letter", None])
        return {
            "int64, RangeIndex": pd.Series([1, 2, 3], name="x"),
            "no name": pd.Series([1.5, float("nan")]),
            "name 0": pd.Series([1], name=0),
            'name "0"': pd.Series([1], name="0"),
            "tuple name": pd.Series([1], name=("a", 1)),
            "Timestamp name": pd.Series([1], name=pd.Timestamp("2024-03-31 03:30", tz="Europe/Paris")),
            "Int64 with NA": pd.Series([1, None, 3], dtype="Int64", name="n"),
            "boolean with NA": pd.Series([True, None], dtype="boolean"),
            "string": pd.Series(["a", None], dtype="string"),
            "str": pd.Series(["a", "b"], dtype="str"),
            "ordered categorical": pd.Series(
                pd.Categorical(["b", "a"], categories=["b", "a", "c"], ordered=True)
            ),
            "tz-aware": pd.Series(pd.date_range("2024-03-31", periods=4, freq="h", tz="Europe/Paris")),
            "timedelta": pd.Series(pd.to_timedelta([1, 2], unit="s")),
            "MultiIndex": pd.Series([1.0, 2.0, 3.0], index=multi, name="v"),
            "index named as the Series": pd.Series([1, 2], index=pd.Index(["p", "q"], name="k"), name="k"),
            "DatetimeIndex with freq": pd.Series([1, 2], index=pd.date_range("2024", periods=2, freq="D")),
            "empty": pd.Series([], dtype="int64", name="e"),
        }

    def assert_same(self, got: Any, expected: Any) -> None:
        assert type(got) is pd.Series
        pd.testing.assert_series_equal(got, expected, check_exact=True, check_freq=True)
        assert type(got.name) is type(expected.name)
        assert list(got.index.names) == list(expected.index.names)

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return lambda data: parquet_table(data).to_pandas()

    def assert_native(self, native: Any, expected: Any) -> None:
        pd.testing.assert_series_equal(native[VALUES], expected, check_names=False, check_freq=False)

    @pytest.fixture
    def refusals(self) -> dict[str, tuple[Any, type[Exception], str]]:
        return {
            "mixed object": (pd.Series([1, "a"]), UnsupportedTypeError, r"dtype object.*astype"),
            "object name": (
                pd.Series([1], name=object()),
                UnsupportedTypeError,
                r"name of type object.*rename",
            ),
        }


class TestNdarrayCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("numpy")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        return self.matrix()

    @staticmethod
    def matrix() -> dict[str, Any]:
        grid = np.arange(24, dtype="float64").reshape(2, 3, 4)
        return {
            "float64 2-D": np.random.default_rng(0).random((5, 3)),
            "Fortran order": np.asfortranarray(grid),
            "non-contiguous view": grid[:, ::2, 1],
            "0-d": np.array(3.5),
            "empty 0×3": np.empty((0, 3), dtype="int32"),
            "big-endian": np.arange(5, dtype=">i4"),
            "nan and -0.0": np.array([np.nan, -0.0, np.inf]),
            "bool": np.array([True, False]),
            "complex": np.array([1 + 2j], dtype="complex64"),
            "float16": np.array([0.5], dtype="float16"),
            "datetime64 with NaT": np.array(["2024-01-01", "NaT"], dtype="datetime64[ns]"),
            "timedelta64": np.array([1, 2], dtype="timedelta64[s]"),
            "fixed unicode": np.array(["ab", "ü"], dtype="U3"),
            "fixed bytes": np.array([b"ab"], dtype="S2"),
            "structured": np.array([(1, [0.5, 1.5])], dtype=[("a", "<i4"), ("b", "<f8", (2,))]),
        }

    def assert_same(self, got: Any, expected: Any) -> None:
        assert type(got) is np.ndarray
        assert got.dtype == expected.dtype
        assert got.dtype.str == expected.dtype.str, "byte order changed"
        assert got.shape == expected.shape
        assert got.tobytes() == expected.tobytes(), "values differ (bit for bit)"
        fortran = expected.flags.f_contiguous and not expected.flags.c_contiguous
        assert (got.flags.f_contiguous and not got.flags.c_contiguous) == fortran, "memory order changed"
        assert got.flags.writeable

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return lambda data: np.load(io.BytesIO(data), allow_pickle=False)

    @pytest.fixture
    def refusals(self) -> dict[str, tuple[Any, type[Exception], str]]:
        objects = r"dtype {}.*convert it to a fixed dtype.*tolist\(\)"
        refused = {
            "object": (np.array([1, "a"], dtype=object), UnsupportedTypeError, objects.format("object")),
            "object field": (
                np.zeros(1, dtype=[("o", "O")]),
                UnsupportedTypeError,
                r"dtype \[\('o', 'O'\)\]",
            ),
            "masked": (np.ma.masked_array([1, 2], mask=[0, 1]), UnsupportedTypeError, r"subclass.*asarray"),
        }
        if hasattr(np.dtypes, "StringDType"):  # numpy 2's variable-width strings are Python objects too
            refused["StringDType"] = (
                np.array(["a"], dtype=np.dtypes.StringDType()),
                UnsupportedTypeError,
                objects.format("StringDType"),
            )
        return refused

    def test_numpy_scalars_are_not_arrays(self) -> None:
        from xcomkit.codecs import codec_for

        assert codec_for(np.float64(1.5)).name == "json"
        assert codec_for(np.int32(3)).name == "json"
