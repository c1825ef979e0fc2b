"""The XCom row in PostgreSQL, written and read as Airflow's API server does it.

Used where the database is the store: the default backend, and the kit's inline values (plus the row
that holds the kit's reference otherwise).
"""

from __future__ import annotations

from typing import Any

from xcomkit_bench.context import DAG_ID, RUN_ID, XCOM_KEY


class MetadataRows:
    """Write and read the XCom row as the API server does (`XComModel.set`, then a select)."""

    def __init__(self) -> None:
        from airflow.models.xcom import XComModel
        from airflow.utils.session import create_session

        self.model = XComModel
        self.session = create_session

    def write(self, task_id: str, value: Any) -> None:
        """XComModel.set with the value already serialized by the backend, committed."""
        with self.session() as session:
            self.model.set(
                key=XCOM_KEY, value=value, dag_id=DAG_ID, task_id=task_id, run_id=RUN_ID,
                map_index=-1, serialize=False, session=session,
            )  # fmt: skip

    def read(self, task_id: str) -> Any:
        """The stored value, as the execution API's XCom route selects it."""
        from sqlalchemy import select

        m = self.model
        query = select(m.value).where(
            m.dag_id == DAG_ID, m.run_id == RUN_ID, m.task_id == task_id, m.map_index == -1, m.key == XCOM_KEY
        )
        with self.session() as session:
            return session.scalar(query)

    def stored(self, task_id: str) -> int:
        """Bytes the row's value takes in PostgreSQL (after TOAST compression)."""
        from sqlalchemy import text

        query = text(
            "SELECT pg_column_size(value) FROM xcom WHERE dag_id = :d AND run_id = :r AND task_id = :t"
        )
        with self.session() as session:
            return int(session.scalar(query, {"d": DAG_ID, "r": RUN_ID, "t": task_id}) or 0)
