"""Hostile and bad input against the backend on a real S3 server (SeaweedFS): each case, its exact error.

A reference in the metadata database is input like any other: an edited row must be refused before
anything is read or deleted, a tampered object must fail its checks, and odd keys and ids must
round-trip without colliding or escaping the prefix.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.backend import ObjectStorageXComBackend
from xcomkit.codecs import registry
from xcomkit.codecs.registry import register_codec
from xcomkit.errors import (
    IntegrityError,
    InvalidReferenceError,
    ObjectMissingError,
    StoreAccessError,
    UnsupportedTypeError,
)
from xcomkit.keys import MAX_KEY_BYTES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from tests.reliability.conftest import Backend

pytestmark = pytest.mark.integration


@pytest.fixture
def kit(backend_on: Callable[..., Backend]) -> Backend:
    return backend_on()


@pytest.fixture
def pushed(kit: Backend) -> dict[str, Any]:
    return kit.push({"rows": list(range(100)), "name": "payload"})


def _edited(ref: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**ref, **changes}


# --- references edited in the database -----------------------------------------------------------


def test_reference_to_another_bucket_is_refused(kit: Backend, pushed: dict) -> None:
    with pytest.raises(
        InvalidReferenceError, match=r"is in bucket 'someone-else', not the configured bucket"
    ):
        kit.pull(_edited(pushed, bucket="someone-else"))


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("other/hostile/run/t/-1/return_value.json", "another prefix"),
        ("xcom2/hostile/run/t/-1/return_value.json", "a sibling prefix that starts with the same text"),
        ("xcom/../other/secret.json", "../ traversal"),
        ("xcom/hostile/../../etc/passwd", "../ deeper traversal"),
        ("/etc/passwd", "an absolute path"),
        ("xcom/hostile\\..\\..\\x.json", "backslashes"),
        ("xcom//hostile/x.json", "an empty segment"),
    ],
)
def test_reference_key_outside_the_prefix_is_refused(kit: Backend, pushed: dict, key: str, why: str) -> None:
    # Refused before any read: the error is not ObjectMissingError even where no such object exists.
    with pytest.raises(
        InvalidReferenceError, match=r"is not a plain key under the configured prefix 'xcom'/"
    ):
        kit.pull(_edited(pushed, key=key))


def test_file_url_when_the_store_is_s3_is_refused(kit: Backend, pushed: dict) -> None:
    forged = _edited(pushed, scheme="file", bucket="", key="etc/passwd", url="file:///etc/passwd")
    with pytest.raises(
        InvalidReferenceError, match=r"is for a 'file' store but \[xcomkit\] path is a 's3' store"
    ):
        kit.pull(forged)


def test_purge_of_an_edited_reference_deletes_nothing(
    kit: Backend, pushed: dict, caplog: pytest.LogCaptureFixture
) -> None:
    kit.admin.put_object(Bucket=kit.bucket, Key="other/keep.json", Body=b"{}")
    with caplog.at_level(logging.WARNING, logger="xcomkit.backend"):
        ObjectStorageXComBackend.purge(_Row(_edited(pushed, key="other/keep.json")))
    assert "other/keep.json" in set(kit.keys()), "purge followed an edited reference out of the prefix"
    assert "not purging XCom object" in caplog.text


def test_newer_reference_format_is_refused(kit: Backend, pushed: dict) -> None:
    with pytest.raises(InvalidReferenceError, match=r"format 2 is newer than this xcomkit understands"):
        kit.pull(_edited(pushed, __xcomkit__=2))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": "100"}, r"size must be an integer >= 0"),
        ({"size": -1}, r"size must be an integer >= 0"),
        ({"sha256": None}, r"sha256 must be a string"),
        ({"unexpected": 1}, r"malformed XCom reference .*unexpected"),
    ],
)
def test_malformed_reference_is_refused(kit: Backend, pushed: dict, change: dict, message: str) -> None:
    with pytest.raises(InvalidReferenceError, match=message):
        kit.pull(_edited(pushed, **change))


def test_reference_missing_a_field_is_refused(kit: Backend, pushed: dict) -> None:
    forged = {k: v for k, v in pushed.items() if k != "key"}
    with pytest.raises(InvalidReferenceError, match=r"malformed XCom reference .*'key'"):
        kit.pull(forged)


def test_unknown_codec_name_is_named(kit: Backend, pushed: dict) -> None:
    with pytest.raises(UnsupportedTypeError, match=r"no codec named 'msgpack-v9' on this worker \(known: "):
        kit.pull(_edited(pushed, codec="msgpack-v9"))


# --- objects tampered with in the bucket ----------------------------------------------------------


def test_truncated_object_fails_the_size_check(kit: Backend, pushed: dict) -> None:
    body = kit.admin.get_object(Bucket=kit.bucket, Key=pushed["key"])["Body"].read()
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=body[: len(body) // 2])
    with pytest.raises(IntegrityError, match=rf"is {len(body) // 2} bytes but .* recorded {len(body)}"):
        kit.pull(pushed)


def test_bit_flipped_object_fails_the_checksum(kit: Backend, pushed: dict) -> None:
    body = bytearray(kit.admin.get_object(Bucket=kit.bucket, Key=pushed["key"])["Body"].read())
    body[len(body) // 2] ^= 0x01
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=bytes(body))
    with pytest.raises(IntegrityError, match=r"fails its SHA-256 check .*clear task 't' to push it again"):
        kit.pull(pushed)


def test_object_replaced_by_a_bigger_one_fails_the_size_check(kit: Backend, pushed: dict) -> None:
    kit.admin.put_object(Bucket=kit.bucket, Key=pushed["key"], Body=b'{"evil": "' + b"x" * 5000 + b'"}')
    with pytest.raises(IntegrityError, match=rf"is 5012 bytes but .* recorded {pushed['size']}"):
        kit.pull(pushed)


def test_deleted_object_names_its_origin(kit: Backend, pushed: dict) -> None:
    kit.admin.delete_object(Bucket=kit.bucket, Key=pushed["key"])
    with pytest.raises(ObjectMissingError, match=r"pushed by dag 'hostile', .* is gone from s3://"):
        kit.pull(pushed)


# --- values and codecs ------------------------------------------------------------------------------


@pytest.fixture
def exploding_codec() -> Iterator[None]:
    class Exploding:
        pass

    def encode(value: Exploding) -> bytes:
        chunks = [b"first half"]
        raise RuntimeError(f"codec gave up after {len(chunks)} chunk(s)")

    register_codec(name="exploding", types=(Exploding,), encode=encode, decode=bytes)
    yield Exploding
    registry._user.pop("exploding", None)


def test_codec_raising_midway_stores_nothing(kit: Backend, exploding_codec: type) -> None:
    with pytest.raises(RuntimeError, match=r"codec gave up after 1 chunk\(s\)"):
        kit.push(exploding_codec())
    assert kit.keys() == {}, "a failed encode left an object behind"


def test_json_value_unserialisable_midway_stores_nothing(kit: Backend) -> None:
    class Opaque:
        pass

    with pytest.raises(
        UnsupportedTypeError, match=r"type builtins.dict in XCom: .*Cannot serialize object of type .*Opaque"
    ):
        kit.push({"fine": list(range(10)), "then": Opaque()})
    assert kit.keys() == {}


@pytest.mark.parametrize("value", [b"", "", [], {}], ids=["bytes", "str", "list", "dict"])
def test_empty_values_round_trip(kit: Backend, value: Any) -> None:
    ref = kit.push(value)
    assert kit.keys()[ref["key"]] == ref["size"]
    got = kit.pull(ref)
    assert got == value
    assert type(got) is type(value)


def test_value_that_looks_like_a_reference_is_data(kit: Backend) -> None:
    lookalike = {"__xcomkit__": 1, "bucket": "elsewhere", "key": "../../etc/passwd"}
    ref = kit.push(lookalike)
    assert ref["key"] != lookalike["key"]
    assert kit.pull(ref) == lookalike


@pytest.mark.parametrize(
    "xcom_key",
    ["a/b/../c", "naïve ключ 🔑", "with spaces and\ttabs", "..", ".", "%2F", "trailing/"],
)
def test_odd_xcom_keys_round_trip_inside_the_prefix(kit: Backend, xcom_key: str) -> None:
    ref = kit.push({"k": xcom_key}, key=xcom_key)
    parts = ref["key"].split("/")
    assert parts[:2] == ["xcom", "hostile"]
    assert len(parts) == 6, f"{xcom_key!r} added path segments: {ref['key']}"
    assert ".." not in parts
    assert "." not in parts
    assert kit.pull(ref) == {"k": xcom_key}


def test_odd_keys_do_not_collide(kit: Backend) -> None:
    keys = ["a/b", "a%2Fb", "a b", "a+b", "a_b", ".", "%2E", ".."]
    refs = [kit.push(k, key=k) for k in keys]
    assert len({r["key"] for r in refs}) == len(keys)
    assert [kit.pull(r) for r in refs] == keys


def test_longest_ids_are_shortened_uniquely_and_round_trip(kit: Backend) -> None:
    dag_id = "d" * 250  # Airflow's ID_LEN
    task_id = "t" * 250
    long_key = "k" * 500
    run_id = "scheduled__2024-01-01T00:00:00+00:00"
    refs = [
        kit.push(f"value {i}", key=long_key[:-1] + suffix, task_id=task_id, dag_id=dag_id, run_id=run_id)
        for i, suffix in enumerate(("a", "b", "é"))
    ]
    refs.append(kit.push("mapped", key=long_key, task_id=task_id, dag_id=dag_id, run_id=run_id, map_index=7))
    for ref in refs:
        assert len(ref["key"].encode()) <= MAX_KEY_BYTES
        assert "~" in ref["key"].rsplit("/", 1)[1], "a long key was not shortened with a digest"
    assert len({r["key"] for r in refs}) == len(refs), "two long ids sharing a head collided"
    assert set(kit.keys()) == {r["key"] for r in refs}
    assert [kit.pull(r) for r in refs] == ["value 0", "value 1", "value 2", "mapped"]


# --- the store's own answers --------------------------------------------------------------------------


def test_access_denied_names_the_permission_and_arn(backend_on: Callable[..., Backend]) -> None:
    # SeaweedFS answers AccessDenied for a write into a bucket that does not exist.
    kit = backend_on(bucket_name="no-such-bucket-here")
    with pytest.raises(StoreAccessError, match=r"may not s3:PutObject on s3://no-such-bucket-here/xcom/.*"
                       r"arn:aws:s3:::no-such-bucket-here/xcom/\*"):  # fmt: skip
        kit.push({"a": 1})


class _Row:
    """What Airflow hands `purge`: an object with the stored value."""

    def __init__(self, value: Any) -> None:
        self.value = value
