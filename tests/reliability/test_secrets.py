"""No secret in any log line or exception: run the backend with a sentinel secret and grep everything.

SeaweedFS accepts any secret, so the sentinel goes over the wire in real signed requests; logging is
at DEBUG for botocore, the amazon provider, Airflow and xcomkit, and stdout/stderr are captured at
the file-descriptor level. Failures are included: access denied, integrity, missing object, a store
that keeps answering 503 (through the fault proxy).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from xcomkit.errors import XComKitError
from xcomkit_dev.faultproxy import Fault

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.faultproxy import FaultProxy
    from xcomkit_dev.worker import Worker

pytestmark = pytest.mark.integration

SENTINEL = "Sentinel/Secret+Key=9f8e7d6c5b4a"


def _chain(err: BaseException | None) -> list[str]:
    texts = []
    while err is not None:
        texts += [str(err), repr(err)]
        err = err.__cause__ or err.__context__
    return texts


def test_no_secret_in_logs_or_errors(
    s3_worker: Callable[..., Worker],
    fault_proxy: FaultProxy,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[str] = []

    def failing(call: Callable[[], object]) -> None:
        with pytest.raises(XComKitError) as info:
            call()
        errors.extend(_chain(info.value))

    kit = s3_worker(fault_proxy.url, secret_key=SENTINEL,
                     config_kwargs={"retries": {"mode": "standard", "total_max_attempts": 2}})  # fmt: skip
    ref = kit.push({"value": 1})
    assert kit.pull(ref) == {"value": 1}
    kit.admin.put_object(Bucket=kit.bucket, Key=ref["key"], Body=b"tampered")
    failing(lambda: kit.pull(ref))
    kit.admin.delete_object(Bucket=kit.bucket, Key=ref["key"])
    failing(lambda: kit.pull(ref))
    fault_proxy.add(Fault("status", method="PUT", times=None))
    failing(lambda: kit.push({"value": 2}))
    fault_proxy.clear()
    denied = s3_worker(fault_proxy.url, secret_key=SENTINEL, bucket="no-such-bucket-for-secrets")
    failing(lambda: denied.push({"value": 3}))

    out, err = capfd.readouterr()
    haystacks = {"log records": caplog.text, "stdout": out, "stderr": err, "exceptions": "\n".join(errors)}
    assert len(caplog.records) > 20, "DEBUG logging was not captured: the check would be empty"
    assert len(errors) >= 8
    for needle in (SENTINEL, quote(SENTINEL, safe=""), SENTINEL.split("/")[1]):
        leaks = [name for name, text in haystacks.items() if needle in text]
        assert leaks == [], f"secret fragment {needle!r} printed in {leaks}"
