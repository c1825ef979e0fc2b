"""The store contract: what the backend relies on, checked on every store (see conftest.STORES)."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from xcomkit.errors import ObjectMissingError, StoreAccessError
from xcomkit.keys import object_key
from xcomkit.stores.base import Store

if TYPE_CHECKING:
    from tests.contract.conftest import StoreCase

pytestmark = pytest.mark.integration

LARGE = 40 * 1024 * 1024  # above every store's chunking threshold as the fixtures configure it
WRITERS = 16


def _listed(case: StoreCase, prefix: str | None = None) -> dict[str, int]:
    return {o.key: o.size for o in case.store.list(prefix or case.prefix)}


def test_is_a_store(case: StoreCase) -> None:
    assert isinstance(case.store, Store)
    assert case.store.location.prefix == case.prefix


def test_put_get_delete(case: StoreCase) -> None:
    key = f"{case.prefix}/dag/run/task/-1/return_value.json"
    case.store.put(key, b'{"a": 1}')
    assert case.store.get(key) == b'{"a": 1}'
    case.store.delete(key)
    with pytest.raises(ObjectMissingError):
        case.store.get(key)
    case.store.delete(key)  # deleting a missing object is not an error (purge may run twice)
    assert _listed(case) == {}


def test_empty_value(case: StoreCase) -> None:
    key = f"{case.prefix}/empty.bin"
    case.store.put(key, b"")
    assert case.store.get(key) == b""
    assert _listed(case) == {key: 0}


def test_missing_object_names_the_key(case: StoreCase) -> None:
    key = f"{case.prefix}/dag/run/task/-1/never-written.json"
    with pytest.raises(ObjectMissingError, match="never-written") as info:
        case.store.get(key)
    assert isinstance(info.value, FileNotFoundError)


def test_large_value_goes_in_chunks(case: StoreCase) -> None:
    key = f"{case.prefix}/dag/run/task/-1/large.bin"
    data = os.urandom(LARGE)
    case.store.put(key, data)
    got = case.store.get(key)
    assert len(got) == LARGE
    assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()
    assert _listed(case) == {key: LARGE}
    if case.parts is not None:
        assert case.parts(key) >= 5, "the SDK's chunked upload path was not taken"


def test_overwrite_replaces_whole_object(case: StoreCase) -> None:
    key = f"{case.prefix}/dag/run/task/-1/retry.json"
    case.store.put(key, b"first try, a longer value than the second")
    case.store.put(key, b"second")
    assert case.store.get(key) == b"second"
    assert _listed(case) == {key: 6}


def test_list_by_prefix(case: StoreCase) -> None:
    keys = {
        f"{case.prefix}/dag_a/run1/t/-1/return_value.json": b"1",
        f"{case.prefix}/dag_a/run2/t/0/return_value.json": b"22",
        f"{case.prefix}/dag_ab/run1/t/-1/return_value.json": b"333",
        f"{case.prefix}/dag_b/run1/t/-1/return_value.json": b"4444",
    }
    for key, data in keys.items():
        case.store.put(key, data)
    assert _listed(case) == {k: len(v) for k, v in keys.items()}
    # Segment prefix (trailing slash) versus plain string prefix, as S3/GCS/Azure list them.
    assert set(_listed(case, f"{case.prefix}/dag_a/")) == set(list(keys)[:2])
    assert set(_listed(case, f"{case.prefix}/dag_a")) == set(list(keys)[:3])
    assert _listed(case, f"{case.prefix}/dag_c/") == {}
    modified = [o.modified for o in case.store.list(case.prefix)]
    assert all(isinstance(m, datetime) and m.tzinfo is not None for m in modified)


def test_special_characters_in_keys(case: StoreCase) -> None:
    encoded = object_key(
        case.prefix,
        dag_id="daß dag",
        run_id="manual__2026-01-01T00:00:00+00:00",
        task_id="group.tâche-ü",
        map_index=3,
        key="a/b c?#%&=..",
        suffix=".json",
    )
    raw = [
        f"{case.prefix}/raw ü space/日本語 #?&=+.json",  # what a user-built key may hold unencoded
        f"{case.prefix}/100%25 done/emoji 🚀/'quote\".bin",
    ]
    for i, key in enumerate([encoded, *raw]):
        case.store.put(key, f"value {i}".encode())
    for i, key in enumerate([encoded, *raw]):
        assert case.store.get(key) == f"value {i}".encode()
    assert set(_listed(case)) == {encoded, *raw}, "keys must list back exactly as written"
    case.store.delete(raw[0])
    assert set(_listed(case)) == {encoded, raw[1]}


def test_concurrent_writers(case: StoreCase) -> None:
    values = {
        f"{case.prefix}/dag/run/mapped/{i}/return_value.json": os.urandom(64 * 1024 + i) for i in range(64)
    }
    shared = f"{case.prefix}/dag/run/shared/-1/return_value.json"
    contenders = [bytes([i]) * (256 * 1024) for i in range(WRITERS)]

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(lambda kv: case.store.put(*kv), values.items()))
        list(pool.map(lambda data: case.store.put(shared, data), contenders))
        got = dict(zip(values, pool.map(case.store.get, values), strict=True))

    assert got == values
    final = case.store.get(shared)
    assert final in contenders, "concurrent overwrites left a torn or mixed object"
    assert len(_listed(case)) == len(values) + 1


def test_delete_many(case: StoreCase) -> None:
    keys = [f"{case.prefix}/dag/run/t/{i}/return_value.json" for i in range(300)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda k: case.store.put(k, b"x"), keys))
    keep = f"{case.prefix}/other/keep.json"
    case.store.put(keep, b"kept")
    missing = f"{case.prefix}/dag/run/t/never/return_value.json"
    assert case.store.delete_many([*keys, missing]) == len(keys) + 1
    assert _listed(case) == {keep: 4}
    assert case.store.delete_many([]) == 0
    assert case.store.delete_many(iter([keep])) == 1
    assert _listed(case) == {}


def test_missing_bucket_names_the_bucket(cloud_case: StoreCase) -> None:
    store = cloud_case.reopen("no-such-bucket-xk")
    key = f"{cloud_case.prefix}/dag/run/t/-1/return_value.json"
    # Real S3 says NoSuchBucket ("does not exist"); SeaweedFS says AccessDenied: both must name it.
    with pytest.raises(StoreAccessError, match="no-such-bucket-xk"):
        store.put(key, b"x")
    with pytest.raises((StoreAccessError, ObjectMissingError), match="no-such-bucket-xk"):
        store.get(key)
