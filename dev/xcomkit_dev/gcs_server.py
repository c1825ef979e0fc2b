"""gcp-storage-emulator (PyPI) on 127.0.0.1: the GCS JSON API, in memory, no IAM."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xcomkit_dev.processes import ServerProcess, find_bin, free_port, http_ready

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass(frozen=True)
class GCSEndpoint:
    """How to reach a running GCS emulator (the google client finds it through STORAGE_EMULATOR_HOST)."""

    url: str

    def env(self) -> dict[str, str]:
        """Environment that points every google storage client of a process at the emulator."""
        return {"STORAGE_EMULATOR_HOST": self.url}

    def client(self) -> Any:
        """Return an anonymous admin client for setup and inspection (not the backend's)."""
        from google.api_core.client_options import ClientOptions  # noqa: PLC0415
        from google.auth.credentials import AnonymousCredentials  # noqa: PLC0415
        from google.cloud import storage  # noqa: PLC0415

        return storage.Client(
            project="xcomkit-test",
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=self.url),
        )

    def connection_uri(self, **extra: Any) -> str:
        """Return an Airflow `google_cloud_platform` connection URI (anonymous unless `extra` says)."""
        import json  # noqa: PLC0415
        from urllib.parse import quote  # noqa: PLC0415

        fields = extra or {"project": "xcomkit-test", "is_anonymous": True}
        return f"google-cloud-platform://?__extra__={quote(json.dumps(fields), safe='')}"

    # What the Airflow integration harness needs from any cloud endpoint.
    scheme = "gs"

    def airflow_env(self, conn_id: str) -> dict[str, str]:
        """Environment for an Airflow process: the connection and the emulator's address."""
        return {f"AIRFLOW_CONN_{conn_id.upper()}": self.connection_uri(), **self.env()}

    def create_bucket(self, name: str) -> None:
        """Create a bucket (setup only: the backend itself never makes bucket calls)."""
        self.client().create_bucket(name)

    def object_keys(self, bucket: str) -> set[str]:
        """Every object key in the bucket."""
        return {blob.name for blob in self.client().list_blobs(bucket)}

    def read_object(self, bucket: str, key: str) -> bytes:
        """Read one object straight from the emulator."""
        return self.client().bucket(bucket).blob(key).download_as_bytes()


@contextlib.contextmanager
def gcs_emulator(workdir: Path | None = None) -> Iterator[GCSEndpoint]:
    """Run gcp-storage-emulator (PyPI) in memory on a free loopback port."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xcomkit-gcs-")))
        port = free_port()
        server = ServerProcess(
            "gcp-storage-emulator",
            [
                find_bin("gcp-storage-emulator"),
                "start",
                "-H",
                "127.0.0.1",
                "--port",
                str(port),
                "--in-memory",
            ],
            http_ready(f"http://127.0.0.1:{port}/storage/v1/b"),
            workdir / "gcs.log",
        )
        server.start()
        stack.callback(server.stop)
        yield GCSEndpoint(f"http://127.0.0.1:{port}")
