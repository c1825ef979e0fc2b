"""Push + pull through xcomkit against raw boto3 + the library's own writer/reader, on SeaweedFS.

The issue-13 targets: a 1M-row polars frame, a 100 MiB float64 ndarray and a 1M-row Arrow table,
each within 1.2× of `boto3.put_object` + `get_object` around the same writer and reader the codec
uses (polars Parquet, `np.save`/`np.load`, the Arrow IPC stream writer). Both sides talk to the same
SeaweedFS process on 127.0.0.1 and run alternately, so load on the machine hits them alike; the
table gives the median of N runs, wall and CPU (this process's, i.e. without the server's).

    python -m xcomkit_bench.data_types [--runs 7] [--only polars,numpy,arrow]   (`make bench` runs it)
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import os
import statistics
import tempfile
import time
import uuid
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
import pyarrow as pa

from xcomkit_dev.s3_servers import seaweedfs

if TYPE_CHECKING:
    from collections.abc import Callable

ROWS = 1_000_000
TARGET = 1.2


def polars_frame() -> Any:
    """The 1M-row, 10-column frame: ints, floats, strings, an Enum, tz-aware datetimes, durations, nulls."""
    rng = np.random.default_rng(4)
    start = dt.datetime(2024, 1, 1)
    return pl.DataFrame(
        {
            "id": np.arange(ROWS, dtype="int64"),
            "value": rng.standard_normal(ROWS),
            "name": [f"name-{i % 5000}" for i in range(ROWS)],
            "ts": pl.datetime_range(
                start, start + dt.timedelta(seconds=ROWS - 1), "1s", time_zone="Europe/Paris", eager=True
            ),
            "colour": pl.Series(rng.choice(["red", "green", "blue", "amber"], ROWS)).cast(
                pl.Enum(["red", "green", "blue", "amber"])
            ),
            "count": pl.Series(rng.integers(0, 1000, ROWS)).set(pl.Series(rng.random(ROWS) < 0.1), None),
            "flag": rng.random(ROWS) > 0.5,
            "ratio": rng.random(ROWS),
            "elapsed": pl.Series(rng.integers(0, 86_400_000_000, ROWS)).cast(pl.Duration("us")),
            "small": rng.integers(0, 100, ROWS).astype("int8"),
        }
    )


def ndarray() -> Any:
    """100 MiB of float64."""
    return np.random.default_rng(5).random(100 * 1024 * 1024 // 8)


def arrow_table() -> Any:
    """The polars frame's data as an Arrow table."""
    return pa.Table.from_pandas(polars_frame().to_pandas(), preserve_index=False)


def polars_raw() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    """Polars' own Parquet writer and reader (what the codec calls, without xcomkit)."""

    def write(df: Any) -> bytes:
        buffer = io.BytesIO()
        df.write_parquet(buffer, compression="zstd")
        return buffer.getvalue()

    return write, lambda data: pl.read_parquet(io.BytesIO(data))


def numpy_raw() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    """`np.save` / `np.load` on a buffer."""

    def write(array: Any) -> bytes:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return buffer.getvalue()

    return write, lambda data: np.load(io.BytesIO(data), allow_pickle=False)


def arrow_raw() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    """The Arrow IPC stream writer and reader the codec uses."""

    def write(table: Any) -> bytes:
        sink = pa.BufferOutputStream()
        options = pa.ipc.IpcWriteOptions(compression="zstd")
        with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
            writer.write_table(table)
        return sink.getvalue().to_pybytes()

    return write, lambda data: pa.ipc.open_stream(pa.py_buffer(data)).read_all()


CASES = {
    "polars": ("1M-row × 10-col polars frame", polars_frame, polars_raw),
    "numpy": ("100 MiB float64 ndarray", ndarray, numpy_raw),
    "arrow": ("1M-row × 10-col Arrow table", arrow_table, arrow_raw),
}


def timed(run: Callable[[], Any]) -> tuple[float, float]:
    """Run once; return wall and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(name: str, value: Any, client: Any, bucket: str, runs: int) -> dict[str, Any]:
    """Median wall/CPU of raw and xcomkit push + pull, alternating so load hits both alike."""
    # Imported once the environment names AIRFLOW_HOME and the store: importing it imports Airflow.
    from xcomkit.backend import ObjectStorageXComBackend as Worker

    logging.getLogger("xcomkit").setLevel(logging.WARNING)  # one "stored XCom" line per push otherwise

    write, read = CASES[name][2]()
    key = f"raw/{name}"

    def raw() -> None:
        client.put_object(Bucket=bucket, Key=key, Body=write(value))
        read(client.get_object(Bucket=bucket, Key=key)["Body"].read())

    def xcomkit() -> None:
        ref = Worker.serialize_value(
            value, key=name, dag_id="bench", run_id="manual", task_id="push", map_index=-1
        )
        Worker.deserialize_value(SimpleNamespace(value=ref))

    raw(), xcomkit()  # warm: imports, connections, the codec's first allocation
    samples: dict[str, list[tuple[float, float]]] = {"raw": [], "xcomkit": []}
    for _ in range(runs):
        samples["raw"].append(timed(raw))
        samples["xcomkit"].append(timed(xcomkit))
    size = len(write(value))
    return {
        side: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
        for side, s in samples.items()
    } | {"size": size}


def main(argv: list[str] | None = None) -> int:
    """Start SeaweedFS, measure each case, print the markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default=",".join(CASES))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="xcomkit-bench-codecs-") as home, seaweedfs() as s3:
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        client = s3.client()
        client.create_bucket(Bucket=bucket)
        os.environ.update(
            {
                "AIRFLOW_HOME": home,
                "AIRFLOW_CONN_XCOM_BENCH": s3.connection_uri(),
                "AIRFLOW__XCOMKIT__PATH": f"s3://xcom_bench@{bucket}/xcom",
            }
        )
        print(
            "| value | object | raw boto3 + writer (wall / CPU) | xcomkit (wall / CPU) "
            f"| ratio wall | ratio CPU | ≤ {TARGET}× |"
        )
        print("|---|---:|---:|---:|---:|---:|:-:|")
        for name in args.only.split(","):
            label, build, _ = CASES[name]
            row = measure(name, build(), client, bucket, args.runs)
            (rw, rc), (xw, xc) = row["raw"], row["xcomkit"]
            print(
                f"| {label} | {row['size'] / 2**20:.1f} MiB | {rw * 1000:.0f} / {rc * 1000:.0f} ms "
                f"| {xw * 1000:.0f} / {xc * 1000:.0f} ms | {xw / rw:.2f}× | {xc / rc:.2f}× "
                f"| {'yes' if xw / rw <= TARGET else 'no'} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
