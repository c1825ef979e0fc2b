"""The public store contract (xcomkit.testing.StoreContract), run against every built-in store.

Each class opens its store on a fresh prefix of a real server on 127.0.0.1: SeaweedFS for S3,
gcp-storage-emulator for GCS, Azurite for Azure. Adding a store is one subclass here.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

import pytest

from xcomkit.location import Location
from xcomkit.stores import gcs as gcs_module
from xcomkit.stores import open_store
from xcomkit.stores import s3 as s3_module
from xcomkit.testing import StoreContract

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from xcomkit.stores.base import Store
    from xcomkit_dev.azurite import AzuriteEndpoint
    from xcomkit_dev.gcs_server import GCSEndpoint
    from xcomkit_dev.s3_servers import S3Endpoint

pytestmark = pytest.mark.integration

# Azure's SDK chunks above these sizes; the defaults (64 MiB / 32 MiB) are lowered through the
# connection extra (WasbHook passes it to BlobServiceClient) so a 40 MiB value goes in blocks.
AZURE_CLIENT_TUNING = {"max_single_put_size": 8 * 1024 * 1024, "max_single_get_size": 8 * 1024 * 1024}


def _prefix() -> str:
    return f"xcom/{uuid.uuid4().hex[:10]}"


def _opener(scheme: str, conn_id: str) -> Callable[[str], Store]:
    prefix = _prefix()
    return lambda bucket: open_store(Location.parse(f"{scheme}://{conn_id}@{bucket}/{prefix}"))


class TestLocalStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path, xcomkit_env: pytest.MonkeyPatch) -> Store:
        return open_store(Location.parse(f"file://{tmp_path}/store/{_prefix()}"))


class TestS3Store(StoreContract):
    @pytest.fixture(scope="class")
    def bucket(self, s3_server: S3Endpoint) -> str:
        name = f"contract-{uuid.uuid4().hex[:8]}"
        s3_server.client().create_bucket(Bucket=name)
        return name

    @pytest.fixture
    def reopen(self, s3_server: S3Endpoint, xcomkit_env: pytest.MonkeyPatch) -> Callable[[str], Store]:
        xcomkit_env.setenv("AIRFLOW_CONN_XCOM_S3", s3_server.connection_uri())
        # Multipart above 16 MiB in 8 MiB parts (S3's minimum is 5 MiB) instead of 256/32 MiB: the same
        # code path at a size the suite can afford.
        xcomkit_env.setattr(s3_module, "MULTIPART_THRESHOLD", 16 * 1024 * 1024)
        xcomkit_env.setattr(s3_module, "MULTIPART_CHUNK", 8 * 1024 * 1024)
        return _opener("s3", "xcom_s3")

    @pytest.fixture
    def store(self, reopen: Callable[[str], Store], bucket: str) -> Store:
        return reopen(bucket)

    @pytest.fixture
    def part_count(self, s3_server: S3Endpoint, bucket: str) -> Callable[[str], int]:
        def parts(key: str) -> int:
            etag = s3_server.client().head_object(Bucket=bucket, Key=key)["ETag"].strip('"')
            return int(etag.partition("-")[2] or 1)  # a multipart upload's ETag ends in -<parts>

        return parts


class TestGCSStore(StoreContract):
    @pytest.fixture(scope="class")
    def bucket(self, gcs_server: GCSEndpoint) -> str:
        name = f"contract-{uuid.uuid4().hex[:8]}"
        gcs_server.client().create_bucket(name)
        return name

    @pytest.fixture
    def reopen(self, gcs_server: GCSEndpoint, xcomkit_env: pytest.MonkeyPatch) -> Callable[[str], Store]:
        for name, value in gcs_server.env().items():
            xcomkit_env.setenv(name, value)
        xcomkit_env.setenv("AIRFLOW_CONN_XCOM_GCS", gcs_server.connection_uri())
        xcomkit_env.setattr(gcs_module, "CHUNK_SIZE", 8 * 1024 * 1024)  # resumable in 8 MiB pieces
        return _opener("gs", "xcom_gcs")

    @pytest.fixture
    def store(self, reopen: Callable[[str], Store], bucket: str) -> Store:
        return reopen(bucket)


class TestAzureBlobStore(StoreContract):
    @pytest.fixture(scope="class")
    def bucket(self, azurite_server: AzuriteEndpoint) -> str:
        name = f"contract-{uuid.uuid4().hex[:8]}"
        azurite_server.client().create_container(name)
        return name

    @pytest.fixture
    def reopen(
        self, azurite_server: AzuriteEndpoint, xcomkit_env: pytest.MonkeyPatch
    ) -> Callable[[str], Store]:
        extra = {"connection_string": azurite_server.connection_string(), **AZURE_CLIENT_TUNING}
        xcomkit_env.setenv("AIRFLOW_CONN_XCOM_AZURE", json.dumps({"conn_type": "wasb", "extra": extra}))
        return _opener("wasb", "xcom_azure")

    @pytest.fixture
    def store(self, reopen: Callable[[str], Store], bucket: str) -> Store:
        return reopen(bucket)

    @pytest.fixture
    def part_count(self, azurite_server: AzuriteEndpoint, bucket: str) -> Callable[[str], int]:
        def parts(key: str) -> int:
            blob = azurite_server.client().get_blob_client(bucket, key)
            return len(blob.get_block_list("committed")[0]) or 1

        return parts
