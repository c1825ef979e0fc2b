"""The Azure Blob store: block blobs through the microsoft-azure provider's WasbHook.

Credentials come only from the Airflow connection, in the forms WasbHook reads: a service principal
(login = client id, password = secret, extra `tenant_id`), a container SAS (extra `sas_token`), an
account key or connection string (Azurite, dev), or keyless DefaultAzureCredential (managed or
workload identity). Only blob calls are made (Put Blob/Block, Get Blob, Delete Blob, List Blobs on the
prefix): no container get or create, so a container-scoped SAS or the Storage Blob Data Contributor
role on the container is enough. The SDK uploads in one request up to 64 MiB and in 4 MiB blocks
above it, downloads in ranges, and retries with its own exponential policy (tunable through the
connection extra, e.g. `retry_total`).

Integrity: the service keeps a Content-MD5 only for a blob written in one request (a block list gets
none), and a client may set that property to anything, so it cannot vouch for what a later read
returns. The store hashes the value once per direction instead: SHA-256 on put (recorded in the
reference) and on get, in place of the SDK's MD5 per request and a whole-value MD5 on top (three
passes each way before). A blob corrupted in flight on put fails its first read.
"""

from __future__ import annotations

from functools import cache, cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any

from xcomkit import checksums
from xcomkit.errors import (
    AccessDeniedError,
    BucketMissingError,
    CredentialsError,
    ObjectMissingError,
    StoreAccessError,
    StoreUnavailableError,
)
from xcomkit.stores.base import ObjectInfo

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit.errors import XComKitError
    from xcomkit.location import Location

MAX_CONCURRENCY = 4  # parallel blocks / ranges per large value
DELETE_BATCH = 256  # Blob Batch's limit per request

# Operation -> (SAS permission letter, RBAC data action) that grants it.
OPERATIONS = {
    "put": (
        "w (write) and c (create)",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
    ),
    "get": ("r (read)", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"),
    "delete": ("d (delete)", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete"),
    "list": ("l (list)", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"),
}
_CREDENTIAL_CODES = {"AuthenticationFailed", "InvalidAuthenticationInfo", "NoAuthenticationInformation"}
_DENIED_CODES = {
    "AuthorizationPermissionMismatch",
    "AuthorizationFailure",
    "AuthorizationResourceTypeMismatch",
    "AuthorizationServiceMismatch",
    "AuthorizationSourceIPMismatch",
    "AuthorizationProtocolMismatch",
}


class AzureBlobStore:
    """Block blobs in one container under the location's prefix (`bucket` is the container's name)."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.bucket = location.bucket

    @cached_property
    def container(self) -> Any:
        """A ContainerClient of the BlobServiceClient WasbHook builds from the connection (no API call)."""
        from airflow.providers.microsoft.azure.hooks.wasb import WasbHook  # noqa: PLC0415 - heavy import

        service = WasbHook(wasb_conn_id=self.location.conn_id).get_conn()
        return service.get_container_client(self.bucket)

    def put(self, key: str, data: bytes) -> str:
        """Upload (one request up to 64 MiB, 4 MiB blocks above), MD5 checked per request."""
        from azure.storage.blob import BlobType, ContentSettings  # noqa: PLC0415

        checksum = checksums.own(data)
        try:
            self.container.upload_blob(
                key,
                data,
                blob_type=BlobType.BLOCKBLOB,
                overwrite=True,
                content_settings=ContentSettings(content_type="application/octet-stream"),
                max_concurrency=MAX_CONCURRENCY,
            )
        except sdk_errors() as err:
            raise self.translate_error(err, "put", key) from err
        return checksum

    def get(self, key: str, checksum: str | None = None) -> bytes:
        """Download in ranges; check the whole value against `checksum` when given (one pass)."""
        try:
            data = self.container.download_blob(key, max_concurrency=MAX_CONCURRENCY).readall()
        except sdk_errors() as err:
            raise self.translate_error(err, "get", key) from err
        if checksum is not None:
            checksums.verify(data, checksum, self._where(key))
        return data

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """One ranged download."""
        from azure.core.exceptions import HttpResponseError  # noqa: PLC0415

        if length <= 0:
            return b""
        try:
            return self.container.download_blob(key, offset=start, length=length).readall()
        except HttpResponseError as err:
            if err.status_code == 416:
                return b""
            raise self.translate_error(err, "get", key) from err
        except sdk_errors() as err:
            raise self.translate_error(err, "get", key) from err

    def delete(self, key: str) -> None:
        """Delete one blob; a missing blob is not an error (a missing container is)."""
        from azure.core.exceptions import ResourceNotFoundError  # noqa: PLC0415

        try:
            self.container.delete_blob(key)
        except ResourceNotFoundError as err:
            if getattr(err, "error_code", None) != "BlobNotFound":
                raise self.translate_error(err, "delete", key) from err
        except sdk_errors() as err:
            raise self.translate_error(err, "delete", key) from err

    def delete_many(self, keys: Iterable[str]) -> int:
        """Blob Batch deletes, 256 per request; missing blobs are fine, any other refusal raises."""
        count = 0
        it = iter(keys)
        while batch := list(islice(it, DELETE_BATCH)):
            try:
                responses = self.container.delete_blobs(*batch, raise_on_any_failure=False)
            except sdk_errors() as err:
                raise self.translate_error(err, "delete", batch[0]) from err
            for key, response in zip(batch, responses, strict=True):
                if response.status_code >= 300 and response.status_code != 404:
                    code = response.headers.get("x-ms-error-code", "")
                    raise self._refusal(response.status_code, code, response.reason or "", "delete", key)
            count += len(batch)
        return count

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """List Blobs under `prefix`, page by page."""
        try:
            for blob in self.container.list_blobs(name_starts_with=prefix):
                yield ObjectInfo(blob.name, blob.size, blob.last_modified)
        except sdk_errors() as err:
            raise self.translate_error(err, "list", prefix) from err

    def _where(self, key: str) -> str:
        return f"wasb://{self.bucket}/{key}"

    def translate_error(self, err: Exception, operation: str, key: str) -> XComKitError:
        """Turn an SDK error into one that names the container, key, connection, permission and fix."""
        from azure.core import exceptions as az  # noqa: PLC0415

        conn = self.location.conn_id
        if isinstance(err, az.ClientAuthenticationError) and getattr(err, "status_code", None) is None:
            # Raised by azure-identity before any storage request: the token could not be obtained.
            return CredentialsError(
                f"no Azure token for Airflow connection {conn!r} ({err})",
                "check its tenant_id, client id (login) and client secret (password), or the managed "
                "identity (and federated credential) it runs as",
            )
        if isinstance(err, az.HttpResponseError) and err.status_code is not None:
            code = str(getattr(err.error_code, "value", err.error_code) or "")
            return self._refusal(err.status_code, code, err.reason or str(err), operation, key)
        return StoreUnavailableError(
            f"{operation} on {self._where(key)} failed after retries: {err}",
            f"check the network and the account URL (host) of connection {conn!r}",
            resource=self._where(key),
        )

    def _refusal(self, status: int, code: str, reason: str, operation: str, key: str) -> XComKitError:
        """Map one refused request (status, x-ms-error-code) to the kit's error."""
        conn = self.location.conn_id
        where = self._where(key)
        sas, action = OPERATIONS.get(operation, ("", operation))
        if code == "BlobNotFound" or (status == 404 and operation == "get" and code != "ContainerNotFound"):
            return ObjectMissingError(f"no object at {where} (connection {conn!r})", resource=where)
        if code == "ContainerNotFound":
            return BucketMissingError(
                f"container {self.bucket!r} does not exist for connection {conn!r}",
                "create it (terraform apply) or fix the container in [xcomkit] path",
                resource=f"container {self.bucket}",
            )
        if code in _CREDENTIAL_CODES or status == 401:
            return CredentialsError(
                f"the credentials of Airflow connection {conn!r} were rejected on {where} ({code})",
                "the SAS token may have expired or the account key or client secret changed; update the "
                "connection (xcomkit export writes it)",
                action=action,
            )
        if code in _DENIED_CODES or status == 403:
            # AuthorizationFailure is also what a SAS outside its validity or scope (or a wrong
            # account key, on Azurite) earns, and what the account's network rules answer.
            why = (
                " (a SAS token expired or signed for another container, a wrong account key, or the "
                "account's network rules)"
                if code == "AuthorizationFailure"
                else ""
            )
            return AccessDeniedError(
                f"access denied ({code}): connection {conn!r} may not {operation} {where}{why}",
                f"with a SAS token it needs permission {sas} on container {self.bucket!r}; with a service "
                f"principal or managed identity, the data action {action} (role Storage Blob Data "
                "Contributor on the container, as the Terraform azure module assigns)",
                action=action,
                resource=f"container {self.bucket}",
            )
        if status >= 500 or status in (408, 429):
            return StoreUnavailableError(
                f"{operation} on {where} kept failing after retries: {status} {code} {reason}",
                "check the service status; the SDK already retried with backoff",
                action=action,
                resource=where,
            )
        return StoreAccessError(
            f"{operation} on {where} failed for connection {conn!r}: {status} {code} {reason}",
            action=action,
            resource=where,
        )


@cache
def sdk_errors() -> tuple[type[Exception], ...]:
    """Return the SDK's error family, imported on first failure only (the SDK is a heavy import)."""
    from azure.core.exceptions import AzureError  # noqa: PLC0415

    return (AzureError,)
