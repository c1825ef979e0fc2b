"""Series, numpy, Arrow, polars, bytearray and memoryview values passed task to task in real Airflow.

Runs on PostgreSQL with SeaweedFS (S3) and SQLite with the local store (each `dags test` of these 8
tasks costs ~45 s on 2 cores); every store is covered for the same types by
tests/contract/test_types_every_store.py. The objects are opened with each format's own reader,
straight from the store.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from xcomkit.codecs.series import VALUES
from xcomkit.reference import is_reference

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from xcomkit_dev.airflow_env import AirflowEnv

pytestmark = pytest.mark.integration

TYPES = {
    "series": ("pandas.Series", [3], "pyarrow"),
    "ndarray": ("numpy.ndarray", [300, 200], "numpy"),
    "table": ("pyarrow.Table", [3, 2], "pyarrow"),
    "batch": ("pyarrow.RecordBatch", [3, 2], "pyarrow"),
    "polars": ("polars.DataFrame", [3, 4], "polars"),
    "bytearray": ("builtins.bytearray", [4096], None),
    "memoryview": ("builtins.memoryview", [4096], None),
}


@pytest.fixture(scope="module")
def payloads() -> Iterator[ModuleType]:
    """The DAG's own payload module (the DAG folder is not a package)."""
    sys.path.insert(0, str(Path(__file__).parent / "dags"))
    try:
        import xk_data_payloads

        yield xk_data_payloads
    finally:
        sys.path.pop(0)


def native(name: str, body: bytes) -> object:
    """Open an object with its format's own reader, as a person would."""
    readers = {
        "series": lambda: pq.read_table(pa.BufferReader(body)).to_pandas()[VALUES],
        "ndarray": lambda: np.load(io.BytesIO(body), allow_pickle=False),
        "table": lambda: pa.ipc.open_stream(body).read_all(),
        "batch": lambda: pa.ipc.open_stream(body).read_next_batch(),
        "polars": lambda: pl.read_parquet(io.BytesIO(body)),
        "bytearray": lambda: body,
        "memoryview": lambda: body,
    }
    return readers[name]()


def test_each_type_passes_task_to_task(airflow_env: AirflowEnv, payloads: ModuleType) -> None:
    env = airflow_env
    proc = env.dags_test("xk_data_types", "xk_data_types.py")
    assert "DATA TYPES OK" in proc.stdout + proc.stderr
    assert set(env.ti_states("xk_data_types").values()) == {"success"}

    refs = {r["task_id"]: r["value"] for r in env.xcom_rows("xk_data_types") if r["key"] == "return_value"}
    assert set(refs) == {f"push_{name}" for name in payloads.PAYLOADS}
    keys = env.object_keys()
    for name, (_, check, codec) in payloads.PAYLOADS.items():
        ref = refs[f"push_{name}"]
        assert is_reference(ref), f"{name} stayed inline: {ref!r}"
        kind, shape, library = TYPES[name]
        assert (ref["codec"], ref["type"], ref["shape"]) == (codec, kind, shape), name
        assert (ref.get("writer") or "").startswith(library or ""), ref.get("writer")
        assert ref["key"] in keys
        body = env.read_object(ref["key"])
        opened = native(name, body)
        if name == "series":
            opened.name = payloads.series().name  # the name lives in xcomkit's metadata, not the column
        check(opened)
