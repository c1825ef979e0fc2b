"""One benchmark process: run the cases it is given and write their figures as JSON.

`cli` starts one process per (contender, payload) so each peak RSS is that case's alone (in
`--quick` mode one process per store runs them all). Usage: `python -m xcomkit_bench.case SPEC RESULT`.
"""

from __future__ import annotations

import contextlib
import gc
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xcomkit_bench.contenders import CONTENDERS, Contender, XComKitWithRow
from xcomkit_bench.context import Context
from xcomkit_bench.measure import RequestCounter, peak, reset_peak, rss
from xcomkit_bench.payloads import PAYLOADS, difference

if TYPE_CHECKING:
    from collections.abc import Callable


def value_size(value: Any) -> int:
    """Size of the value in memory terms: bytes as is, JSON text length, or a frame's deep memory."""
    if isinstance(value, bytes):
        return len(value)
    if hasattr(value, "memory_usage"):
        return int(value.memory_usage(deep=True).sum())
    return len(json.dumps(value, separators=(",", ":")))


def _error(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text}"[:120]


class Admin:
    """Objects a contender left: sizes for 'bytes stored', and cleanup between runs and cases.

    Through an xcomkit store on the run's bucket, so every store is inspected the same way (untimed).
    """

    def __init__(self, ctx: Context) -> None:
        self.stores: dict[str, Any] = {ctx.bucket: ctx.admin_store()}
        self.ctx = ctx

    def _store(self, bucket: str) -> Any:
        if bucket not in self.stores:  # the seed's own bucket, on S3
            from dataclasses import replace

            self.stores[bucket] = replace(self.ctx, bucket=bucket).admin_store()
        return self.stores[bucket]

    def objects(self, bucket: str, prefix: str) -> dict[str, int]:
        """Key → size under the prefix."""
        return {o.key: o.size for o in self._store(bucket).list(prefix)}

    def clear(self, bucket: str, prefix: str) -> None:
        """Delete everything under the prefix."""
        self._store(bucket).delete_many(list(self.objects(bucket, prefix)))


@dataclass
class Phase:
    """One timed push or pull: wall and CPU seconds, peak RSS above its start, requests, result."""

    seconds: float
    cpu: float
    extra: int
    requests: dict[str, int]
    result: Any


def timed(call: Callable[[Any], Any], arg: Any, counter: RequestCounter) -> Phase:
    """Call once, measuring time, the peak-RSS window and the S3 requests of this call only."""
    counter.take()
    before = rss()
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    result = call(arg)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Phase(seconds, cpu, peak() - before, counter.take(), result)


def run_case(
    contender: Contender, payload_name: str, spec: dict[str, Any], admin: Admin, counter: RequestCounter
) -> dict[str, Any]:
    """Time warm-up + measured push/pull runs of one payload; record requests, RSS, storage, equality."""
    payload = PAYLOADS[payload_name]
    runs, warmup = (spec[k].get(payload_name, spec[k]["default"]) for k in ("runs", "warmup"))
    started = time.perf_counter()
    gc.collect()
    result: dict[str, Any] = {
        "store": contender.ctx.store,
        "contender": contender.key,
        "payload": payload_name,
        "error": None,
    }
    result["rss_baseline"] = rss()
    value = payload.build(spec["quick"])
    result.update(value_bytes=value_size(value), rss_with_value=rss())
    if warmup == 0 and isinstance(value, bytes):
        # Too big to warm up with itself: warm clients and lazy imports with its first KiB instead.
        contender.prepare(payload_name, value[:1024])
        with contextlib.suppress(Exception):  # a contender refusing bytes says so in the measured runs
            contender.pull(contender.push(value[:1024]))
    contender.prepare(payload_name, value)
    expected = contender.expected(value)
    pushes: list[Phase] = []
    pulls: list[Phase] = []
    for i in range(warmup + runs):
        last = i == warmup + runs - 1
        if last:
            admin.clear(contender.bucket, contender.prefix())  # so 'stored' is this push's objects
        try:
            push = timed(contender.push, value, counter)
        except Exception as err:  # noqa: BLE001 - a contender that cannot take the payload is a result
            result["error"] = _error(err)
            break
        if last:
            result["stored"] = sum(admin.objects(contender.bucket, contender.prefix()).values())
            if isinstance(contender, XComKitWithRow):
                result["stored_db"] = contender.rows.stored(contender.task_id)
        try:
            pull = timed(contender.pull, push.result, counter)
        except Exception as err:  # noqa: BLE001 - a failed pull is a result too
            result["error"] = "pull: " + _error(err)
            break
        if i >= warmup:
            pushes.append(push)
            pulls.append(pull)
        if last:
            result.update(difference=difference(expected, pull.result), push_requests=push.requests,
                          pull_requests=pull.requests)  # fmt: skip
        push.result = pull.result = None  # keep the figures, not a copy of the value per run
        gc.collect()
    result["times"] = [
        {"push": a.seconds, "pull": b.seconds, "cpu": a.cpu + b.cpu}
        for a, b in zip(pushes, pulls, strict=True)
    ]
    result.update(runs=len(pushes), warmup=warmup)
    if pushes:
        result.update(
            median=statistics.median(t["push"] + t["pull"] for t in result["times"]),
            cpu=statistics.median(t["cpu"] for t in result["times"]),
            rss_push_extra=max(p.extra for p in pushes),
            rss_pull_extra=max(p.extra for p in pulls),
        )
    admin.clear(contender.bucket, contender.prefix())
    result["wall"] = time.perf_counter() - started
    return result


def purge_case(ctx: Context, count: int, counter: RequestCounter, admin: Admin) -> dict[str, Any]:
    """Create `count` objects, then time the kit's bulk delete (S3Store.delete_many) and count requests."""
    from concurrent.futures import ThreadPoolExecutor

    from xcomkit.location import Location
    from xcomkit.stores.s3 import S3Store
    from xcomkit_bench.transports import boto3_client

    prefix = "purge"
    keys = [f"{prefix}/bench/run/task_{i // 100}/{i % 100}/return_value.json" for i in range(count)]
    client = boto3_client(ctx)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: client.put_object(Bucket=ctx.bucket, Key=k, Body=b"{}"), keys))
    store = S3Store(Location.parse(ctx.path(prefix)))
    store.client  # noqa: B018 - build the client before timing
    counter.take()
    started = time.perf_counter()
    deleted = store.delete_many(keys)
    elapsed = time.perf_counter() - started
    requests = counter.take()
    left = len(admin.objects(ctx.bucket, prefix + "/"))
    return {"store": ctx.store, "contender": "purge", "objects": count, "deleted": deleted, "left": left,
            "seconds": elapsed, "requests": requests}  # fmt: skip


def main(argv: list[str]) -> int:
    """Run the cases of SPEC and write RESULT."""
    spec = json.loads(Path(argv[1]).read_text())
    ctx = Context(**spec["context"])
    counter = RequestCounter()
    counter.install()
    admin = Admin(ctx)
    results: list[dict[str, Any]] = []
    for contender_key, payload_name in spec["cases"]:
        if contender_key == "purge":
            results.append(purge_case(ctx, int(payload_name), counter, admin))
            continue
        try:
            contender = CONTENDERS[contender_key](ctx)
        except Exception as err:  # noqa: BLE001 - reported in the table, not hidden
            results.append(
                {
                    "store": ctx.store,
                    "contender": contender_key,
                    "payload": payload_name,
                    "error": _error(err),
                }
            )
            continue
        try:
            results.append(run_case(contender, payload_name, spec, admin, counter))
        finally:
            contender.finish()
        Path(argv[2]).write_text(json.dumps(results))  # keep what is done if a later case dies
    Path(argv[2]).write_text(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
