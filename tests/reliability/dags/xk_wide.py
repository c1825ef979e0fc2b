"""200 mapped task instances, each pushing a value unique to its index; the reducer checks every one."""

from __future__ import annotations

import hashlib

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
        return {"i": i, "data": payload(i).hex()}

    @task(multiple_outputs=False)
    def check(results: list) -> dict:
        got = sorted(results, key=lambda r: r["i"])
        assert [r["i"] for r in got] == list(range(WIDTH)), "lost or duplicated values"
        bad = [r["i"] for r in got if bytes.fromhex(r["data"]) != payload(r["i"])]
        assert not bad, f"values not intact: {bad}"
        print(f"WIDE OK: {WIDTH} values intact")
        return {"checked": WIDTH}

    check(push.expand(i=list(range(WIDTH))))


xk_wide()
