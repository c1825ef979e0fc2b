"""Two stored values per run; deleting a run leaves their objects behind until the sweep removes them."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["xcomkit-e2e"])
def xkd_orphans() -> None:
    @task
    def first(run_id=None):
        return {"run": run_id, "part": 1}

    @task
    def second(value: dict):
        return {**value, "part": 2}

    second(first())


xkd_orphans()
