"""Every data type through every store: the backend pushes each codec's contract matrix and pulls it back.

The codec contract proves each value survives its codec; this proves it survives the whole path
(codec → compression → store → checksum → reference → decode) on the local store, SeaweedFS (S3),
the GCS emulator and Azurite, as the backend runs it inside a task. Real Airflow runs the same types
task to task in tests/integration/test_data_types.py.
"""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from tests.contract import test_columnar_codecs as columnar_codecs
from tests.contract import test_data_codecs as data_codecs
from xcomkit.backend import ObjectStorageXComBackend as Worker
from xcomkit.reference import is_reference

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration

RUN = "manual__2024-01-01T00:00:00+00:00"
CONTRACTS = {
    "series": data_codecs.TestSeriesCodec,
    "numpy": data_codecs.TestNdarrayCodec,
    "arrow": columnar_codecs.TestArrowCodec,
    "polars": columnar_codecs.TestPolarsCodec,
}


def _bucket_path(request: pytest.FixtureRequest, env: pytest.MonkeyPatch, scheme: str) -> str:
    """Start the scheme's server (once per session), make a bucket and point the backend at it."""
    name = f"types-{uuid.uuid4().hex[:8]}"
    if scheme == "s3":
        server = request.getfixturevalue("s3_server")
        server.client().create_bucket(Bucket=name)
        env.setenv("AIRFLOW_CONN_XCOM", server.connection_uri())
    elif scheme == "gs":
        server = request.getfixturevalue("gcs_server")
        server.client().create_bucket(name)
        for key, value in server.env().items():
            env.setenv(key, value)
        env.setenv("AIRFLOW_CONN_XCOM", server.connection_uri())
    else:
        server = request.getfixturevalue("azurite_server")
        server.client().create_container(name)
        extra = {"connection_string": server.connection_string()}
        env.setenv("AIRFLOW_CONN_XCOM", json.dumps({"conn_type": "wasb", "extra": extra}))
    return f"{scheme}://xcom@{name}/xcom"


@pytest.fixture(scope="module", params=["file", "s3", "gs", "wasb"])
def scheme(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_path(
    scheme: str, request: pytest.FixtureRequest, xcomkit_env: pytest.MonkeyPatch, tmp_path: Path
) -> str:
    path = f"file://{tmp_path}/objects" if scheme == "file" else _bucket_path(request, xcomkit_env, scheme)
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", path)
    return path


def roundtrip(value: Any, key: str) -> tuple[dict[str, Any], Any]:
    ref = Worker.serialize_value(value, key=key, dag_id="types", run_id=RUN, task_id="push", map_index=-1)
    assert is_reference(ref), f"{key} stayed inline"
    return ref, Worker.deserialize_value(SimpleNamespace(value=ref))


@pytest.mark.parametrize("codec", list(CONTRACTS))
def test_codec_matrix_round_trips_through_the_store(codec: str, store_path: str) -> None:
    contract = CONTRACTS[codec]()
    for index, (name, value) in enumerate(contract.matrix().items()):
        ref, back = roundtrip(value, f"{codec}_{index}")
        assert ref["codec"] == codec, name
        assert store_path.startswith(f"{ref['scheme']}://")
        try:
            contract.assert_same(back, value)
        except AssertionError as err:
            raise AssertionError(f"{codec} example {name!r} through {ref['scheme']}: {err}") from err


def test_bytearray_and_memoryview_come_back_as_bytes(store_path: str) -> None:
    raw = bytes(range(256)) * 64
    for key, value in {"bytearray": bytearray(raw), "memoryview": memoryview(raw)}.items():
        ref, back = roundtrip(value, key)
        assert (ref["codec"], ref["type"]) == ("bytes", f"builtins.{key}")
        assert type(back) is bytes
        assert back == raw
