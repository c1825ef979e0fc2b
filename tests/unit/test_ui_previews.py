"""The UI preview on the local store: each kind's rendering, its bounds, and the backend's errors."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from xcomkit.errors import XComKitError
from xcomkit.reference import Reference
from xcomkit.ui.previews import preview
from xcomkit.ui.previews.base import TEXT_LIMIT
from xcomkit.ui.source import WHOLE_LIMIT, ObjectSource
from xcomkit.ui.xcoms import preview_store, view

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.ui.previews.base import Preview
    from xcomkit_dev.worker import Worker


class CountingStore:
    """The real store, counting every byte and request a preview makes through it."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.bytes = 0
        self.requests = 0

    def get(self, key: str, checksum: str | None = None) -> bytes:
        data = self.store.get(key, checksum)
        self.bytes += len(data)
        self.requests += 1
        return data

    def get_range(self, key: str, start: int, length: int) -> bytes:
        data = self.store.get_range(key, start, length)
        self.bytes += len(data)
        self.requests += 1
        return data


def ref_of(stored: dict) -> Reference:
    return Reference.from_json(stored)


def show(worker: Worker, value: Any) -> tuple[Preview, CountingStore]:
    ref = ref_of(worker.push(value))
    store = CountingStore(preview_store(ref))
    return preview(ObjectSource(ref, store)), store


def failure(worker: Worker, stored: dict) -> tuple[str, str]:
    """The preview's error text and the text a pull in a task raises, for the same reference."""
    shown = view("return_value", json.dumps(stored))
    with pytest.raises(XComKitError) as pulled:
        worker.pull(stored)
    assert shown.preview is None
    assert shown.error is not None
    return shown.error["text"], str(pulled.value)


def put_raw(worker: Worker, data: bytes, codec: str, **fields: Any) -> dict:
    """Store bytes as a codec the kit may not have yet (ndarray), with a reference like the backend's."""
    key = f"{worker.store.location.prefix}/d/r/t/-1/return_value.bin"
    checksum = worker.store.put(key, data)
    ref = Reference(
        scheme="file", bucket="", key=key, codec=codec, compression="none", size=len(data),
        checksum=checksum, dag_id="d", run_id="r", task_id="t", map_index=-1, xcom_key="return_value",
        **fields,
    )
    return ref.to_json()


def test_json_is_pretty_printed(local_worker: Worker) -> None:
    shown, _ = show(local_worker, {"region": "eu-west-1", "tags": ["a", "b"]})
    assert shown.kind == "json"
    assert shown.text == json.dumps({"region": "eu-west-1", "tags": ["a", "b"]}, indent=2)
    assert shown.note is None


def test_json_is_cut_at_64_kib_with_its_full_size(local_worker: Worker) -> None:
    value = [f"item {i:06d}" for i in range(20_000)]
    shown, _ = show(local_worker, value)
    full = json.dumps(value, indent=2).encode()
    assert len(shown.text.encode()) == TEXT_LIMIT
    assert full.startswith(shown.text.encode())
    assert shown.note == f"cut at 64.0 KiB: the pretty-printed JSON is {len(full) / 1024:.1f} KiB"


def test_frame_shows_counts_schema_and_the_first_20_rows(local_worker: Worker) -> None:
    frame = pd.DataFrame({"city": [f"c{i}" for i in range(100)], "temp": np.arange(100) / 4})
    shown, _ = show(local_worker, frame)
    assert shown.kind == "table"
    assert shown.facts["rows"] == "100"
    assert shown.facts["columns"] == "2"
    assert shown.schema == [("city", "large_string"), ("temp", "double")]
    assert shown.rows == [[f"c{i}", str(i / 4)] for i in range(20)]
    assert shown.note == "the first 20 rows"


def test_a_million_row_frame_is_previewed_from_at_most_2_mib(local_worker: Worker) -> None:
    rows = 1_000_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "id": np.arange(rows),
            "price": np.round(rng.random(rows) * 100, 2),
            # distinct floats and strings: each fills a dictionary page before plain encoding
            **{f"x{n}": rng.random(rows) for n in range(3)},
            "user": [f"user-{n}" for n in rng.integers(0, 10**9, rows)],
            "category": pd.Series(rng.integers(0, 40, rows)).map(lambda n: f"category-{n}"),
            "at": pd.date_range("2024-01-01", periods=rows, freq="s"),
            "ok": rng.random(rows) > 0.5,
        }
    )
    shown, store = show(local_worker, frame)
    size = ref_of(local_worker.push(frame)).size
    assert shown.rows[0][0] == "0"
    assert shown.rows[19][0] == "19"
    assert shown.facts["rows"] == "1,000,000"
    assert store.bytes <= 2 * 1024 * 1024 < size
    print(f"1M-row frame: {store.bytes:,} of {size:,} bytes in {store.requests} requests")


def test_bytes_show_size_and_the_first_256_bytes_as_hex(local_worker: Worker) -> None:
    shown, _ = show(local_worker, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    lines = shown.text.splitlines()
    assert shown.facts["size"] == "1.0 KiB"
    assert len(lines) == 16
    assert lines[0] == "00000000  89 50 4e 47 0d 0a 1a 0a 00 01 02 03 04 05 06 07  .PNG............"
    assert shown.note == "the first 256 of 1,032 bytes"


def test_large_bytes_are_read_by_range(local_worker: Worker) -> None:
    shown, store = show(local_worker, bytes(3 * WHOLE_LIMIT))
    assert shown.facts["size"] == "3.0 MiB"
    assert store.bytes < 64 * 1024


def test_ndarray_shows_dtype_shape_and_first_elements_from_its_header(local_worker: Worker) -> None:
    shown, store = show(local_worker, np.arange(600_000, dtype="int32").reshape(3000, 200))
    assert shown.facts["dtype"] == "int32"
    assert shown.facts["shape"] == "3000 × 200"
    assert shown.text == np.array2string(np.arange(100, dtype="int32"), threshold=101)
    assert shown.note == "the first 100 of 600,000 elements, in row-major order"
    assert store.bytes < 64 * 1024


@pytest.mark.parametrize(
    "make",
    [
        lambda: pd.Series(np.arange(50) / 2, name="half"),
        lambda: pa.table({"half": np.arange(50) / 2}),
        lambda: pl.DataFrame({"half": np.arange(50) / 2}),
    ],
    ids=["series", "arrow", "polars"],
)
def test_series_arrow_and_polars_show_as_tables(local_worker: Worker, make: Callable[[], Any]) -> None:
    shown, _ = show(local_worker, make())
    assert shown.kind == "table"
    # As stored: the series codec keeps its values in one column of its own name, the name in metadata.
    column = next(i for i, (_, type_) in enumerate(shown.schema) if type_ == "double")
    assert [row[column] for row in shown.rows] == [str(i / 2) for i in range(20)]
    assert shown.facts["rows"] == "50"


def test_unknown_codec_is_shown_as_bytes(local_worker: Worker) -> None:
    stored = put_raw(local_worker, b"custom", "mycodec")
    shown = view("return_value", json.dumps(stored))
    assert shown.preview.kind == "bytes"
    assert shown.preview.note.startswith("no preview for codec 'mycodec': its first bytes")


def test_inline_value_is_shown_as_the_database_holds_it() -> None:
    shown = view("skipmixin_key", json.dumps({"followed": ["b"]}))
    assert shown.reference is None
    assert shown.preview.text == json.dumps({"followed": ["b"]}, indent=2)


def test_missing_object_shows_the_pull_error(local_worker: Worker) -> None:
    stored = local_worker.push({"a": 1})
    local_worker.store.delete(stored["key"])
    shown, pulled = failure(local_worker, stored)
    assert shown == pulled
    assert "is gone from" in shown


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:-10], lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:]],
    ids=["truncated", "tampered"],
)
def test_damaged_object_shows_the_pull_error(local_worker: Worker, damage: Callable[[bytes], bytes]) -> None:
    stored = local_worker.push(pd.DataFrame({"n": range(50)}))
    local_worker.store.put(stored["key"], damage(local_worker.store.get(stored["key"])))
    shown, pulled = failure(local_worker, stored)
    assert shown == pulled


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:-10], lambda data: data[:-12] + bytes(8) + data[-4:]],
    ids=["truncated", "footer-overwritten"],
)
def test_damaged_large_frame_read_by_ranges_shows_the_pull_error(
    local_worker: Worker, damage: Callable[[bytes], bytes]
) -> None:
    stored = local_worker.push(pd.DataFrame({"n": np.random.default_rng(1).random(300_000)}))
    assert stored["size"] > WHOLE_LIMIT
    local_worker.store.put(stored["key"], damage(local_worker.store.get(stored["key"])))
    shown, pulled = failure(local_worker, stored)
    assert shown == pulled


def test_reference_outside_the_store_shows_the_pull_error(local_worker: Worker) -> None:
    stored = {**local_worker.push({"a": 1}), "key": "etc/passwd"}
    shown, pulled = failure(local_worker, stored)
    assert shown == pulled
    assert "is not a plain key under any configured location" in shown


def test_preview_reads_with_the_preview_connection(reconfigure: Callable[..., None]) -> None:
    reconfigure(
        AIRFLOW__XCOMKIT__PATH="s3://xcom_rw@bucket/xcom", AIRFLOW__XCOMKIT__PREVIEW_CONN_ID="xcom_ro"
    )
    ref = Reference(
        scheme="s3", bucket="bucket", key="xcom/d/r/t/-1/k.json", codec="json", compression="none",
        size=2, checksum="sha256:00", dag_id="d", run_id="r", task_id="t", map_index=-1, xcom_key="k",
    )
    assert preview_store(ref).location.conn_id == "xcom_ro"
    reconfigure(AIRFLOW__XCOMKIT__PREVIEW_CONN_ID="")
    assert preview_store(replace(ref)).location.conn_id == "xcom_rw"
