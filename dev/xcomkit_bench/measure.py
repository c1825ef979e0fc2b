"""What a case measures besides time: S3 requests by operation, and peak RSS per phase.

Requests are counted where botocore (and aiobotocore, under s3fs) sends each attempt, so every client
is seen, including the ones third-party code builds on its own (the seed's new S3Hook per call,
s3fs's async client); `before-send` events would need a handler on each client before its first call.
Peak RSS per phase uses Linux's resettable high-water mark (`/proc/self/clear_refs` ← 5, `VmHWM`), so
a phase's peak is exact, not sampled.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


class RequestCounter:
    """Count S3 requests (each attempt) by operation name, process-wide."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def install(self) -> None:
        """Wrap the endpoint's per-attempt method of botocore and, when installed, aiobotocore."""
        from botocore.endpoint import Endpoint

        counts = self.counts
        original = Endpoint._do_get_response

        @functools.wraps(original)
        def counted(endpoint: Any, request: Any, operation_model: Any, context: Any) -> Any:
            counts[operation_model.name] += 1
            return original(endpoint, request, operation_model, context)

        Endpoint._do_get_response = counted  # type: ignore[method-assign]
        try:
            from aiobotocore.endpoint import AioEndpoint
        except ImportError:
            return
        aio_original = AioEndpoint._do_get_response

        @functools.wraps(aio_original)
        async def aio_counted(endpoint: Any, request: Any, operation_model: Any, context: Any) -> Any:
            counts[operation_model.name] += 1
            return await aio_original(endpoint, request, operation_model, context)

        AioEndpoint._do_get_response = aio_counted  # type: ignore[method-assign]

    def take(self) -> dict[str, int]:
        """Return the counts since the last take, and start again from zero."""
        taken = dict(self.counts)
        self.counts.clear()
        return taken


def _status_kib(field: str) -> int:
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in {STATUS}: peak RSS needs Linux")


def rss() -> int:
    """Resident set size now, in bytes."""
    return _status_kib("VmRSS") * 1024


def reset_peak() -> None:
    """Start a new peak-RSS window at the current RSS."""
    CLEAR_REFS.write_text("5")


def peak() -> int:
    """Peak resident set size since the last `reset_peak`, in bytes."""
    return _status_kib("VmHWM") * 1024


def describe_requests(counts: dict[str, int]) -> str:
    """Short text such as `PutObject` or `HeadObject×2 ListObjectsV2 PutObject`."""
    if not counts:
        return "none"
    return " ".join(name if n == 1 else f"{name}×{n}" for name, n in counts.items())
