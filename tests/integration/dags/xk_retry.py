"""A task that pushes, fails, and succeeds on retry: Airflow purges the first try's XComs."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import dag, task
from pendulum import datetime


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
def xk_retry() -> None:
    @task(retries=1, retry_delay=timedelta(seconds=0))
    def flaky(ti=None) -> str:
        if ti.try_number == 1:
            ti.xcom_push(key="first_try_only", value={"try": 1})
            raise RuntimeError("first try fails on purpose")
        return "second try"

    flaky()


xk_retry()
