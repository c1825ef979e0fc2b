"""Pass each data-library type from one task to the next; the pulling task checks it came back exactly."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime
from xk_data_payloads import PAYLOADS


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
def xk_data_types() -> None:
    @task
    def check(values: dict[str, object]) -> None:
        assert set(values) == set(PAYLOADS), sorted(values)
        for name, got in values.items():
            PAYLOADS[name][1](got)
        print("DATA TYPES OK")

    pushed = {name: task(task_id=f"push_{name}")(build)() for name, (build, _, _) in PAYLOADS.items()}
    check(pushed)


xk_data_types()
