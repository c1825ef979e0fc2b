"""Worker-level concurrency against SeaweedFS: 200 threads pushing and pulling at once through one store.

This is real concurrency on the shared per-process client (the Airflow-level test runs 200 mapped
task instances through the LocalExecutor as well). Same-key writers race only if two attempts of one
task instance run at once; then the loser's reference is refused by the checksum, never read wrong.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from xcomkit.errors import IntegrityError

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.worker import Worker

pytestmark = pytest.mark.integration

WIDTH = 200


def _payload(i: int) -> bytes:
    return hashlib.sha256(str(i).encode()).digest() * 640  # 20 KB, unique per index


def test_200_concurrent_pushes_and_pulls(s3_worker: Callable[..., Worker]) -> None:
    kit = s3_worker(config_kwargs={"max_pool_connections": 50})
    with ThreadPoolExecutor(WIDTH) as pool:
        refs = list(pool.map(lambda i: kit.push(_payload(i), task_id="wide", map_index=i), range(WIDTH)))
        values = list(pool.map(kit.pull, refs))
    assert len({r["key"] for r in refs}) == WIDTH, "two map indexes wrote the same key"
    assert set(kit.keys()) == {r["key"] for r in refs}, "objects lost or extra"
    bad = [i for i, value in enumerate(values) if value != _payload(i)]
    assert bad == []


def test_racing_writers_of_one_key_never_read_wrong(s3_worker: Callable[..., Worker]) -> None:
    kit = s3_worker()
    with ThreadPoolExecutor(8) as pool:
        refs = list(pool.map(lambda n: kit.push(b"attempt %d " % n * 1000, task_id="same"), range(8)))
    assert len({r["key"] for r in refs}) == 1
    body = kit.admin.get_object(Bucket=kit.bucket, Key=refs[0]["key"])["Body"].read()
    winners = [n for n in range(8) if body == b"attempt %d " % n * 1000]
    assert len(winners) == 1, "the object is not exactly one attempt's whole value"
    for n, ref in enumerate(refs):
        if n in winners:
            assert kit.pull(ref) == body
        else:
            with pytest.raises(IntegrityError, match=r"fails its checksum"):
                kit.pull(ref)
