"""Fault injection between the backend and SeaweedFS: drops, 503s and delays, with the SDK's own retries.

Whatever happens on the wire, a reference is only ever returned for an object that is complete in the
bucket, and a failed write raises (StoreUnavailableError) instead of returning a reference. An object a
failed write may leave behind is complete (S3 writes are all-or-nothing) and unreferenced: the sweep's
business, never a dangling reference. Each test prints its row of the fault matrix.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.backend import ObjectStorageXComBackend
from xcomkit.errors import StoreUnavailableError
from xcomkit.stores.s3 import DEFAULT_CONFIG
from xcomkit.testing.faultproxy import Fault

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.reliability.conftest import Backend
    from xcomkit.testing.faultproxy import FaultProxy

pytestmark = pytest.mark.integration

# A quick give-up for the "persistent fault" rows: the default (5 attempts, 60 s read timeout) is
# exercised by test_persistent_503_uses_the_default_retries.
QUICK = {"retries": {"mode": "standard", "total_max_attempts": 2}, "read_timeout": 1, "connect_timeout": 1}
VALUE = {"payload": "x" * 200_000, "n": list(range(1000))}


def _intact(kit: Backend, ref: dict[str, Any]) -> None:
    """The reference points at a complete object: size and SHA-256 as recorded, and it decodes."""
    body = kit.admin.get_object(Bucket=kit.bucket, Key=ref["key"])["Body"].read()
    assert len(body) == ref["size"]
    assert hashlib.sha256(body).hexdigest() == ref["sha256"]
    assert kit.pull(ref) == VALUE


def _row(name: str, proxy: FaultProxy, outcome: str, started: float) -> None:
    calls = ", ".join(f"{r.method} {r.status or 'reset'}" for r in proxy.requests)
    print(f"\nFAULT | {name} | {outcome} | {calls} | {time.monotonic() - started:.1f}s")


def test_drop_mid_upload_once_is_retried(backend_on: Callable[..., Backend], proxy: FaultProxy) -> None:
    kit = backend_on(proxy.url)
    proxy.add(Fault("drop", method="PUT"))
    started = time.monotonic()
    ref = kit.push(VALUE)
    _intact(kit, ref)
    assert [(r.method, r.status) for r in proxy.requests][:2] == [("PUT", None), ("PUT", 200)]
    _row("connection dropped mid-upload, once", proxy, "retried by botocore, value intact", started)


def test_drop_mid_upload_always_raises_and_leaves_no_partial(
    backend_on: Callable[..., Backend], proxy: FaultProxy
) -> None:
    kit = backend_on(proxy.url, config_kwargs=QUICK)
    proxy.add(Fault("drop", method="PUT", times=None))
    started = time.monotonic()
    expected = (
        r"s3:PutObject on s3://rel-.* failed after retries: Connection was closed .*the connection 'xcom_s3'"
    )
    with pytest.raises(StoreUnavailableError, match=expected):
        kit.push(VALUE)
    assert kit.keys() == {}, "a truncated upload left an object"
    assert proxy.count("PUT") == 2
    _row("connection dropped mid-upload, every attempt", proxy, "StoreUnavailableError, no object", started)


def test_failed_rewrite_keeps_the_previous_object_whole(
    backend_on: Callable[..., Backend], proxy: FaultProxy
) -> None:
    """A retry that fails mid-upload must not damage the object an earlier attempt wrote."""
    kit = backend_on(proxy.url, config_kwargs=QUICK)
    first = kit.push(VALUE)
    proxy.add(Fault("drop", method="PUT", times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError):
        kit.push({"other": "value" * 50_000})
    _intact(kit, first)
    _row("rewrite of an existing key dropped mid-upload", proxy, "raises; previous object whole", started)


@pytest.mark.parametrize("code", ["SlowDown", "ServiceUnavailable", "InternalError"])
def test_transient_5xx_then_success(backend_on: Callable[..., Backend], proxy: FaultProxy, code: str) -> None:
    kit = backend_on(proxy.url)
    proxy.add(
        Fault("status", method="PUT", times=2, status=500 if code == "InternalError" else 503, code=code)
    )
    proxy.add(Fault("status", method="GET", times=1, status=503, code=code))
    started = time.monotonic()
    ref = kit.push(VALUE)
    _intact(kit, ref)
    assert proxy.count("PUT") == 3
    _row(f"{code} twice on PUT, once on GET", proxy, "retried with backoff, value intact", started)


def test_persistent_503_uses_the_default_retries(
    backend_on: Callable[..., Backend], proxy: FaultProxy
) -> None:
    kit = backend_on(proxy.url)
    proxy.add(Fault("status", method="PUT", times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        kit.push(VALUE)
    assert str(info.value).startswith("s3:PutObject on s3://rel-")
    assert str(info.value).endswith("kept failing after retries (SlowDown): injected by xcomkit faultproxy")
    assert proxy.count("PUT") == DEFAULT_CONFIG.retries["total_max_attempts"] == 5
    assert kit.keys() == {}
    _row("503 SlowDown on every PUT (default config)", proxy, "5 attempts, StoreUnavailableError", started)


def test_persistent_503_on_read_and_delete(backend_on: Callable[..., Backend], proxy: FaultProxy) -> None:
    kit = backend_on(proxy.url, config_kwargs=QUICK)
    ref = kit.push(VALUE)
    proxy.clear()
    proxy.add(Fault("status", method="GET", times=None))
    proxy.add(Fault("status", method="DELETE", times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"^s3:GetObject on .* kept failing after retries"):
        kit.pull(ref)
    with pytest.raises(StoreUnavailableError, match=r"^s3:DeleteObject on .* kept failing after retries"):
        ObjectStorageXComBackend.purge(_Row(ref))
    calls = list(proxy.requests)
    proxy.clear()
    _intact(kit, ref)
    proxy.requests.extend(calls)
    _row("503 on every GET and DELETE", proxy, "StoreUnavailableError; object untouched", started)


def test_delay_under_the_timeout_is_just_slow(backend_on: Callable[..., Backend], proxy: FaultProxy) -> None:
    kit = backend_on(proxy.url, config_kwargs={**QUICK, "read_timeout": 5})
    proxy.add(Fault("delay", method="PUT", seconds=1.5))
    started = time.monotonic()
    _intact(kit, kit.push(VALUE))
    assert time.monotonic() - started >= 1.5
    _row("1.5 s delay, 5 s read timeout", proxy, "succeeds", started)


def test_late_response_is_retried_and_idempotent(
    backend_on: Callable[..., Backend], proxy: FaultProxy
) -> None:
    """The server stored the object but the answer came after the timeout: the retry rewrites the key."""
    kit = backend_on(
        proxy.url, config_kwargs={**QUICK, "retries": {"mode": "standard", "total_max_attempts": 3}}
    )
    proxy.add(Fault("delay_response", method="PUT", seconds=3))
    started = time.monotonic()
    ref = kit.push(VALUE)
    _intact(kit, ref)
    assert list(kit.keys()) == [ref["key"]], "a timed-out attempt left a second object"
    _row("response delayed past the read timeout, once", proxy, "retried, same key, value intact", started)


def test_timeouts_every_time_raise(backend_on: Callable[..., Backend], proxy: FaultProxy) -> None:
    kit = backend_on(proxy.url, config_kwargs=QUICK)
    proxy.add(Fault("delay_response", method="PUT", seconds=3, times=None))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"s3:PutObject on .* failed after retries: Read timeout"):
        kit.push(VALUE)
    # The server may have finished a write the client gave up on: then the object is whole, and only
    # unreferenced (the sweep's case), never partial.
    time.sleep(3.5)
    for key, size in kit.keys().items():
        body = kit.admin.get_object(Bucket=kit.bucket, Key=key)["Body"].read()
        assert len(body) == size
        assert body == kit.admin.get_object(Bucket=kit.bucket, Key=key)["Body"].read()
    _row("read timeout on every attempt", proxy, "StoreUnavailableError; at most a whole orphan", started)


def test_unreachable_endpoint(backend_on: Callable[..., Backend], proxy: FaultProxy) -> None:
    url = proxy.url
    proxy.stop()
    kit = backend_on(url, config_kwargs=QUICK)
    with pytest.raises(
        StoreUnavailableError, match=r"failed after retries: Could not connect to the endpoint URL"
    ):
        kit.push(VALUE)


class _Row:
    def __init__(self, value: Any) -> None:
        self.value = value
