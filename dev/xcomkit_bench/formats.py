"""The formats' own libraries, for the limit rows: what a format costs with nothing of xcomkit around it.

A limit row is "raw <store SDK> + <format> in loop": the value encoded by the format's library, put,
got and decoded, all timed. Adding one (a codec's polars, ndarray or Arrow IPC row) is one `Format`
here with the payload kinds it takes (`payloads.Payload.kind`), and one entry in FORMATS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def _json_dumps(value: Any) -> bytes:
    import json

    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _json_loads(data: bytes) -> Any:
    import json

    return json.loads(data)


def _msgspec_dumps(value: Any) -> bytes:
    import msgspec

    return msgspec.json.encode(value)


def _msgspec_loads(data: bytes) -> Any:
    import msgspec

    return msgspec.json.decode(data)


def _parquet_dumps(frame: Any) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(frame), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def _parquet_loads(data: bytes) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data)).to_pandas()


@dataclass(frozen=True)
class Format:
    """A format's library: its name in the tables, the payload kinds it takes, its two functions."""

    key: str
    label: str
    kinds: frozenset[str]
    encode: Callable[[Any], bytes]
    decode: Callable[[bytes], Any]


JSON_KINDS = frozenset({"dict", "json"})
FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("json", "stdlib json", JSON_KINDS, _json_dumps, _json_loads),
        Format("msgspec", "msgspec", JSON_KINDS, _msgspec_dumps, _msgspec_loads),
        Format("parquet", "pyarrow Parquet", frozenset({"dataframe"}), _parquet_dumps, _parquet_loads),
    )
}
