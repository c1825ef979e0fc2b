"""Producers pinned to worker alpha, the consumer to worker beta: values cross processes via the store."""

from __future__ import annotations

from airflow.sdk import dag, task
from pendulum import datetime

ROWS = 5000


def expected_frame():
    """A frame whose dtypes, index and NaN a lossy round-trip would change (rebuilt by the consumer)."""
    import numpy as np
    import pandas as pd

    return pd.DataFrame(
        {
            "id": np.arange(ROWS, dtype="int64"),
            "ratio": np.arange(ROWS) / 7,
            "label": pd.Series([None if i % 11 == 0 else f"row-{i}" for i in range(ROWS)], dtype="string"),
            "at": pd.date_range("2024-01-01", periods=ROWS, freq="min", tz="UTC"),
        },
        index=pd.Index(range(ROWS, 2 * ROWS), name="row"),
    )


EXPECTED_JSON = {"text": "héllo ✓", "big": 2**53 + 1, "tuple": (1, 2), "nested": {"none": None, "x": [1.5]}}


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["xcomkit-e2e"])
def xkd_cross_worker() -> None:
    @task(queue="alpha")
    def produce_frame():
        return expected_frame()

    @task(queue="alpha")
    def produce_json():
        return EXPECTED_JSON

    @task(queue="beta")
    def consume(frame, value: dict):
        import pandas as pd

        pd.testing.assert_frame_equal(frame, expected_frame(), check_exact=True)
        assert value == EXPECTED_JSON, value
        assert type(value["tuple"]) is tuple, value
        return {"rows": len(frame), "id_sum": int(frame["id"].sum()), "json": value}

    consume(produce_frame(), produce_json())


xkd_cross_worker()
