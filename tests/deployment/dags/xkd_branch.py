"""Branching on a stored value: the scheduler reads the inline `skipmixin_key`, never the store."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["xcomkit-e2e"])
def xkd_branch() -> None:
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

    @task(trigger_rule="none_failed_min_one_success")
    def join(odd_text: str | None, even_text: str | None) -> str:
        return odd_text or even_text

    n = make()
    odd_text, even_text = odd(n), even(n)
    choose(n) >> [odd_text, even_text]
    join(odd_text, even_text)


xkd_branch()
