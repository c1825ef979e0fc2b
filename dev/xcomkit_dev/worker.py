"""Push and pull through the backend in this process, exactly as a Task SDK worker calls it."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xcomkit.stores.base import Store

RUN_ID = "manual__2024-01-01T00:00:00+00:00"


@dataclass
class Worker:
    """The configured backend, called as the worker calls it; `admin` inspects the bucket directly."""

    bucket: str
    admin: Any = None  # a boto3 client straight to the server, for setup and inspection

    @property
    def store(self) -> Store:
        """The store `[xcomkit] path` names."""
        from xcomkit.config import get_settings  # noqa: PLC0415
        from xcomkit.stores import open_store  # noqa: PLC0415

        return open_store(get_settings().location)

    def push(
        self,
        value: Any,
        *,
        key: str = "return_value",
        task_id: str = "t",
        map_index: int = -1,
        dag_id: str = "hostile",
        run_id: str = RUN_ID,
    ) -> Any:
        """`serialize_value` with a task instance's identity; returns what the DB would hold."""
        from xcomkit.backend import ObjectStorageXComBackend  # noqa: PLC0415

        return ObjectStorageXComBackend.serialize_value(
            value, key=key, task_id=task_id, dag_id=dag_id, run_id=run_id, map_index=map_index
        )

    def pull(self, stored: Any) -> Any:
        """`deserialize_value` of what the DB holds."""
        from xcomkit.backend import ObjectStorageXComBackend  # noqa: PLC0415

        return ObjectStorageXComBackend.deserialize_value(SimpleNamespace(value=stored))

    def keys(self) -> dict[str, int]:
        """Every object in the bucket → its size (through `admin`; without one, the store's listing)."""
        if self.admin is None:
            return {o.key: o.size for o in self.store.list(self.store.location.prefix + "/")}
        pages = self.admin.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {o["Key"]: o["Size"] for p in pages for o in p.get("Contents", [])}
