"""Fixtures shared by every suite: local servers and a clean `[xcomkit]` configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from xcomkit.config import get_settings
from xcomkit.stores import open_store
from xcomkit.testing.servers import AzuriteEndpoint, GCSEndpoint, S3Endpoint, azurite, gcs_emulator, seaweedfs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """A real S3-compatible server (SeaweedFS) on 127.0.0.1 for the whole session."""
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint


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
    """Let a test set AIRFLOW__XCOMKIT__* through monkeypatch; settings and stores are re-read."""
    get_settings.cache_clear()
    open_store.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()
    open_store.cache_clear()


@pytest.fixture
def local_path(tmp_path: Path) -> str:
    """A `[xcomkit] path` for the local store in a fresh directory."""
    return f"file://{tmp_path / 'store'}"
