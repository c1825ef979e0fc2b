"""50 mapped task instances, each with its own object, reduced downstream."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime

WIDTH = 50


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
def xk_mapped() -> None:
    @task
    def square(i: int) -> dict:
        return {"i": i, "square": i * i}

    @task
    def total(results: list) -> int:
        got = sorted(r["i"] for r in results)
        assert got == list(range(WIDTH)), got
        return sum(r["square"] for r in results)

    total(square.expand(i=list(range(WIDTH))))


xk_mapped()
