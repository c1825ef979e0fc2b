"""Fixtures for the reliability suite: a bucket per test, the fault proxy in front of SeaweedFS, moto.

`backend_on(endpoint_url)` configures the backend exactly as a worker would see it: an `aws`
connection in `AIRFLOW_CONN_XCOM_S3` (optionally with a custom secret or `config_kwargs`) and
`AIRFLOW__XCOMKIT__PATH`. The Airflow-level fixtures come from the integration harness.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from tests.integration.conftest import airflow_envs  # noqa: F401 - the harness's fixture, used here too
from xcomkit.backend import ObjectStorageXComBackend
from xcomkit.stores import open_store
from xcomkit.testing.faultproxy import FaultProxy
from xcomkit.testing.servers import S3Endpoint, moto

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from tests.integration.conftest import AirflowEnv
    from xcomkit.stores.base import Store

CONN_ID = "xcom_s3"
PREFIX = "xcom"
RUN_ID = "manual__2024-01-01T00:00:00+00:00"


def connection_uri(
    endpoint_url: str, *, access_key: str, secret_key: str, region: str = "us-east-1", **extra: Any
) -> str:
    """An Airflow `aws` connection URI, its extra as JSON (`__extra__`) so nested values survive."""
    body = {"region_name": region, "endpoint_url": endpoint_url, **extra}
    return (
        f"aws://{quote(access_key, safe='')}:{quote(secret_key, safe='')}@/"
        f"?__extra__={quote(json.dumps(body), safe='')}"
    )


@dataclass
class Backend:
    """The backend configured against one bucket, with helpers to push and pull like a worker."""

    bucket: str
    admin: Any  # boto3 client straight to the server, for setup and inspection

    @property
    def store(self) -> Store:
        from xcomkit.config import get_settings

        return open_store(get_settings().location)

    def push(self, value: Any, *, key: str = "return_value", task_id: str = "t", map_index: int = -1,
             dag_id: str = "hostile", run_id: str = RUN_ID) -> dict[str, Any]:  # fmt: skip
        return ObjectStorageXComBackend.serialize_value(
            value, key=key, task_id=task_id, dag_id=dag_id, run_id=run_id, map_index=map_index
        )

    def pull(self, stored: Any) -> Any:
        return ObjectStorageXComBackend.deserialize_value(SimpleNamespace(value=stored))

    def keys(self) -> dict[str, int]:
        """Every object in the bucket → its size."""
        pages = self.admin.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {o["Key"]: o["Size"] for p in pages for o in p.get("Contents", [])}


@pytest.fixture
def bucket(s3_server: S3Endpoint) -> str:
    """A fresh bucket on the session's SeaweedFS."""
    name = f"rel-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def proxy(s3_server: S3Endpoint) -> Iterator[FaultProxy]:
    """The fault proxy in front of SeaweedFS; stopped after the test (and by itself after 10 minutes)."""
    with FaultProxy(s3_server.url) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def backend_on(xcomkit_env: pytest.MonkeyPatch, s3_server: S3Endpoint, bucket: str) -> Callable[..., Backend]:
    """Configure the backend on `bucket` through a given endpoint (the proxy or the server)."""

    def configure(
        endpoint_url: str | None = None, *, secret_key: str | None = None, bucket_name: str | None = None,
        prefix: str = PREFIX, **extra: Any,
    ) -> Backend:  # fmt: skip
        uri = connection_uri(
            endpoint_url or s3_server.url,
            access_key=s3_server.access_key,
            secret_key=secret_key or s3_server.secret_key,
            **extra,
        )
        xcomkit_env.setenv(f"AIRFLOW_CONN_{CONN_ID.upper()}", uri)
        xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", f"s3://{CONN_ID}@{bucket_name or bucket}/{prefix}")
        from xcomkit.config import get_settings

        get_settings.cache_clear()
        open_store.cache_clear()
        return Backend(bucket_name or bucket, s3_server.client())

    return configure


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """moto's server, for the S3 errors SeaweedFS does not produce (NoSuchBucket, bad credentials)."""
    with moto(tmp_path_factory.mktemp("moto")) as endpoint:
        yield endpoint


@pytest.fixture
def pg_s3_env(request: pytest.FixtureRequest) -> AirflowEnv:
    """Real Airflow on PostgreSQL with the S3 store (SeaweedFS), shared by this suite's Airflow tests."""
    return request.getfixturevalue("airflow_envs")["get"]("pg-s3")


def install_dags(env: AirflowEnv) -> None:
    """Copy this suite's DAG files into the environment's DAG folder (idempotent)."""
    for path in Path(__file__).with_name("dags").glob("*.py"):
        shutil.copy(path, env.home / "dags" / path.name)
