"""100 mapped task instances over a list that only the store holds: the scheduler sees its length only."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime

WIDTH = 100


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["xcomkit-e2e"], max_active_tasks=32)
def xkd_mapped() -> None:
    @task
    def inputs() -> list[int]:
        return list(range(WIDTH))

    @task
    def square(i: int):
        return {"i": i, "square": i * i}

    @task
    def total(results: list) -> int:
        got = sorted(r["i"] for r in results)
        assert got == list(range(WIDTH)), got
        return sum(r["square"] for r in results)

    total(square.expand(i=inputs()))


xkd_mapped()
