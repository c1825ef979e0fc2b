"""Push every payload type through the backend and compare what comes back, exactly."""

from __future__ import annotations

import pandas as pd
from airflow.sdk import dag, task
from pendulum import datetime
from xk_payloads import frame, values

from xcomkit_dev.serde_values import difference

NAMES = list(values())


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False)
def xk_roundtrip() -> None:
    @task
    def push_values(ti=None) -> None:
        for name, value in values().items():
            ti.xcom_push(key=name, value=value)

    @task
    def push_frame():
        return frame()

    @task
    def check(df: pd.DataFrame, ti=None) -> None:
        pd.testing.assert_frame_equal(df, frame(), check_exact=True)
        assert list(df.dtypes.astype(str)) == list(frame(10).dtypes.astype(str))
        for name, expected in values().items():
            got = ti.xcom_pull(task_ids="push_values", key=name)
            assert difference(expected, got) is None, (name, difference(expected, got))
        print("ROUNDTRIP OK")

    pushed = push_values()
    df = push_frame()
    pushed >> check(df)


xk_roundtrip()
