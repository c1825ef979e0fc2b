"""200 mapped task instances pushing at once; the reducer checks every value and measures the overlap."""

from __future__ import annotations

import hashlib
import time

from airflow.sdk import dag, task
from pendulum import datetime

WIDTH = 200


def payload(i: int) -> bytes:
    """A value unique to map index i (20 KB), so any mix-up or truncation shows."""
    seed = hashlib.sha256(str(i).encode()).digest()
    return seed * 640


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, max_active_tasks=WIDTH)
def xk_wide() -> None:
    @task(multiple_outputs=False)
    def push(i: int) -> dict:
        started = time.time()
        time.sleep(0.5)  # hold the slot, so concurrent instances overlap
        return {"i": i, "data": payload(i).hex(), "started": started, "ended": time.time()}

    @task(multiple_outputs=False)
    def check(results: list) -> dict:
        got = sorted(results, key=lambda r: r["i"])
        assert [r["i"] for r in got] == list(range(WIDTH)), "lost or duplicated values"
        bad = [r["i"] for r in got if bytes.fromhex(r["data"]) != payload(r["i"])]
        assert not bad, f"values not intact: {bad}"
        events = sorted([(r["started"], 1) for r in got] + [(r["ended"], -1) for r in got])
        running = peak = 0
        for _, step in events:
            running += step
            peak = max(peak, running)
        print(f"WIDE OK: {WIDTH} values intact, peak concurrency {peak}")
        return {"checked": WIDTH, "peak": peak}

    check(push.expand(i=list(range(WIDTH))))


xk_wide()
