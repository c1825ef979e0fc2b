"""Azurite (npm) on 127.0.0.1: the Azure Blob service, in memory; it enforces SAS."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xcomkit_dev.processes import ServerProcess, free_port, http_ready

if TYPE_CHECKING:
    from collections.abc import Iterator


# The repository this development package is installed from (editable): where scripts put Azurite.
REPO = Path(__file__).resolve().parents[2]
# Azurite's well-known development account (public, documented by Microsoft; not a secret).
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass(frozen=True)
class AzuriteEndpoint:
    """How to reach a running Azurite blob service."""

    url: str  # the account's blob endpoint, http://127.0.0.1:<port>/devstoreaccount1
    account: str = AZURITE_ACCOUNT
    key: str = AZURITE_KEY

    def connection_string(self) -> str:
        """Return the account-key connection string for this endpoint."""
        return (
            f"DefaultEndpointsProtocol=http;AccountName={self.account};AccountKey={self.key};"
            f"BlobEndpoint={self.url};"
        )

    def client(self) -> Any:
        """Return an account-key BlobServiceClient for setup and inspection (not the backend's)."""
        from azure.storage.blob import BlobServiceClient  # noqa: PLC0415

        return BlobServiceClient.from_connection_string(self.connection_string())

    def container_sas(self, container: str, permission: str = "racwdl", hours: float = 2) -> str:
        """Sign a container SAS (as Terraform's azure module does in `sas` mode)."""
        from datetime import datetime, timedelta  # noqa: PLC0415

        from azure.storage.blob import generate_container_sas  # noqa: PLC0415

        return generate_container_sas(
            self.account,
            container,
            account_key=self.key,
            permission=permission,
            expiry=datetime.now(UTC) + timedelta(hours=hours),
        )

    def connection_uri(self, sas_token: str | None = None) -> str:
        """Return an Airflow `wasb` connection URI: a container SAS if given, else the account key."""
        import json  # noqa: PLC0415
        from urllib.parse import quote  # noqa: PLC0415

        if sas_token is None:
            extra = {"connection_string": self.connection_string()}
            return f"wasb://?__extra__={quote(json.dumps(extra), safe='')}"
        extra = quote(json.dumps({"sas_token": sas_token}), safe="")
        return f"wasb://{self.account}@{quote(self.url, safe='')}/?__extra__={extra}"

    # What the Airflow integration harness needs from any cloud endpoint.
    scheme = "wasb"

    def airflow_env(self, conn_id: str) -> dict[str, str]:
        """Environment for an Airflow process: the connection (account key via connection string)."""
        return {f"AIRFLOW_CONN_{conn_id.upper()}": self.connection_uri()}

    def create_bucket(self, name: str) -> None:
        """Create a container (setup only: the backend itself never makes container calls)."""
        self.client().create_container(name)

    def object_keys(self, bucket: str) -> set[str]:
        """Every blob name in the container."""
        return set(self.client().get_container_client(bucket).list_blob_names())

    def read_object(self, bucket: str, key: str) -> bytes:
        """Read one blob straight from Azurite."""
        return self.client().get_blob_client(bucket, key).download_blob().readall()


def azurite_bin() -> str:
    """Find azurite-blob where scripts/install_emulators.sh puts it, or on PATH."""
    override = os.environ.get("XCOMKIT_AZURITE")
    candidates = [Path(override)] if override else []
    candidates.append(REPO / "build/azurite/node_modules/.bin/azurite-blob")
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which("azurite-blob")
    if not found:
        raise FileNotFoundError(
            "azurite-blob not found: run scripts/install_emulators.sh (make test does) or set XCOMKIT_AZURITE"
        )
    return found


@contextlib.contextmanager
def azurite(workdir: Path | None = None) -> Iterator[AzuriteEndpoint]:
    """Run Azurite's blob service in memory on a free loopback port, telemetry off."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xcomkit-azurite-")))
        port = free_port()
        argv = [azurite_bin(), "--blobHost", "127.0.0.1", "--blobPort", str(port)]
        # --skipApiVersionCheck: the Python SDK may speak a newer REST version than this Azurite knows;
        # --loose: ignore headers it does not implement; --extentMemoryLimit caps its RAM (MB).
        argv += ["--inMemoryPersistence", "--extentMemoryLimit", "2048", "--skipApiVersionCheck", "--loose"]
        argv += ["--disableTelemetry", "--silent"]
        ready = http_ready(f"http://127.0.0.1:{port}/")
        server = ServerProcess("Azurite", argv, ready, workdir / "azurite.log")
        server.start(timeout=90)
        stack.callback(server.stop)
        yield AzuriteEndpoint(f"http://127.0.0.1:{port}/{AZURITE_ACCOUNT}")
