"""A task that pushes an extra key on its first try only: after a clear and re-run, its object is gone."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["xcomkit-e2e"])
def xkd_clear() -> None:
    @task
    def pusher(ti=None):
        if ti.try_number == 1:
            ti.xcom_push(key="first_try_only", value={"pushed_on_try": 1})
        return {"try": ti.try_number}

    pusher()


xkd_clear()
