"""A producer and a consumer, run while the fault proxy breaks the store underneath."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime

VALUE = {"rows": list(range(5000)), "label": "through the fault proxy"}


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, default_args={"retries": 0})
def xk_faulty() -> None:
    @task
    def produce() -> dict:
        return VALUE

    @task
    def consume(value: dict) -> int:
        assert value == VALUE, "the consumer got something else than what was produced"
        print("FAULTY OK")
        return len(value["rows"])

    consume(produce())


xk_faulty()
