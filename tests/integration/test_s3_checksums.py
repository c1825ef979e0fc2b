"""S3 checksums on both servers: the service's SHA-256 where it serves one, the store's own otherwise.

SeaweedFS and moto both keep and serve the SHA-256 botocore sends with a PutObject; neither serves one
for an object written without it (as xcomkit 0.1 and plain clients wrote them: botocore's default
CRC32 only). Each path must hash the value once on read and still catch a replaced object.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit import checksums
from xcomkit.errors import IntegrityError
from xcomkit.location import Location
from xcomkit.stores import open_store
from xcomkit.stores import s3 as s3_module

if TYPE_CHECKING:
    from xcomkit.stores.base import Store
    from xcomkit_dev.s3_servers import S3Endpoint

pytestmark = pytest.mark.integration

DATA = b'{"rows": [1, 2, 3], "name": "payload"}' * 100
OTHER = DATA.replace(b"payload", b"tampers")  # same length: only the checksum can tell


@pytest.fixture(params=["s3_server", "moto_server"])
def server(request: pytest.FixtureRequest) -> S3Endpoint:
    return request.getfixturevalue(request.param)


@pytest.fixture
def store(server: S3Endpoint, xcomkit_env: pytest.MonkeyPatch) -> Store:
    bucket = f"sums-{uuid.uuid4().hex[:10]}"
    server.client().create_bucket(Bucket=bucket)
    xcomkit_env.setenv("AIRFLOW_CONN_XCOM_S3", server.connection_uri())
    return open_store(Location.parse(f"s3://xcom_s3@{bucket}/xcom"))


@pytest.fixture
def own_hashing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every checksum the store computes itself on read."""
    calls: list[str] = []
    real = checksums.verify

    def spy(data: bytes, checksum: str, where: str) -> None:
        calls.append(checksum)
        real(data, checksum, where)

    monkeypatch.setattr(s3_module.checksums, "verify", spy)
    return calls


def test_the_reference_carries_the_sha256_the_service_keeps(store: Store, server: S3Endpoint) -> None:
    checksum = store.put("xcom/k.json", DATA)
    assert checksum == f"sha256:{hashlib.sha256(DATA).hexdigest()}"
    head = server.client().head_object(Bucket=store.bucket, Key="xcom/k.json", ChecksumMode="ENABLED")
    assert checksums.sha256_from_base64(head["ChecksumSHA256"]) == checksum


def test_a_served_sha256_is_not_hashed_again(store: Store, own_hashing: list[str]) -> None:
    checksum = store.put("xcom/k.json", DATA)
    assert store.get("xcom/k.json", checksum) == DATA
    assert own_hashing == [], "the store hashed a value whose SHA-256 botocore had checked"


def test_an_object_replaced_with_its_own_sha256_fails(
    store: Store, server: S3Endpoint, own_hashing: list[str]
) -> None:
    checksum = store.put("xcom/k.json", DATA)
    server.client().put_object(Bucket=store.bucket, Key="xcom/k.json", Body=OTHER, ChecksumAlgorithm="SHA256")
    with pytest.raises(IntegrityError, match="fails its checksum"):
        store.get("xcom/k.json", checksum)
    assert own_hashing == []


@pytest.mark.parametrize("body", [DATA, OTHER])
def test_without_a_served_sha256_the_store_hashes_itself(
    store: Store, server: S3Endpoint, own_hashing: list[str], body: bytes
) -> None:
    # Written as xcomkit 0.1 did (no SHA-256 sent): the service serves botocore's CRC32 only.
    server.client().put_object(Bucket=store.bucket, Key="xcom/old.json", Body=body)
    checksum = checksums.own(DATA)
    if body == DATA:
        assert store.get("xcom/old.json", checksum) == DATA
    else:
        with pytest.raises(IntegrityError, match="fails its checksum"):
            store.get("xcom/old.json", checksum)
    assert own_hashing == [checksum]


def test_a_multipart_upload_records_the_stores_own_sha256(
    store: Store, own_hashing: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(s3_module, "MULTIPART_THRESHOLD", 6 * 1024 * 1024)
    monkeypatch.setattr(s3_module, "MULTIPART_CHUNK", 5 * 1024 * 1024)
    data: Any = bytes(range(256)) * (7 * 4096)  # 7 MiB: two parts
    checksum = store.put("xcom/big.bin", data)
    assert checksum == checksums.own(data)
    assert store.get("xcom/big.bin", checksum) == data
    assert own_hashing == [checksum], "a multipart object's per-part checksum cannot vouch for it whole"


def test_every_serde_type_round_trips_through_the_backend(server: S3Endpoint, s3_worker: Any) -> None:
    from xcomkit_dev.serde_values import difference, values

    bucket = f"serde-{uuid.uuid4().hex[:10]}"
    server.client().create_bucket(Bucket=bucket)
    kit = s3_worker(server=server, bucket=bucket)
    for name, value in values().items():
        stored = kit.push(value, key=name)
        assert stored["checksum"].startswith("sha256:"), stored
        assert difference(value, kit.pull(stored)) is None, name
