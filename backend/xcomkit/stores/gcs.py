"""The GCS store: Google Cloud Storage through the google provider's GCSHook.

Credentials come only from the Airflow connection (`keyfile_dict`, `key_path`, impersonation, or
keyless Application Default Credentials — the hook resolves them). Only object calls are made
(objects.insert/get/delete/list): no bucket get or create, so `storage.objects.*` on the bucket is
enough. Uploads carry a CRC32C that the service checks (one request up to 8 MiB, a resumable upload
in CHUNK_SIZE pieces above it); downloads are checked against the service's CRC32C. Retries are the
client's own DEFAULT_RETRY (exponential backoff on 429/5xx and connection errors); uploads are retried
too because a key always receives the same bytes, so a repeated write is idempotent.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from xcomkit.errors import IntegrityError, ObjectMissingError, StoreAccessError, StoreUnavailableError
from xcomkit.stores.base import ObjectInfo

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit.location import Location

# Resumable uploads go in pieces of this size (a multiple of 256 KiB), so a failed piece is resent
# alone; the client switches to a resumable upload above 8 MiB.
CHUNK_SIZE = 32 * 1024 * 1024
# Deletes run concurrently, one request each (as `gcloud storage rm` does): every request is retried
# and its error mapped to its own key, which a JSON-API batch request offers neither of.
DELETE_WORKERS = 8
CONTENT_TYPE = "application/octet-stream"
_BUCKET_MISSING = "bucket does not exist"


class GCSStore:
    """Objects in one GCS bucket under the location's prefix."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.bucket_name = location.bucket

    @cached_property
    def bucket(self) -> Any:
        """The bucket handle of a client built by GCSHook from the Airflow connection (no API call)."""
        from airflow.providers.google.cloud.hooks.gcs import GCSHook  # noqa: PLC0415 - heavy import
        from google.auth.exceptions import GoogleAuthError  # noqa: PLC0415

        try:
            client = GCSHook(gcp_conn_id=self.location.conn_id).get_conn()
        except GoogleAuthError as err:
            raise self._error(err, "storage.objects.get", "") from err
        return client.bucket(self.bucket_name)

    def put(self, key: str, data: bytes) -> None:
        """Upload with a CRC32C the service verifies; resumable in CHUNK_SIZE pieces above 8 MiB."""
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        blob = self.bucket.blob(key, chunk_size=CHUNK_SIZE)
        try:
            blob.upload_from_string(data, content_type=CONTENT_TYPE, checksum="crc32c", retry=DEFAULT_RETRY)
        except _sdk_errors() as err:
            raise self._error(err, "storage.objects.create", key) from err

    def get(self, key: str) -> bytes:
        """Download whole, checked against the service's CRC32C."""
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        try:
            return self.bucket.blob(key).download_as_bytes(checksum="crc32c", retry=DEFAULT_RETRY)
        except _sdk_errors() as err:
            raise self._error(err, "storage.objects.get", key) from err

    def delete(self, key: str) -> None:
        """Delete one object; a missing object is not an error (a missing bucket is)."""
        from google.api_core.exceptions import NotFound  # noqa: PLC0415
        from google.cloud.storage.retry import DEFAULT_RETRY  # noqa: PLC0415

        try:
            self.bucket.delete_blob(key, retry=DEFAULT_RETRY)
        except NotFound as err:
            if _BUCKET_MISSING in str(err).lower():
                raise self._error(err, "storage.objects.delete", key) from err
        except _sdk_errors() as err:
            raise self._error(err, "storage.objects.delete", key) from err

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
            for blob in self.bucket.list_blobs(prefix=prefix, retry=DEFAULT_RETRY):
                yield ObjectInfo(blob.name, blob.size, blob.updated)
        except _sdk_errors() as err:
            raise self._error(err, "storage.objects.list", prefix) from err

    def _error(self, err: Exception, permission: str, key: str) -> Exception:  # noqa: PLR0911 - one branch per error family
        """Turn an SDK error into one that names the bucket, key, connection and the fix."""
        from google.api_core import exceptions as api  # noqa: PLC0415
        from google.auth import exceptions as auth  # noqa: PLC0415
        from google.cloud.storage.exceptions import DataCorruption  # noqa: PLC0415
        from requests.exceptions import RequestException  # noqa: PLC0415

        conn = self.location.conn_id
        where = f"gs://{self.bucket_name}/{key}"
        if isinstance(err, auth.DefaultCredentialsError) and not isinstance(err, auth.InvalidOperation):
            return StoreAccessError(
                f"no Google credentials for Airflow connection {conn!r} ({err}): set keyfile_dict or "
                "key_path in its extra, or run where Application Default Credentials exist "
                "(Workload Identity, an attached service account, GOOGLE_APPLICATION_CREDENTIALS)"
            )
        if isinstance(err, (auth.RefreshError, api.Unauthorized)) or (
            isinstance(err, auth.GoogleAuthError) and not isinstance(err, auth.TransportError)
        ):
            return StoreAccessError(
                f"the credentials of Airflow connection {conn!r} were rejected on {where} ({err}): "
                "the service-account key may be deleted or disabled; update keyfile_dict "
                "(xcomkit export writes it) or the identity it impersonates"
            )
        if isinstance(err, DataCorruption):
            return IntegrityError(
                f"{where}: the bytes transferred do not match the service's CRC32C ({err}); the "
                "transfer was corrupted in flight — re-run the task"
            )
        if isinstance(err, api.NotFound):
            if permission == "storage.objects.create" or _BUCKET_MISSING in str(err).lower():
                return StoreAccessError(
                    f"bucket {self.bucket_name!r} does not exist for connection {conn!r}: create it "
                    "(terraform apply) or fix the bucket in [xcomkit] path"
                )
            return ObjectMissingError(f"no object at {where} (connection {conn!r})")
        if isinstance(err, api.Forbidden):
            hint = (
                " (overwriting an existing object also needs storage.objects.delete)"
                if permission == "storage.objects.create"
                else ""
            )
            return StoreAccessError(
                f"access denied: connection {conn!r} may not {permission} on {where}{hint}; grant "
                f"{permission} on bucket {self.bucket_name!r} to its service account (the Terraform gcp "
                f"module's custom role has it). Service said: {getattr(err, 'message', err)}"
            )
        if isinstance(
            err, (api.ServerError, api.TooManyRequests, api.RetryError, auth.TransportError, RequestException)
        ):
            return StoreUnavailableError(
                f"{permission} on {where} kept failing after retries: {err}; check the network and "
                "the service status (STORAGE_EMULATOR_HOST, if set, must point at a running emulator)"
            )
        return StoreAccessError(f"{permission} on {where} failed for connection {conn!r}: {err}")


@cache
def _sdk_errors() -> tuple[type[Exception], ...]:
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
