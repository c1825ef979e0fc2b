"""The seed tutorial's first DAG, on Airflow 3's Task SDK: a random number through XCom."""

from __future__ import annotations

import random

from airflow.sdk import dag, task
from pendulum import datetime


@dag(start_date=datetime(2022, 12, 20), schedule="@daily", catchup=False, tags=["xcomkit", "seed"])
def simple_xcom_dag() -> None:
    @task
    def pick_a_random_number() -> int:
        return random.randint(1, 10)  # noqa: S311 - a demo number, not a secret

    @task
    def print_a_number(num: int) -> None:
        print(num)

    print_a_number(pick_a_random_number())


simple_xcom_dag()
