"""Fault injection between the backend and SeaweedFS: drops, 503s and delays, with the SDK's own retries.

Whatever happens on the wire, a reference is only ever returned for an object that is complete in the
bucket, and a failed write raises (StoreUnavailableError) instead of returning a reference. An object a
failed write may leave behind is complete (S3 writes are all-or-nothing) and unreferenced: the sweep's
business, never a dangling reference. Each test prints its row of the fault matrix.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.backend import ObjectStorageXComBackend
from xcomkit.codecs.json import JsonCodec
from xcomkit.errors import StoreUnavailableError
from xcomkit.stores.s3 import DEFAULT_CONFIG
from xcomkit_dev.checksum import matches
from xcomkit_dev.faultproxy import Fault

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.faultproxy import FaultProxy
    from xcomkit_dev.worker import Worker

pytestmark = pytest.mark.integration

# A quick give-up for the "persistent fault" rows: the default (5 attempts, 60 s read timeout) is
# exercised by test_persistent_503_uses_the_default_retries.
QUICK = {"retries": {"mode": "standard", "total_max_attempts": 2}, "read_timeout": 1, "connect_timeout": 1}
VALUE = {"payload": "x" * 200_000, "n": list(range(1000))}
VALUE_KEY = "return_value"


def _key_of(xcom_key: str) -> str:
    """The object key the worker writes for the default task instance of `Worker.push`."""
    from xcomkit.keys import object_key
    from xcomkit_dev.worker import RUN_ID

    return object_key("xcom", dag_id="hostile", run_id=RUN_ID, task_id="t", map_index=-1, key=xcom_key,
                      suffix=".json")  # fmt: skip


def _intact(kit: Worker, ref: dict[str, Any]) -> None:
    """The reference points at a complete object: size and SHA-256 as recorded, and it decodes."""
    body = kit.admin.get_object(Bucket=kit.bucket, Key=ref["key"])["Body"].read()
    assert len(body) == ref["size"]
    assert matches(body, ref["checksum"])
    assert kit.pull(ref) == VALUE


def _row(name: str, fault_proxy: FaultProxy, outcome: str, started: float) -> None:
    calls = ", ".join(f"{r.method} {r.status or 'reset'}" for r in fault_proxy.requests)
    print(f"\nFAULT | {name} | {outcome} | {calls} | {time.monotonic() - started:.1f}s")


def test_drop_mid_upload_once_is_retried(s3_worker: Callable[..., Worker], fault_proxy: FaultProxy) -> None:
    kit = s3_worker(fault_proxy.url)
    fault_proxy.add(Fault("drop", method="PUT"))
    started = time.monotonic()
    ref = kit.push(VALUE)
    _intact(kit, ref)
    assert [(r.method, r.status) for r in fault_proxy.requests][:2] == [("PUT", None), ("PUT", 200)]
    _row("connection dropped mid-upload, once", fault_proxy, "retried by botocore, value intact", started)


def test_drop_mid_upload_always_raises_and_leaves_no_partial(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy
) -> None:
    kit = s3_worker(fault_proxy.url, config_kwargs=QUICK)
    fault_proxy.add(Fault("drop", method="PUT", times=None))
    started = time.monotonic()
    expected = r"s3:PutObject on s3://t-.* failed after retries: Connection was closed .*connection 'xcom_s3'"
    with pytest.raises(StoreUnavailableError, match=expected):
        kit.push(VALUE)
    assert kit.keys() == {}, "a truncated upload left an object"
    assert fault_proxy.count("PUT") == 2
    _row(
        "connection dropped mid-upload, every attempt",
        fault_proxy,
        "StoreUnavailableError, no object",
        started,
    )


def test_failed_rewrite_keeps_the_previous_object_whole(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy
) -> None:
    """A retry that fails mid-upload must not damage the object an earlier attempt wrote."""
    kit = s3_worker(fault_proxy.url, config_kwargs=QUICK)
    first = kit.push(VALUE)
    fault_proxy.add(Fault("drop", method="PUT", times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError):
        kit.push({"other": "value" * 50_000})
    _intact(kit, first)
    _row(
        "rewrite of an existing key dropped mid-upload", fault_proxy, "raises; previous object whole", started
    )


@pytest.mark.parametrize("code", ["SlowDown", "ServiceUnavailable", "InternalError"])
def test_transient_5xx_then_success(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy, code: str
) -> None:
    kit = s3_worker(fault_proxy.url)
    fault_proxy.add(
        Fault("status", method="PUT", times=2, status=500 if code == "InternalError" else 503, code=code)
    )
    fault_proxy.add(Fault("status", method="GET", times=1, status=503, code=code))
    started = time.monotonic()
    ref = kit.push(VALUE)
    _intact(kit, ref)
    assert fault_proxy.count("PUT") == 3
    _row(f"{code} twice on PUT, once on GET", fault_proxy, "retried with backoff, value intact", started)


def test_persistent_503_uses_the_default_retries(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy
) -> None:
    kit = s3_worker(fault_proxy.url)
    fault_proxy.add(Fault("status", method="PUT", times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        kit.push(VALUE)
    assert info.value.detail.startswith(f"s3:PutObject on s3://{kit.bucket}/")
    assert info.value.detail.endswith("kept failing after retries (SlowDown): injected by xcomkit faultproxy")
    assert fault_proxy.count("PUT") == DEFAULT_CONFIG.retries["total_max_attempts"] == 5
    assert kit.keys() == {}
    _row(
        "503 SlowDown on every PUT (default config)",
        fault_proxy,
        "5 attempts, StoreUnavailableError",
        started,
    )


def test_persistent_503_on_read_and_delete(s3_worker: Callable[..., Worker], fault_proxy: FaultProxy) -> None:
    kit = s3_worker(fault_proxy.url, config_kwargs=QUICK)
    ref = kit.push(VALUE)
    fault_proxy.clear()
    fault_proxy.add(Fault("status", method="GET", times=None))
    fault_proxy.add(Fault("status", method="DELETE", times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"^s3:GetObject on .* kept failing after retries"):
        kit.pull(ref)
    with pytest.raises(StoreUnavailableError, match=r"^s3:DeleteObject on .* kept failing after retries"):
        ObjectStorageXComBackend.purge(SimpleNamespace(value=ref))
    calls = list(fault_proxy.requests)
    fault_proxy.clear()
    _intact(kit, ref)
    fault_proxy.requests.extend(calls)
    _row("503 on every GET and DELETE", fault_proxy, "StoreUnavailableError; object untouched", started)


def test_delay_under_the_timeout_is_just_slow(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy
) -> None:
    kit = s3_worker(fault_proxy.url, config_kwargs={**QUICK, "read_timeout": 5})
    fault_proxy.add(Fault("delay", method="PUT", seconds=1.5))
    started = time.monotonic()
    _intact(kit, kit.push(VALUE))
    # Slow but under the read timeout: one PUT, not given up on and retried.
    assert [r.method for r in fault_proxy.requests if r.method == "PUT"] == ["PUT"]
    _row("1.5 s delay, 5 s read timeout", fault_proxy, "succeeds, no retry", started)


def test_late_response_is_retried_and_idempotent(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy
) -> None:
    """The server stored the object but the answer came after the timeout: the retry rewrites the key."""
    kit = s3_worker(
        fault_proxy.url, config_kwargs={**QUICK, "retries": {"mode": "standard", "total_max_attempts": 3}}
    )
    fault_proxy.add(Fault("delay_response", method="PUT", seconds=3))
    started = time.monotonic()
    ref = kit.push(VALUE)
    _intact(kit, ref)
    assert list(kit.keys()) == [ref["key"]], "a timed-out attempt left a second object"
    _row(
        "response delayed past the read timeout, once",
        fault_proxy,
        "retried, same key, value intact",
        started,
    )


def test_timeouts_every_time_raise(s3_worker: Callable[..., Worker], fault_proxy: FaultProxy) -> None:
    kit = s3_worker(fault_proxy.url, config_kwargs=QUICK)
    fault_proxy.add(Fault("delay_response", method="PUT", seconds=3, times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"s3:PutObject on .* failed after retries: Read timeout"):
        kit.push(VALUE)
    # The proxy forwards the write, then holds the answer past the read timeout: the server finished
    # every write the client gave up on. What is left must be the one whole object, unreferenced
    # (the sweep's case), never a partial one.
    assert fault_proxy.count("PUT") == QUICK["retries"]["total_max_attempts"]
    left = kit.keys()
    assert set(left) == {_key_of(VALUE_KEY)}, left
    body = kit.admin.get_object(Bucket=kit.bucket, Key=_key_of(VALUE_KEY))["Body"].read()
    assert body == JsonCodec().encode(VALUE).data, "a given-up write left a partial or different object"
    _row(
        "read timeout on every attempt", fault_proxy, "StoreUnavailableError; at most a whole orphan", started
    )


def test_unreachable_endpoint(s3_worker: Callable[..., Worker], fault_proxy: FaultProxy) -> None:
    url = fault_proxy.url
    fault_proxy.stop()
    kit = s3_worker(url, config_kwargs=QUICK)
    with pytest.raises(
        StoreUnavailableError, match=r"failed after retries: Could not connect to the endpoint URL"
    ):
        kit.push(VALUE)
