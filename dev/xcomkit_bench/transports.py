"""Each store's own SDK, put and get of bytes and nothing else: the transfer limit of the raw rows.

Used as their users call them, defaults included (botocore adds and checks a CRC32, the google client
a CRC32C): the limit is what the SDK costs on its own, not a stripped-down path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from xcomkit_bench.context import Context


class Transport:
    """Put and get whole objects by key in the context's bucket (or directory)."""

    label: ClassVar[str]

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def put(self, key: str, data: bytes) -> None:
        """Write the object."""
        raise NotImplementedError

    def get(self, key: str) -> bytes:
        """Read the object whole."""
        raise NotImplementedError


def boto3_client(ctx: Context) -> Any:
    """A plain boto3 S3 client on the run's server."""
    import boto3

    s3 = ctx.s3 or {}
    return boto3.client(
        "s3",
        endpoint_url=s3["url"],
        aws_access_key_id=s3["access_key"],
        aws_secret_access_key=s3["secret_key"],
        region_name=s3["region"],
    )


class Boto3(Transport):
    """put_object / get_object."""

    label = "raw boto3"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.client = boto3_client(ctx)

    def put(self, key: str, data: bytes) -> None:
        """One PutObject."""
        self.client.put_object(Bucket=self.ctx.bucket, Key=key, Body=data)

    def get(self, key: str) -> bytes:
        """One GetObject, read whole."""
        return self.client.get_object(Bucket=self.ctx.bucket, Key=key)["Body"].read()


class GoogleCloudStorage(Transport):
    """Blob.upload_from_string / download_as_bytes on the emulator."""

    label = "raw google-cloud-storage"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from xcomkit_dev.gcs_server import GCSEndpoint

        self.bucket = GCSEndpoint(ctx.gcs_url).client().bucket(ctx.bucket)

    def put(self, key: str, data: bytes) -> None:
        """One upload (resumable above 8 MiB, as the client decides)."""
        self.bucket.blob(key).upload_from_string(data)

    def get(self, key: str) -> bytes:
        """One download."""
        return self.bucket.blob(key).download_as_bytes()


class AzureStorageBlob(Transport):
    """BlobClient.upload_blob / download_blob on Azurite."""

    label = "raw azure-storage-blob"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from azure.storage.blob import BlobServiceClient

        service = BlobServiceClient.from_connection_string(ctx.azure_connection_string)
        self.container = service.get_container_client(ctx.bucket)

    def put(self, key: str, data: bytes) -> None:
        """One upload (in blocks above 64 MiB, as the SDK decides)."""
        self.container.upload_blob(key, data, overwrite=True)

    def get(self, key: str) -> bytes:
        """One download, read whole."""
        return self.container.download_blob(key).readall()


class Files(Transport):
    """Path.write_bytes / read_bytes: the file I/O the local store does its work on top of."""

    label = "raw file I/O"

    def put(self, key: str, data: bytes) -> None:
        """Write the file (creating its directory)."""
        path = Path("/", key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def get(self, key: str) -> bytes:
        """Read the file."""
        return Path("/", key).read_bytes()


class DurableFiles(Files):
    """What the local store promises on top of file I/O: a temporary file, fsync, rename over the key."""

    label = "raw file I/O with fsync + rename"

    def put(self, key: str, data: bytes) -> None:
        """Write beside the key, flush to disk, rename: a crash never leaves half a file at the key."""
        path = Path("/", key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)


TRANSPORTS: dict[str, type[Transport]] = {
    "s3": Boto3,
    "gcs": GoogleCloudStorage,
    "azure": AzureStorageBlob,
    "local": Files,
}
