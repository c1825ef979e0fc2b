"""The public codec contract (xcomkit.testing.CodecContract), run against every built-in codec and a user one.

Each class names the codec, a matrix of values that must come back exactly, the format's own reader
(the object is a real file a person can open) and what the codec refuses. The data libraries'
codecs: Series and numpy in test_data_codecs.py, Arrow and polars in test_columnar_codecs.py.
Adding a codec is one subclass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from xcomkit.codecs import codec_for, get_codec
from xcomkit.codecs.registry import registered_codec
from xcomkit.errors import UnsupportedTypeError
from xcomkit.testing import CodecContract

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from xcomkit.codecs.base import Codec


def frame_exact(got: Any, expected: Any) -> None:
    assert type(got) is pd.DataFrame
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert list(got.index.names) == list(expected.index.names)


class TestJsonCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("json")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        when = dt.datetime(2024, 5, 17, 12, 30, tzinfo=dt.UTC)
        return {
            "dict": {"a": 1, "b": [1, 2.5, None], "c": {"nested": True}},
            "str": "héllo 🚀",
            "int": 0,
            "none": None,
            "tuple": (1, (2, 3)),
            "set": {1, 2},
            "datetimes": {"when": when, "day": when.date(), "delta": dt.timedelta(seconds=5)},
        }

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return json.loads

    def assert_native(self, native: Any, expected: Any) -> None:
        try:
            plain = json.loads(json.dumps(expected))
        except TypeError:  # not one of JSON's own types: serde wrote its tagged form
            plain = NotImplemented
        if plain == expected and type(plain) is type(expected):
            assert native == expected
        else:
            assert isinstance(native, (dict, list)), f"{expected!r} read as {native!r}"

    @pytest.fixture
    def refusals(self) -> dict[str, tuple[Any, type[Exception], str]]:
        return {"object": (object(), UnsupportedTypeError, r"builtins\.object.*register_codec")}


class TestParquetCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("parquet")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        rows = 50
        multi = pd.DataFrame(
            {
                "nullable": pd.array([None if i % 3 == 0 else i for i in range(rows)], dtype="Int64"),
                "flag": pd.array([None if i % 4 == 0 else i % 2 == 0 for i in range(rows)], dtype="boolean"),
                "text": pd.Series([f"s{i}" for i in range(rows)], dtype="string"),
                "when": pd.date_range("2024-03-31", periods=rows, freq="h", tz="Europe/Paris"),
                "cat": pd.Categorical(["a", "b"] * (rows // 2), categories=["b", "a"], ordered=True),
            }
        )
        multi.index = pd.MultiIndex.from_arrays([np.arange(rows) % 5, np.arange(rows)], names=["g", None])
        return {
            "dtypes and MultiIndex": multi,
            "int column names": pd.DataFrame({0: [1, 2], 1: [3.5, None]}),
            "empty": pd.DataFrame({"a": pd.Series([], dtype="int64")}),
        }

    def assert_same(self, got: Any, expected: Any) -> None:
        frame_exact(got, expected)

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return lambda data: pq.read_table(pa.BufferReader(data)).to_pandas()


class TestCsvCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("csv")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        # What CSV keeps exactly: int64, float64 and str columns, and the index with its name.
        indexed = pd.DataFrame(
            {"pokemon": pd.array(["pikachu", "vulpix"], dtype="str"), "xp": [112, 60]},
            index=pd.Index([10, 20], name="id"),
        )
        return {"named index": indexed, "default index": pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]})}

    def assert_same(self, got: Any, expected: Any) -> None:
        frame_exact(got, expected)

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return lambda data: pd.read_csv(io.BytesIO(data))

    def assert_native(self, native: Any, expected: Any) -> None:
        assert len(native) == len(expected)
        assert set(expected.columns) <= set(native.columns)


class TestBytesCodec(CodecContract):
    @pytest.fixture
    def codec(self) -> Codec:
        return get_codec("bytes")

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        return {"all byte values": bytes(range(256)) * 3, "empty": b""}

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return bytes

    @pytest.mark.parametrize(
        "value",
        [
            bytearray(b"\x00mutable\xff"),
            memoryview(b"view of bytes"),
            memoryview(np.arange(6, dtype="<i2")[::2]),
        ],
        ids=["bytearray", "memoryview", "strided memoryview"],
    )
    def test_bytearray_and_memoryview_come_back_as_bytes(self, codec: Codec, value: Any) -> None:
        assert codec_for(value).name == "bytes"
        encoded = codec.encode(value)
        assert encoded.type == f"builtins.{type(value).__name__}"
        assert encoded.shape == (len(bytes(value)),)
        back = codec.decode(encoded.data)
        assert type(back) is bytes
        assert back == bytes(value)


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int


class TestSampleUserCodec(CodecContract):
    """A codec a user registers with two functions: it passes the same contract as the built-ins."""

    @pytest.fixture
    def codec(self) -> Iterator[Codec]:
        with registered_codec(
            name="point",
            types=(Point,),
            encode=lambda p: f"{p.x},{p.y}".encode(),
            decode=lambda data: Point(*map(int, bytes(data).decode().split(","))),
            extension="txt",
        ) as codec:
            yield codec

    @pytest.fixture
    def examples(self) -> dict[str, Any]:
        return {"origin": Point(0, 0), "negative": Point(-3, 7)}

    @pytest.fixture
    def read_native(self) -> Callable[[bytes], Any]:
        return lambda data: data.decode()

    def assert_native(self, native: Any, expected: Any) -> None:
        assert native == f"{expected.x},{expected.y}"
