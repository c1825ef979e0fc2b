"""Objects tampered with in a real bucket (SeaweedFS), and the server's own refusals.

A tampered, truncated, replaced or deleted object must fail its checks with the reference's origin
and the fix; a purge of an edited reference must leave the real object it names alone.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.backend import ObjectStorageXComBackend
from xcomkit.errors import AccessDeniedError, IntegrityError, ObjectMissingError

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.worker import Worker

pytestmark = pytest.mark.integration


@pytest.fixture
def kit(s3_worker: Callable[..., Worker]) -> Worker:
    return s3_worker()


@pytest.fixture
def pushed(kit: Worker) -> dict[str, Any]:
    return kit.push({"rows": list(range(100)), "name": "payload"})


def test_purge_of_an_edited_reference_deletes_nothing(
    kit: Worker, pushed: dict, caplog: pytest.LogCaptureFixture
) -> None:
    kit.admin.put_object(Bucket=kit.bucket, Key="other/keep.json", Body=b"{}")
    with caplog.at_level(logging.WARNING, logger="xcomkit.backend"):
        ObjectStorageXComBackend.purge(SimpleNamespace(value={**pushed, "key": "other/keep.json"}))
    assert "other/keep.json" in set(kit.keys()), "purge followed an edited reference out of the prefix"
    assert "not purging XCom object" in caplog.text


# --- objects tampered with in the bucket ----------------------------------------------------------


def test_truncated_object_fails_the_size_check(kit: Worker, pushed: dict) -> None:
    body = kit.admin.get_object(Bucket=kit.bucket, Key=pushed["key"])["Body"].read()
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=body[: len(body) // 2])
    with pytest.raises(IntegrityError, match=r"fails its checksum|bytes but .* recorded") as info:
        kit.pull(pushed)
    assert info.value.fix == "clear task 't' to push it again"


def test_bit_flipped_object_fails_the_checksum(kit: Worker, pushed: dict) -> None:
    body = bytearray(kit.admin.get_object(Bucket=kit.bucket, Key=pushed["key"])["Body"].read())
    body[len(body) // 2] ^= 0x01
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=bytes(body))
    with pytest.raises(IntegrityError, match=r"fails its checksum .*pushed by dag 'hostile'") as info:
        kit.pull(pushed)
    assert info.value.fix == "clear task 't' to push it again"


def test_object_replaced_by_a_bigger_one_fails_the_size_check(kit: Worker, pushed: dict) -> None:
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=b'{"evil": "' + b"x" * 5000 + b'"}')
    with pytest.raises(IntegrityError, match=r"fails its checksum|bytes but .* recorded"):
        kit.pull(pushed)


def test_deleted_object_names_its_origin(kit: Worker, pushed: dict) -> None:
    kit.admin.delete_object(Bucket=kit.bucket, Key=pushed["key"])
    with pytest.raises(ObjectMissingError, match=r"pushed by dag 'hostile', .* is gone from s3://"):
        kit.pull(pushed)


# --- the store's own answers --------------------------------------------------------------------------


def test_access_denied_names_the_permission_and_arn(s3_worker: Callable[..., Worker]) -> None:
    # SeaweedFS answers AccessDenied for a write into a bucket that does not exist.
    kit = s3_worker(bucket="no-such-bucket-here")
    with pytest.raises(
        AccessDeniedError, match=r"may not s3:PutObject on s3://no-such-bucket-here/xcom/"
    ) as info:
        kit.push({"a": 1})
    assert (info.value.action, info.value.resource) == (
        "s3:PutObject",
        "arn:aws:s3:::no-such-bucket-here/xcom/*",
    )
    assert "grant s3:PutObject on arn:aws:s3:::no-such-bucket-here/xcom/*" in info.value.fix


def test_object_replaced_with_a_checksum_of_its_own_fails(kit: Worker, pushed: dict) -> None:
    # The service keeps the new object's SHA-256 and serves it: it is not the one the reference holds.
    body = kit.admin.get_object(Bucket=kit.bucket, Key=pushed["key"])["Body"].read()
    forged = body.replace(b"payload", b"tampers")
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=forged, ChecksumAlgorithm="SHA256")
    with pytest.raises(IntegrityError, match=r"fails its checksum .*pushed by dag 'hostile'"):
        kit.pull(pushed)
