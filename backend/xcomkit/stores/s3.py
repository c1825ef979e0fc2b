"""The S3 store: AWS S3, MinIO and any S3-compatible server, through the amazon provider's S3Hook.

Credentials, region and `endpoint_url` come from the Airflow connection (the hook reads them), so the
same code serves AWS and a local server. Only object calls are made (PutObject, GetObject, DeleteObject,
ListBucket on the prefix): no HeadBucket or CreateBucket, so an identity with rights on
`bucket/prefix/*` alone is enough. Retries are botocore's own (standard mode, with backoff), and one
client is shared per process (clients are thread-safe; building one costs ~100 ms).

Integrity rides on S3's flexible checksums: a PutObject carries a SHA-256 that botocore computes and
the service verifies and keeps (AWS, SeaweedFS, MinIO, moto), and the reference records it; a
GetObject asks for it back (`ChecksumMode`), botocore checks the body against it, and the store
compares it with the reference. So each direction hashes the value once. Where the service returns
no full-object SHA-256 (a multipart upload's is per part; an object of xcomkit 0.1; a server without
flexible checksums) the store computes SHA-256 itself, on put or on get.
"""

from __future__ import annotations

import io
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, FlexibleChecksumError, NoCredentialsError

from xcomkit import checksums
from xcomkit.errors import (
    AccessDeniedError,
    BucketMissingError,
    CredentialsError,
    IntegrityError,
    ObjectMissingError,
    StoreAccessError,
    StoreUnavailableError,
    WrongRegionError,
)
from xcomkit.stores.base import ObjectInfo

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit.errors import XComKitError
    from xcomkit.location import Location

# Up to this size a value is one PutObject (no extra memory beyond the value itself); above it a
# multipart upload, so a failed part is retried alone and nothing waits on one huge request.
MULTIPART_THRESHOLD = 256 * 1024 * 1024
MULTIPART_CHUNK = 32 * 1024 * 1024
MULTIPART_IN_MEMORY = 2  # parts copied in memory (and uploaded) at once: +64 MiB of copies at most
DELETE_BATCH = 1000  # DeleteObjects' limit per request

# Used unless the connection's extra sets its own `config_kwargs`. `total_max_attempts` counts the first
# try: botocore's older `max_attempts` counts retries only (5 meant 6 requests) and botocore rewrites
# that key in place inside this shared dict when it builds a client.
DEFAULT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 5}, connect_timeout=10, read_timeout=60
)

CREDENTIAL_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
}
REGION_CODES = {"AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException"}
ASSUME_ROLE_OPERATIONS = frozenset({"AssumeRole", "AssumeRoleWithWebIdentity"})
DENIED_CODES = {"AccessDenied", "AccessDeniedException", "403", "Forbidden", "AllAccessDisabled"}


OPERATIONS = {
    "put": "s3:PutObject",
    "get": "s3:GetObject",
    "delete": "s3:DeleteObject",
    "list": "s3:ListBucket",
}


class S3Store:
    """Objects in one S3 bucket under the location's prefix."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.bucket = location.bucket

    @cached_property
    def client(self) -> Any:
        """The boto3 S3 client built by S3Hook from the Airflow connection."""
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook  # noqa: PLC0415 - heavy import

        hook = S3Hook(aws_conn_id=self.location.conn_id)
        config = DEFAULT_CONFIG.merge(hook.config) if hook.config else DEFAULT_CONFIG
        return hook.get_client_type(config=config)

    def put(self, key: str, data: bytes) -> str:
        """One PutObject with a SHA-256 up to MULTIPART_THRESHOLD; a multipart upload above it."""
        try:
            if len(data) <= MULTIPART_THRESHOLD:
                response = self.client.put_object(
                    Bucket=self.bucket, Key=key, Body=data, ChecksumAlgorithm="SHA256"
                )
                if served := response.get("ChecksumSHA256"):
                    return checksums.sha256_from_base64(served)
            else:
                from boto3.s3.transfer import TransferConfig  # noqa: PLC0415

                transfer = TransferConfig(
                    multipart_threshold=MULTIPART_THRESHOLD,
                    multipart_chunksize=MULTIPART_CHUNK,
                    max_concurrency=MULTIPART_IN_MEMORY,
                )
                # s3transfer copies each part out of the value and by default holds up to 10 of them
                # (a 1 GiB push peaked at +715 MiB); cap the copies so a push stays near the value's size.
                transfer.max_in_memory_upload_chunks = MULTIPART_IN_MEMORY
                self.client.upload_fileobj(io.BytesIO(data), self.bucket, key, Config=transfer)
        except (ClientError, BotoCoreError) as err:
            raise self.translate_error(err, "put", key) from err
        return checksums.own(data)

    def get(self, key: str, checksum: str | None = None) -> bytes:
        """One GetObject, read whole; checked against `checksum` when given (see the module doc)."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
            data = response["Body"].read()  # botocore checks the body against the checksum served
        except (ClientError, BotoCoreError) as err:
            raise self.translate_error(err, "get", key) from err
        if checksum is None:
            return data
        where = f"s3://{self.bucket}/{key}"
        served = _served_sha256(response)
        if served is None or not checksum.startswith("sha256:"):
            checksums.verify(data, checksum, where)
        elif served != checksum:
            raise checksums.mismatch(where, checksum, served)
        return data

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """One ranged GetObject."""
        if length <= 0:
            return b""
        try:
            response = self.client.get_object(
                Bucket=self.bucket, Key=key, Range=f"bytes={start}-{start + length - 1}"
            )
            return response["Body"].read()
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") == "InvalidRange":
                return b""  # the range starts at or past the end of the object
            raise self.translate_error(err, "get", key) from err
        except BotoCoreError as err:
            raise self.translate_error(err, "get", key) from err

    def delete(self, key: str) -> None:
        """One DeleteObject (S3 answers 204 for a missing key too)."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as err:
            raise self.translate_error(err, "delete", key) from err

    def delete_many(self, keys: Iterable[str]) -> int:
        """DeleteObjects in batches of 1,000; raise on the first key the service refused."""
        count = 0
        it = iter(keys)
        while batch := list(islice(it, DELETE_BATCH)):
            try:
                response = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
                )
            except (ClientError, BotoCoreError) as err:
                raise self.translate_error(err, "delete", batch[0]) from err
            if errors := response.get("Errors"):
                first = errors[0]
                refused = ClientError(
                    {"Error": {"Code": first.get("Code"), "Message": first.get("Message")}}, "DeleteObjects"
                )
                raise self.translate_error(refused, "delete", first.get("Key", batch[0]))
            count += len(batch)
        return count

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """ListObjectsV2 under `prefix`, page by page."""
        try:
            paginator = self.client.get_paginator("list_objects_v2")  # builds the client: may assume a role
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    yield ObjectInfo(item["Key"], item["Size"], item["LastModified"])
        except (ClientError, BotoCoreError) as err:
            raise self.translate_error(err, "list", prefix) from err

    def translate_error(self, err: Exception, operation: str, key: str) -> XComKitError:  # noqa: PLR0911 - one branch per S3 error family
        """Turn an SDK error into one that names the bucket, key, connection, permission and fix."""
        action = OPERATIONS.get(operation, operation)
        conn = self.location.conn_id
        where = f"s3://{self.bucket}/{key}"
        if isinstance(err, FlexibleChecksumError):
            return IntegrityError(
                f"{where}: the bytes read do not match the checksum S3 keeps for them ({err})",
                "corrupted in flight or at rest: re-run the task, or clear the task that pushed it",
                resource=where,
            )
        if isinstance(err, NoCredentialsError):
            return CredentialsError(
                f"no AWS credentials for Airflow connection {conn!r}",
                "set its login/password (access key), a role_arn to assume, or run where an instance "
                "role, EKS IRSA or Pod Identity provides them",
                action=action,
            )
        if not isinstance(err, ClientError):
            return StoreUnavailableError(
                f"{action} on {where} failed after retries: {err}",
                f"check the network and the endpoint_url/region of connection {conn!r}",
                action=action,
                resource=where,
            )
        error = err.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if getattr(err, "operation_name", "") in ASSUME_ROLE_OPERATIONS:
            # The connection's role_arn could not be assumed: nothing reached S3 yet.
            return CredentialsError(
                f"connection {conn!r} could not assume its role_arn ({err.operation_name}: {code} "
                f"{error.get('Message')})",
                "the role's trust policy must admit the caller (its principal, external id, or web identity "
                "subject) and the caller needs sts:AssumeRole on the role; the Terraform aws module "
                "renders both",
                action=f"sts:{err.operation_name}",
            )
        if code in ("NoSuchKey", "404", "NotFound"):
            return ObjectMissingError(f"no object at {where} (connection {conn!r})", resource=where)
        if code == "NoSuchBucket":
            return BucketMissingError(
                f"bucket {self.bucket!r} does not exist for connection {conn!r}",
                "create it (terraform apply) or fix the bucket in [xcomkit] path",
                resource=f"arn:aws:s3:::{self.bucket}",
            )
        if code in CREDENTIAL_CODES:
            return CredentialsError(
                f"the credentials of Airflow connection {conn!r} were rejected ({code}) on {where}",
                "update the connection's access key and secret, or its role_arn (xcomkit export writes them)",
                action=action,
            )
        if code in REGION_CODES or status == 301:
            region = error.get("Region") or err.response.get("ResponseMetadata", {}).get(
                "HTTPHeaders", {}
            ).get("x-amz-bucket-region", "the bucket's region")
            return WrongRegionError(
                f"bucket {self.bucket!r} is in {region}, not the region of connection {conn!r} ({code})",
                f'set "region_name": "{region}" in the connection extra',
                resource=f"arn:aws:s3:::{self.bucket}",
            )
        if code in DENIED_CODES:
            hint = (
                " (S3 also answers 403 for a missing object when s3:ListBucket is not granted on the prefix)"
                if action == "s3:GetObject"
                else ""
            )
            resource = f"arn:aws:s3:::{self.bucket}"
            if action in ("s3:PutObject", "s3:GetObject", "s3:DeleteObject"):
                resource += f"/{self.location.prefix}/*"
            return AccessDeniedError(
                f"access denied: connection {conn!r} may not {action} on {where}{hint}",
                f"grant {action} on {resource} to its identity (the Terraform aws-policy module does)",
                action=action,
                resource=resource,
            )
        if (status and int(status) >= 500) or code in ("SlowDown", "ServiceUnavailable", "RequestTimeout"):
            return StoreUnavailableError(
                f"{action} on {where} kept failing after retries ({code}): {error.get('Message')}",
                "check the service status; the SDK already retried with backoff",
                action=action,
                resource=where,
            )
        return StoreAccessError(
            f"{action} on {where} failed for connection {conn!r}: {code} {error.get('Message')}",
            action=action,
            resource=where,
        )


def _served_sha256(response: dict[str, Any]) -> str | None:
    """Return the full SHA-256 the service served, if botocore checked the body against it (else None).

    botocore checks one served checksum (CRC64NVME, CRC32C, CRC32, SHA-1, then SHA-256 first found), so
    a SHA-256 vouches for the body only when it is the only one; a multipart upload's ends in -<parts>.
    """
    served = {k for k in response if k.startswith("Checksum") and k != "ChecksumType"}
    value = response.get("ChecksumSHA256")
    if served != {"ChecksumSHA256"} or not value or "-" in value:
        return None
    return checksums.sha256_from_base64(value)
