"""The GCS store: Google Cloud Storage through the google provider's GCSHook.

Credentials come only from the Airflow connection (`keyfile_dict`, `key_path`, impersonation, or
keyless Application Default Credentials — the hook resolves them). Only object calls are made
(objects.insert/get/delete/list): no bucket get or create, so `storage.objects.*` on the bucket is
enough. Uploads carry a CRC32C that the client computes and the service checks and keeps (one
request up to 8 MiB, a resumable upload in CHUNK_SIZE pieces above it); the reference records the
service's CRC32C. Downloads are checked by the client against the CRC32C the service sends, and the
store compares that one with the reference: one CRC32C (in C) per direction, nothing hashed twice.
If the service sends none, the store computes it. Retries are the
client's own DEFAULT_RETRY (exponential backoff on 429/5xx and connection errors); uploads are retried
too because a key always receives the same bytes, so a repeated write is idempotent.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from xcomkit import checksums
from xcomkit.errors import (
    AccessDeniedError,
    BucketMissingError,
    CredentialsError,
    IntegrityError,
    ObjectMissingError,
    StoreAccessError,
    StoreUnavailableError,
)
from xcomkit.stores.base import ObjectInfo

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit.errors import XComKitError
    from xcomkit.location import Location

# Resumable uploads go in pieces of this size (a multiple of 256 KiB), so a failed piece is resent
# alone; the client switches to a resumable upload above 8 MiB.
CHUNK_SIZE = 32 * 1024 * 1024
# Deletes run concurrently, one request each (as `gcloud storage rm` does): every request is retried
# and its error mapped to its own key, which a JSON-API batch request offers neither of.
DELETE_WORKERS = 8
CONTENT_TYPE = "application/octet-stream"
_BUCKET_MISSING = "bucket does not exist"


OPERATIONS = {
    "put": "storage.objects.create",
    "get": "storage.objects.get",
    "delete": "storage.objects.delete",
    "list": "storage.objects.list",
}


class GCSStore:
    """Objects in one GCS bucket under the location's prefix."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.bucket = location.bucket

    @cached_property
    def handle(self) -> Any:
        """The bucket handle of a client built by GCSHook from the Airflow connection (no API call)."""
        from airflow.providers.google.cloud.hooks.gcs import GCSHook  # noqa: PLC0415 - heavy import
        from google.auth.exceptions import GoogleAuthError  # noqa: PLC0415

        try:
            client = GCSHook(gcp_conn_id=self.location.conn_id).get_conn()
        except GoogleAuthError as err:
            raise self.translate_error(err, "get", "") from err
        return client.bucket(self.bucket)

    def put(self, key: str, data: bytes) -> str:
        """Upload with a CRC32C the service verifies; resumable in CHUNK_SIZE pieces above 8 MiB."""
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        blob = self.handle.blob(key, chunk_size=CHUNK_SIZE)
        try:
            blob.upload_from_string(data, content_type=CONTENT_TYPE, checksum="crc32c", retry=DEFAULT_RETRY)
        except sdk_errors() as err:
            raise self.translate_error(err, "put", key) from err
        return f"crc32c:{blob.crc32c}" if blob.crc32c else checksums.compute("crc32c", data)

    def get(self, key: str, checksum: str | None = None) -> bytes:
        """Download whole, checked against the service's CRC32C, then against `checksum` when given."""
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        blob = self.handle.blob(key)
        try:
            data = blob.download_as_bytes(checksum="crc32c", retry=DEFAULT_RETRY)
        except sdk_errors() as err:
            raise self.translate_error(err, "get", key) from err
        if checksum is None:
            return data
        where = f"gs://{self.bucket}/{key}"
        # The client has checked the body against the CRC32C of the response's x-goog-hash, if any.
        if blob.crc32c and checksum.startswith("crc32c:"):
            if f"crc32c:{blob.crc32c}" != checksum:
                raise checksums.mismatch(where, checksum, f"crc32c:{blob.crc32c}")
        else:
            checksums.verify(data, checksum, where)
        return data

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """One ranged download (`end` is inclusive in the SDK)."""
        from google.api_core.exceptions import RequestRangeNotSatisfiable  # noqa: PLC0415
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        if length <= 0:
            return b""
        try:
            return self.handle.blob(key).download_as_bytes(
                start=start, end=start + length - 1, checksum=None, retry=DEFAULT_RETRY
            )
        except RequestRangeNotSatisfiable:
            return b""
        except sdk_errors() as err:
            raise self.translate_error(err, "get", key) from err

    def delete(self, key: str) -> None:
        """Delete one object; a missing object is not an error (a missing bucket is)."""
        from google.api_core.exceptions import NotFound  # noqa: PLC0415
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        try:
            self.handle.delete_blob(key, retry=DEFAULT_RETRY)
        except NotFound as err:
            if _BUCKET_MISSING in str(err).lower():
                raise self.translate_error(err, "delete", key) from err
        except sdk_errors() as err:
            raise self.translate_error(err, "delete", key) from err

    def delete_many(self, keys: Iterable[str]) -> int:
        """Delete concurrently, each request retried on its own; raise the first failure."""
        keys = list(keys)
        if not keys:
            return 0
        with ThreadPoolExecutor(max_workers=min(DELETE_WORKERS, len(keys))) as pool:
            for _ in pool.map(self.delete, keys):
                pass
        return len(keys)

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """objects.list under `prefix`, page by page."""
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        try:
            for blob in self.handle.list_blobs(prefix=prefix, retry=DEFAULT_RETRY):
                yield ObjectInfo(blob.name, blob.size, blob.updated)
        except sdk_errors() as err:
            raise self.translate_error(err, "list", prefix) from err

    def translate_error(self, err: Exception, operation: str, key: str) -> XComKitError:  # noqa: PLR0911 - one branch per error family
        """Turn an SDK error into one that names the bucket, key, connection, permission and fix."""
        from google.api_core import exceptions as api  # noqa: PLC0415
        from google.auth import exceptions as auth  # noqa: PLC0415
        from google.cloud.storage.exceptions import DataCorruption  # noqa: PLC0415
        from requests.exceptions import RequestException  # noqa: PLC0415

        permission = OPERATIONS.get(operation, operation)
        conn = self.location.conn_id
        where = f"gs://{self.bucket}/{key}"
        if isinstance(err, auth.DefaultCredentialsError) and not isinstance(err, auth.InvalidOperation):
            return CredentialsError(
                f"no Google credentials for Airflow connection {conn!r} ({err})",
                "set keyfile_dict or key_path in its extra, or run where Application Default "
                "Credentials exist (Workload Identity, an attached service account, "
                "GOOGLE_APPLICATION_CREDENTIALS)",
                action=permission,
            )
        if isinstance(err, (auth.RefreshError, api.Unauthorized)) or (
            isinstance(err, auth.GoogleAuthError) and not isinstance(err, auth.TransportError)
        ):
            return CredentialsError(
                f"the credentials of Airflow connection {conn!r} were rejected on {where} ({err})",
                "the service-account key may be deleted or disabled; update keyfile_dict (xcomkit export "
                "writes it) or the identity it impersonates",
                action=permission,
            )
        if isinstance(err, DataCorruption):
            return IntegrityError(
                f"{where}: the bytes transferred do not match the service's CRC32C ({err})",
                "the transfer was corrupted in flight: re-run the task",
                resource=where,
            )
        if isinstance(err, api.NotFound):
            if operation == "put" or _BUCKET_MISSING in str(err).lower():
                return BucketMissingError(
                    f"bucket {self.bucket!r} does not exist for connection {conn!r}",
                    "create it (terraform apply) or fix the bucket in [xcomkit] path",
                    resource=f"projects/_/buckets/{self.bucket}",
                )
            return ObjectMissingError(f"no object at {where} (connection {conn!r})", resource=where)
        if isinstance(err, api.Forbidden):
            hint = (
                " (overwriting an existing object also needs storage.objects.delete)"
                if permission == "storage.objects.create"
                else ""
            )
            return AccessDeniedError(
                f"access denied: connection {conn!r} may not {permission} on {where}{hint}. Service said: "
                f"{getattr(err, 'message', err)}",
                f"grant {permission} on bucket {self.bucket!r} to its service account (the Terraform gcp "
                "module's custom role has it)",
                action=permission,
                resource=f"projects/_/buckets/{self.bucket}",
            )
        if isinstance(
            err, (api.ServerError, api.TooManyRequests, api.RetryError, auth.TransportError, RequestException)
        ):
            return StoreUnavailableError(
                f"{permission} on {where} kept failing after retries: {err}",
                "check the network and the service status (STORAGE_EMULATOR_HOST, if set, must point at a "
                "running emulator)",
                action=permission,
                resource=where,
            )
        return StoreAccessError(
            f"{permission} on {where} failed for connection {conn!r}: {err}",
            action=permission,
            resource=where,
        )


@cache
def sdk_errors() -> tuple[type[Exception], ...]:
    """Return the SDK's error families, imported on first failure only (the SDK is a heavy import)."""
    from google.api_core.exceptions import GoogleAPICallError, RetryError  # noqa: PLC0415
    from google.auth.exceptions import GoogleAuthError  # noqa: PLC0415
    from google.cloud.storage.exceptions import DataCorruption, InvalidResponse  # noqa: PLC0415
    from requests.exceptions import RequestException  # noqa: PLC0415

    return (
        GoogleAPICallError,
        RetryError,
        GoogleAuthError,
        DataCorruption,
        InvalidResponse,
        RequestException,
    )
