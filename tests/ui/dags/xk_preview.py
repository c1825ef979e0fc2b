"""The XCom preview's DAG: one task per kind the page shows (frame, JSON, bytes, ndarray-free)."""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(schedule=None, start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), catchup=False, tags=["xcomkit"])
def xk_preview():
    @task
    def frame():
        import pandas as pd

        return pd.DataFrame(
            {"city": ["Lisbon", "Oslo", "Quito"] * 10, "temp_c": [21.5, 4.25, 14.0] * 10, "n": range(30)}
        )

    @task
    def settings():
        return {"region": "eu-west-1", "retries": 3, "tags": ["nightly", "preview"]}

    @task
    def blob():
        return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

    @task
    def gone():
        import pandas as pd

        return pd.DataFrame({"deleted": [1, 2, 3]})

    @task
    def mapped(n: int):
        return {"item": n}

    frame()
    settings()
    blob()
    gone()
    mapped.expand(n=[1, 2])


xk_preview()
