"""The store contract: what the backend relies on from a store, as tests a subclass inherits.

Provide, as fixtures of the subclass:

- `store`: a `Store` on a fresh prefix (the test may write anything under `store.location.prefix`);
- `reopen` (optional): a function bucket name → the same kind of store on that bucket, for the
  missing-bucket test; return None from the fixture for a store without buckets;
- `part_count` (optional): a function key → parts/blocks the service kept, or None if it cannot tell.

Set `LARGE` to a size above the store's chunking threshold as the fixture configures it.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit import checksums
from xcomkit.errors import IntegrityError, ObjectMissingError, StoreAccessError, XComKitError
from xcomkit.keys import object_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.stores.base import Store


class StoreContract:
    """Every store passes these; subclass it as `TestMyStore(StoreContract)` with the fixtures above."""

    LARGE = 40 * 1024 * 1024
    WRITERS = 16

    @pytest.fixture
    def reopen(self) -> Callable[[str], Store] | None:
        """No other buckets unless the subclass says how to open one."""
        return None

    @pytest.fixture
    def part_count(self) -> Callable[[str], int] | None:
        """Leave the part count unknown unless the subclass says how to read it."""
        return None

    @staticmethod
    def listed(store: Store, prefix: str | None = None) -> dict[str, int]:
        """Key → size of every object under `prefix` (default: the store's)."""
        return {o.key: o.size for o in store.list(prefix or store.location.prefix)}

    def key(self, store: Store, leaf: str = "return_value.json") -> str:
        """Return a key as the backend builds them, under the store's prefix."""
        return f"{store.location.prefix}/dag/run/task/-1/{leaf}"

    def test_bucket_and_prefix_are_the_locations(self, store: Store) -> None:
        assert isinstance(store.bucket, str)
        assert store.bucket == store.location.bucket
        assert self.listed(store) == {}

    def test_put_get_delete(self, store: Store) -> None:
        key = self.key(store)
        store.put(key, b'{"a": 1}')
        assert store.get(key) == b'{"a": 1}'
        store.delete(key)
        with pytest.raises(ObjectMissingError):
            store.get(key)
        store.delete(key)  # deleting a missing object is not an error (purge may run twice)
        assert self.listed(store) == {}

    def test_checksum_vouches_for_the_bytes_written(self, store: Store) -> None:
        key = self.key(store)
        data = os.urandom(4096)
        checksum = store.put(key, data)
        algorithm, _ = checksums.split(checksum)
        assert algorithm in checksums.ALGORITHMS, f"{algorithm} is not one a reader can check"
        assert checksums.compute(algorithm, data) == checksum, "the checksum is not the bytes' own"
        assert store.get(key, checksum) == data
        assert store.put(key, data) == checksum, "the same bytes must give the same checksum"

    def test_a_sha256_reference_of_an_older_release_still_checks(self, store: Store) -> None:
        key = self.key(store)
        data = os.urandom(2048)
        store.put(key, data)
        older = checksums.own(data)  # what xcomkit 0.1 recorded, whichever checksum the store now keeps
        assert store.get(key, older) == data
        store.put(key, os.urandom(2048))
        with pytest.raises(IntegrityError):
            store.get(key, older)

    def test_replaced_object_fails_its_checksum(self, store: Store) -> None:
        key = self.key(store)
        checksum = store.put(key, b"what the task pushed")
        store.put(key, b"what somebody wrote over it")
        with pytest.raises(IntegrityError):
            store.get(key, checksum)

    def test_truncated_object_fails_its_checksum(self, store: Store) -> None:
        key = self.key(store)
        data = os.urandom(10_000)
        checksum = store.put(key, data)
        store.put(key, data[:-1])
        with pytest.raises(IntegrityError):
            store.get(key, checksum)

    def test_empty_value(self, store: Store) -> None:
        key = self.key(store, "empty.bin")
        checksum = store.put(key, b"")
        assert store.get(key, checksum) == b""
        assert self.listed(store) == {key: 0}

    def test_missing_object_names_the_key(self, store: Store) -> None:
        key = self.key(store, "never-written.json")
        with pytest.raises(ObjectMissingError, match="never-written") as info:
            store.get(key)
        assert isinstance(info.value, FileNotFoundError)
        assert info.value.resource and "never-written" in info.value.resource

    def test_get_range(self, store: Store) -> None:
        key = self.key(store, "ranged.bin")
        data = bytes(range(256)) * 40
        store.put(key, data)
        assert store.get_range(key, 0, 8) == data[:8]
        assert store.get_range(key, 1000, 300) == data[1000:1300]
        assert store.get_range(key, len(data) - 10, 100) == data[-10:]
        assert store.get_range(key, len(data), 10) == b""
        assert store.get_range(key, 5, 0) == b""

    def test_large_value_goes_in_chunks(self, store: Store, part_count: Callable[[str], int] | None) -> None:
        key = self.key(store, "large.bin")
        data = os.urandom(self.LARGE)
        checksum = store.put(key, data)
        got = store.get(key, checksum)
        assert len(got) == self.LARGE
        assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()
        assert self.listed(store) == {key: self.LARGE}
        if part_count is not None:
            assert part_count(key) >= 5, "the SDK's chunked upload path was not taken"

    def test_overwrite_replaces_whole_object(self, store: Store) -> None:
        key = self.key(store, "retry.json")
        store.put(key, b"first try, a longer value than the second")
        store.put(key, b"second")
        assert store.get(key) == b"second"
        assert self.listed(store) == {key: 6}

    def test_list_by_prefix(self, store: Store) -> None:
        prefix = store.location.prefix
        keys = {
            f"{prefix}/dag_a/run1/t/-1/return_value.json": b"1",
            f"{prefix}/dag_a/run2/t/0/return_value.json": b"22",
            f"{prefix}/dag_ab/run1/t/-1/return_value.json": b"333",
            f"{prefix}/dag_b/run1/t/-1/return_value.json": b"4444",
        }
        for key, data in keys.items():
            store.put(key, data)
        assert self.listed(store) == {k: len(v) for k, v in keys.items()}
        # Segment prefix (trailing slash) versus plain string prefix, as S3/GCS/Azure list them.
        assert set(self.listed(store, f"{prefix}/dag_a/")) == set(list(keys)[:2])
        assert set(self.listed(store, f"{prefix}/dag_a")) == set(list(keys)[:3])
        assert self.listed(store, f"{prefix}/dag_c/") == {}
        modified = [o.modified for o in store.list(prefix)]
        assert all(isinstance(m, datetime) and m.tzinfo is not None for m in modified)

    def test_special_characters_in_keys(self, store: Store) -> None:
        prefix = store.location.prefix
        encoded = object_key(
            prefix,
            dag_id="daß dag",
            run_id="manual__2026-01-01T00:00:00+00:00",
            task_id="group.tâche-ü",
            map_index=3,
            key="a/b c?#%&=..",
            suffix=".json",
        )
        raw = [
            f"{prefix}/raw ü space/日本語 #?&=+.json",  # what a user-built key may hold unencoded
            f"{prefix}/100%25 done/emoji 🚀/'quote\".bin",
        ]
        for i, key in enumerate([encoded, *raw]):
            store.put(key, f"value {i}".encode())
        for i, key in enumerate([encoded, *raw]):
            assert store.get(key) == f"value {i}".encode()
        assert set(self.listed(store)) == {encoded, *raw}, "keys must list back exactly as written"
        store.delete(raw[0])
        assert set(self.listed(store)) == {encoded, raw[1]}

    def test_concurrent_writers(self, store: Store) -> None:
        prefix = store.location.prefix
        values = {
            f"{prefix}/dag/run/mapped/{i}/return_value.json": os.urandom(64 * 1024 + i) for i in range(64)
        }
        shared = f"{prefix}/dag/run/shared/-1/return_value.json"
        contenders = [bytes([i]) * (256 * 1024) for i in range(self.WRITERS)]
        with ThreadPoolExecutor(max_workers=self.WRITERS) as pool:
            list(pool.map(lambda kv: store.put(*kv), values.items()))
            list(pool.map(lambda data: store.put(shared, data), contenders))
            got = dict(zip(values, pool.map(store.get, values), strict=True))
        assert got == values
        assert store.get(shared) in contenders, "concurrent overwrites left a torn or mixed object"
        assert len(self.listed(store)) == len(values) + 1

    def test_delete_many_removes_exactly_those_keys(self, store: Store) -> None:
        prefix = store.location.prefix
        keys = [f"{prefix}/dag/run/t/{i}/return_value.json" for i in range(300)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda k: store.put(k, b"x"), keys))
        keep = f"{prefix}/other/keep.json"
        store.put(keep, b"kept")
        missing = f"{prefix}/dag/run/t/never/return_value.json"
        store.delete_many([*keys, missing])  # a missing key among them is not an error
        assert self.listed(store) == {keep: 4}
        store.delete_many([])
        assert self.listed(store) == {keep: 4}
        store.delete_many(iter([keep]))
        assert self.listed(store) == {}

    def test_missing_bucket_names_the_bucket(
        self, store: Store, reopen: Callable[[str], Store] | None
    ) -> None:
        if reopen is None:
            pytest.skip("this store has no buckets")
        other = reopen("no-such-bucket-xk")
        key = self.key(store)
        # Real S3 says NoSuchBucket ("does not exist"); SeaweedFS says AccessDenied: both must name it.
        with pytest.raises(StoreAccessError, match="no-such-bucket-xk"):
            other.put(key, b"x")
        with pytest.raises((StoreAccessError, ObjectMissingError), match="no-such-bucket-xk"):
            other.get(key)

    def test_errors_are_the_kits_with_a_fix(
        self, store: Store, reopen: Callable[[str], Store] | None
    ) -> None:
        if reopen is None:
            pytest.skip("this store has no buckets")
        with pytest.raises(XComKitError) as info:
            reopen("no-such-bucket-xk").put(self.key(store), b"x")
        err: Any = info.value
        assert err.detail and err.fix, f"{type(err).__name__} carries no fix: {err!r}"
