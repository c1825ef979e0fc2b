"""Bad input for the backend, on the local store: edited references, odd keys and ids, failing codecs.

A reference in the metadata database is input like any other: an edited row must be refused before
anything is read or deleted, and odd keys and ids must round-trip without colliding or escaping the
prefix. None of this depends on the store, so it runs on the local one; what a real server adds
(tampered objects, its own refusals) is in tests/reliability/test_tampering.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.codecs.registry import registered_codec
from xcomkit.errors import InvalidReferenceError, UnsupportedTypeError
from xcomkit.keys import MAX_KEY_BYTES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit_dev.worker import Worker


@pytest.fixture
def kit(local_worker: Worker) -> Worker:
    return local_worker


@pytest.fixture
def pushed(kit: Worker) -> dict[str, Any]:
    return kit.push({"rows": list(range(100)), "name": "payload"})


def _edited(ref: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**ref, **changes}


# --- references edited in the database -----------------------------------------------------------


def test_reference_to_another_bucket_is_refused(kit: Worker, pushed: dict) -> None:
    with pytest.raises(InvalidReferenceError, match=r"is not a plain key under any configured location"):
        kit.pull(_edited(pushed, bucket="someone-else"))


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("other/hostile/run/t/-1/return_value.json", "another prefix"),
        ("{prefix}2/hostile/run/t/-1/return_value.json", "a sibling prefix that starts with the same text"),
        ("{prefix}/../other/secret.json", "../ traversal"),
        ("{prefix}/hostile/../../etc/passwd", "../ deeper traversal"),
        ("/etc/passwd", "an absolute path"),
        ("{prefix}/hostile\\..\\..\\x.json", "backslashes"),
        ("{prefix}//hostile/x.json", "an empty segment"),
    ],
)
def test_reference_key_outside_the_prefix_is_refused(kit: Worker, pushed: dict, key: str, why: str) -> None:
    # Refused before any read: the error is not ObjectMissingError even where no such object exists.
    prefix = kit.store.location.prefix
    with pytest.raises(InvalidReferenceError, match=r"is not a plain key under any configured location"):
        kit.pull(_edited(pushed, key=key.format(prefix=prefix)))


def test_s3_url_when_the_store_is_local_is_refused(kit: Worker, pushed: dict) -> None:
    forged = _edited(pushed, scheme="s3", bucket="bucket", url="s3://bucket/" + pushed["key"])
    with pytest.raises(
        InvalidReferenceError, match=r"to s3://bucket/.* is not a plain key under any configured"
    ):
        kit.pull(forged)


def test_newer_reference_format_is_refused(kit: Worker, pushed: dict) -> None:
    with pytest.raises(
        InvalidReferenceError, match=r"format 3 is newer than this xcomkit understands"
    ) as info:
        kit.pull(_edited(pushed, __xcomkit__=3))
    assert info.value.fix.startswith("upgrade xcomkit on this worker")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": "100"}, r"size must be an integer"),
        ({"size": -1}, r"size must be an integer"),
        ({"checksum": None}, r"checksum must be a string"),
        ({"checksum": "nocolon"}, r"malformed checksum 'nocolon'"),
        ({"unexpected": 1}, r"malformed XCom reference .*unexpected"),
    ],
)
def test_malformed_reference_is_refused(kit: Worker, pushed: dict, change: dict, message: str) -> None:
    with pytest.raises(InvalidReferenceError, match=message):
        kit.pull(_edited(pushed, **change))


def test_reference_missing_a_field_is_refused(kit: Worker, pushed: dict) -> None:
    forged = {k: v for k, v in pushed.items() if k != "key"}
    with pytest.raises(InvalidReferenceError, match=r"malformed XCom reference .*'key'"):
        kit.pull(forged)


def test_unknown_codec_name_is_named(kit: Worker, pushed: dict) -> None:
    with pytest.raises(UnsupportedTypeError, match=r"no codec named 'msgpack-v9' on this worker \(known: "):
        kit.pull(_edited(pushed, codec="msgpack-v9"))


# --- values and codecs ------------------------------------------------------------------------------


@pytest.fixture
def exploding_codec() -> Iterator[type]:
    class Exploding:
        pass

    def encode(value: Exploding) -> bytes:
        chunks = [b"first half"]
        raise RuntimeError(f"codec gave up after {len(chunks)} chunk(s)")

    with registered_codec(name="exploding", types=(Exploding,), encode=encode, decode=bytes):
        yield Exploding


def test_codec_raising_midway_stores_nothing(kit: Worker, exploding_codec: type) -> None:
    with pytest.raises(RuntimeError, match=r"codec gave up after 1 chunk\(s\)"):
        kit.push(exploding_codec())
    assert kit.keys() == {}, "a failed encode left an object behind"


def test_json_value_unserialisable_midway_stores_nothing(kit: Worker) -> None:
    class Opaque:
        pass

    pattern = r"(?i)type builtins.dict in XCom: .*cannot serialize object of type .*Opaque"
    with pytest.raises(UnsupportedTypeError, match=pattern):
        kit.push({"fine": list(range(10)), "then": Opaque()})
    assert kit.keys() == {}


@pytest.mark.parametrize("value", [b"", "", [], {}], ids=["bytes", "str", "list", "dict"])
def test_empty_values_round_trip(kit: Worker, value: Any) -> None:
    ref = kit.push(value)
    assert kit.keys()[ref["key"]] == ref["size"]
    got = kit.pull(ref)
    assert got == value
    assert type(got) is type(value)


def test_value_that_looks_like_a_reference_is_data(kit: Worker) -> None:
    lookalike = {"__xcomkit__": 1, "bucket": "elsewhere", "key": "../../etc/passwd"}
    ref = kit.push(lookalike)
    assert ref["key"] != lookalike["key"]
    assert kit.pull(ref) == lookalike


@pytest.mark.parametrize(
    "xcom_key",
    ["a/b/../c", "naïve ключ 🔑", "with spaces and\ttabs", "..", ".", "%2F", "trailing/"],
)
def test_odd_xcom_keys_round_trip_inside_the_prefix(kit: Worker, xcom_key: str) -> None:
    ref = kit.push({"k": xcom_key}, key=xcom_key)
    prefix = kit.store.location.prefix
    parts = ref["key"].removeprefix(prefix + "/").split("/")
    assert parts[0] == "hostile"
    assert len(parts) == 5, f"{xcom_key!r} added path segments: {ref['key']}"
    assert ".." not in parts
    assert "." not in parts
    assert kit.pull(ref) == {"k": xcom_key}


def test_odd_keys_do_not_collide(kit: Worker) -> None:
    keys = ["a/b", "a%2Fb", "a b", "a+b", "a_b", ".", "%2E", ".."]
    refs = [kit.push(k, key=k) for k in keys]
    assert len({r["key"] for r in refs}) == len(keys)
    assert [kit.pull(r) for r in refs] == keys


def test_longest_ids_are_shortened_uniquely_and_round_trip(kit: Worker) -> None:
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
