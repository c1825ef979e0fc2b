"""Branching and short-circuit with the backend on: the scheduler must still read `skipmixin_key`."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
def xk_branch() -> None:
    @task
    def make() -> int:
        return 7

    @task.branch
    def choose(n: int) -> str:
        return "odd" if n % 2 else "even"

    @task
    def odd(n: int) -> str:
        return f"{n} is odd"

    @task
    def even(n: int) -> str:
        return f"{n} is even"

    n = make()
    choose(n) >> [odd(n), even(n)]


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
def xk_short_circuit() -> None:
    @task.short_circuit
    def gate() -> bool:
        return False

    @task
    def after() -> str:
        return "must not run"

    gate() >> after()


xk_branch()
xk_short_circuit()
