"""One store contract, every store: the fixtures that open each store on a real (local) server.

As fsspec's abstract tests do, the suite in test_store_contract.py is written once and runs against
every entry of STORES. Adding a store means adding one `<name>_case` fixture below and its name to
STORES (and CLOUD_STORES when it has buckets and credentials).

The servers (session fixtures in tests/conftest.py) run on 127.0.0.1: SeaweedFS for S3,
gcp-storage-emulator for GCS, Azurite for Azure. Every test gets a fresh prefix, so tests never see
each other's objects.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from xcomkit.location import Location
from xcomkit.stores import open_store
from xcomkit.stores import s3 as s3_module

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from xcomkit.stores.base import Store
    from xcomkit.testing.servers import AzuriteEndpoint, GCSEndpoint, S3Endpoint

STORES = ["local", "s3", "gcs", "azure"]
CLOUD_STORES = ["s3", "gcs", "azure"]
# Azure's SDK chunks above these sizes; the defaults (64 MiB / 32 MiB) are lowered through the
# connection extra (WasbHook passes it to BlobServiceClient) so a 40 MiB value goes in blocks.
AZURE_CLIENT_TUNING = {"max_single_put_size": 8 * 1024 * 1024, "max_single_get_size": 8 * 1024 * 1024}


@dataclass
class StoreCase:
    """A store under a fresh prefix, plus what the contract needs to know about its backing service."""

    name: str
    store: Store
    prefix: str
    # Open the same kind of store on another bucket/container (for the missing-bucket contract).
    reopen: Callable[[str], Store]
    # Number of parts/blocks the service kept for a key, where the service can tell (None: it cannot).
    parts: Callable[[str], int] | None = None


@pytest.fixture(scope="session")
def s3_bucket(s3_server: S3Endpoint) -> str:
    name = f"contract-{uuid.uuid4().hex[:8]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.fixture(scope="session")
def gcs_bucket(gcs_server: GCSEndpoint) -> str:
    name = f"contract-{uuid.uuid4().hex[:8]}"
    gcs_server.client().create_bucket(name)
    return name


@pytest.fixture(scope="session")
def azure_container(azurite_server: AzuriteEndpoint) -> str:
    name = f"contract-{uuid.uuid4().hex[:8]}"
    azurite_server.client().create_container(name)
    return name


def _opener(scheme: str, conn_id: str, prefix: str) -> Callable[[str], Store]:
    return lambda bucket: open_store(Location.parse(f"{scheme}://{conn_id}@{bucket}/{prefix}"))


@pytest.fixture
def prefix() -> str:
    return f"xcom/{uuid.uuid4().hex[:10]}"


@pytest.fixture
def local_case(tmp_path: Path, prefix: str, xcomkit_env: pytest.MonkeyPatch) -> StoreCase:
    root = f"{str(tmp_path / 'store').strip('/')}/{prefix}"
    store = open_store(Location.parse(f"file:///{root}"))
    return StoreCase("local", store, root, lambda _bucket: store)


@pytest.fixture
def s3_case(s3_server: S3Endpoint, s3_bucket: str, prefix: str, xcomkit_env: pytest.MonkeyPatch) -> StoreCase:
    xcomkit_env.setenv("AIRFLOW_CONN_XCOM_S3", s3_server.connection_uri())
    # Multipart above 16 MiB in 8 MiB parts (S3's minimum is 5 MiB) instead of 256/64 MiB: the same
    # code path at a size the suite can afford.
    xcomkit_env.setattr(s3_module, "MULTIPART_THRESHOLD", 16 * 1024 * 1024)
    xcomkit_env.setattr(s3_module, "MULTIPART_CHUNK", 8 * 1024 * 1024)
    reopen = _opener("s3", "xcom_s3", prefix)

    def parts(key: str) -> int:
        etag = s3_server.client().head_object(Bucket=s3_bucket, Key=key)["ETag"].strip('"')
        return int(etag.partition("-")[2] or 1)  # a multipart upload's ETag ends in -<parts>

    return StoreCase("s3", reopen(s3_bucket), prefix, reopen, parts)


@pytest.fixture
def gcs_case(
    gcs_server: GCSEndpoint, gcs_bucket: str, prefix: str, xcomkit_env: pytest.MonkeyPatch
) -> StoreCase:
    for name, value in gcs_server.env().items():
        xcomkit_env.setenv(name, value)
    xcomkit_env.setenv("AIRFLOW_CONN_XCOM_GCS", gcs_server.connection_uri())
    # Resumable uploads above 8 MiB, in 8 MiB pieces instead of 32 MiB.
    from xcomkit.stores import gcs as gcs_module

    xcomkit_env.setattr(gcs_module, "CHUNK_SIZE", 8 * 1024 * 1024)
    reopen = _opener("gs", "xcom_gcs", prefix)
    return StoreCase("gcs", reopen(gcs_bucket), prefix, reopen)


@pytest.fixture
def azure_case(
    azurite_server: AzuriteEndpoint, azure_container: str, prefix: str, xcomkit_env: pytest.MonkeyPatch
) -> StoreCase:
    extra = {"connection_string": azurite_server.connection_string(), **AZURE_CLIENT_TUNING}
    xcomkit_env.setenv("AIRFLOW_CONN_XCOM_AZURE", json.dumps({"conn_type": "wasb", "extra": extra}))
    reopen = _opener("wasb", "xcom_azure", prefix)

    def parts(key: str) -> int:
        blob = azurite_server.client().get_blob_client(azure_container, key)
        return len(blob.get_block_list("committed")[0]) or 1

    return StoreCase("azure", reopen(azure_container), prefix, reopen, parts)


@pytest.fixture(params=STORES)
def case(request: pytest.FixtureRequest) -> StoreCase:
    """Each store in turn."""
    return request.getfixturevalue(f"{request.param}_case")


@pytest.fixture(params=CLOUD_STORES)
def cloud_case(request: pytest.FixtureRequest) -> StoreCase:
    """Each store that has buckets and credentials."""
    return request.getfixturevalue(f"{request.param}_case")
