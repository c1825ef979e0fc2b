from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xcomkit.codecs import codec_for, get_codec, register_codec
from xcomkit.codecs.registry import known_codecs, registered_codec, unregister_codec
from xcomkit.errors import ConfigError, UnsupportedTypeError


def mixed_frame(rows: int = 1000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "int": np.arange(rows),
            "float": rng.random(rows),
            "str": [f"s{i}" for i in range(rows)],
            "when": pd.date_range("2024-03-31", periods=rows, freq="min", tz="Europe/Paris"),
            "cat": pd.Categorical(rng.choice(["a", "b"], rows), categories=["b", "a"], ordered=True),
            "nullable": pd.array([None if i % 3 == 0 else i for i in range(rows)], dtype="Int64"),
        }
    )
    df.index = pd.MultiIndex.from_arrays([np.arange(rows) % 4, np.arange(rows)], names=["g", None])
    return df


def roundtrip(name: str, value: object) -> object:
    codec = get_codec(name)
    return codec.decode(codec.encode(value).data)


@dataclasses.dataclass
class Point:
    x: int
    y: int


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2, {"b": None}]},
        [1, "two", 3.5, True, None],
        "text with ü and 🚀",
        0,
        None,
        (1, (2, 3)),
        {1, 2, 3},
        dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC),
        dt.date(2024, 5, 1),
        {
            "nested": {
                "when": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                "delta": dt.timedelta(seconds=5),
            }
        },
    ],
)
def test_json_keeps_every_serde_type(value: object) -> None:
    out = roundtrip("json", value)
    assert out == value
    assert type(out) is type(value)


def test_parquet_is_exact_and_a_real_file() -> None:
    df = mixed_frame()
    encoded = get_codec("parquet").encode(df)
    assert encoded.data[:4] == b"PAR1"
    assert (encoded.rows, encoded.columns) == (1000, 6)
    out = get_codec("parquet").decode(encoded.data)
    pd.testing.assert_frame_equal(out, df, check_exact=True)
    assert out.index.names == df.index.names


def test_parquet_keeps_non_string_column_names_and_range_index() -> None:
    df = pd.DataFrame({0: [1, 2], 1: ["a", "b"]})
    pd.testing.assert_frame_equal(roundtrip("parquet", df), df)


def test_csv_keeps_the_index_unlike_the_seed() -> None:
    df = pd.DataFrame(
        {"pokemon": ["pikachu", "vulpix"], "xp": [112, 60]}, index=pd.Index([10, 20], name="id")
    )
    out = roundtrip("csv", df)
    assert "Unnamed: 0" not in out.columns
    assert list(out.index) == [10, 20]
    assert out.index.name == "id"
    plain = pd.DataFrame({"a": [1, 2]})
    pd.testing.assert_frame_equal(roundtrip("csv", plain), plain)


def test_bytes_pass_through() -> None:
    data = bytes(range(256))
    assert get_codec("bytes").encode(data).data is data
    assert roundtrip("bytes", data) == data


def test_selection_by_type() -> None:
    assert codec_for(b"x", "parquet").name == "bytes"
    assert codec_for(bytearray(b"x"), "parquet").name == "bytes"  # comes back as bytes, documented
    assert codec_for(mixed_frame(2), "parquet").name == "parquet"
    assert codec_for(mixed_frame(2), "csv").name == "csv"
    assert codec_for({"a": 1}, "parquet").name == "json"


def test_user_codec_without_subclassing() -> None:
    with registered_codec(
        name="point",
        types=(Point,),
        encode=lambda p: f"{p.x},{p.y}".encode(),
        decode=lambda b: Point(*map(int, bytes(b).decode().split(","))),
        extension="txt",
    ) as registered:
        codec = codec_for(Point(1, 2), "parquet")
        assert codec is registered
        assert codec.decode(codec.encode(Point(1, 2)).data) == Point(1, 2)
        assert get_codec("point") is codec
    # Gone after the block: the value goes back to JSON (which refuses it), the name is unknown.
    assert codec_for(Point(1, 2), "parquet").name == "json"
    with pytest.raises(UnsupportedTypeError, match="no codec named 'point'"):
        get_codec("point")


def test_unregister_codec() -> None:
    register_codec(name="temporary", types=(Point,), encode=bytes, decode=bytes)
    assert unregister_codec("temporary").name == "temporary"
    assert "temporary" not in known_codecs()
    with pytest.raises(ConfigError, match="no user codec named 'temporary'"):
        unregister_codec("temporary")
    with pytest.raises(ConfigError, match="built-in codecs cannot be removed"):
        unregister_codec("json")


def test_register_rejects_builtin_names_and_incomplete_calls() -> None:
    with pytest.raises(ConfigError, match="built in"):
        register_codec(name="json", types=(int,), encode=str, decode=int)
    with pytest.raises(ConfigError, match="neither a codec nor all of"):
        register_codec(name="x")


def test_unknown_codec_name_lists_the_known_ones() -> None:
    with pytest.raises(UnsupportedTypeError, match=r"no codec named 'nope' on this worker \(known: .*json"):
        get_codec("nope")


def test_picking_a_codec_imports_no_data_library() -> None:
    """Every Airflow process imports the backend: `accepts` looks at sys.modules, never imports."""
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from xcomkit.codecs import codec_for\n"
        "names = [codec_for(v).name for v in ({'a': 1}, b'x', bytearray(b'x'), memoryview(b'x'), 'text')]\n"
        "assert names == ['json', 'bytes', 'bytes', 'bytes', 'json'], names\n"
        "print(sorted(m for m in ('numpy', 'pandas', 'polars', 'pyarrow') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_data_types_pick_their_codec() -> None:
    import polars as pl
    import pyarrow as pa

    table = pa.table({"a": [1]})
    picks = {
        "series": pd.Series([1]),
        "numpy": np.arange(3),
        "arrow": table,
        "polars": pl.DataFrame({"a": [1]}),
        "parquet": pd.DataFrame({"a": [1]}),
    }
    assert {name: codec_for(v, "parquet").name for name, v in picks.items()} == {n: n for n in picks}
    assert codec_for(table.to_batches()[0]).name == "arrow"
    assert codec_for(pl.LazyFrame({"a": [1]})).name == "polars"  # so that it can say `.collect()`
