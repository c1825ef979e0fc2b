"""S3 checks: what the identity must NOT be able to do, and the bucket's own settings.

The probes use their own client, built by the amazon provider's S3Hook from the same connection as
the store's, and read refusals through the store's one translator (`S3Store.translate_error`). They
never change anything: listing buckets only reads, and the bucket-policy probe sends a document that
is not valid JSON, so an identity that holds s3:PutBucketPolicy gets MalformedPolicy (S3 authorises
before it parses) and the policy stays as it was. Public access block and default encryption are
read with `--admin-conn-id` when given: a least-privilege identity may not read them, which is then
reported as not checked rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, Check
from xcomkit.checks.probes import must_be_denied
from xcomkit.errors import AccessDeniedError
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from xcomkit.location import Location
    from xcomkit.stores.s3 import S3Store

INVALID_POLICY = "{ xcomkit doctor probe: deliberately not a policy"
# Answers that prove the caller was authorised (S3 authorises before it validates).
AUTHORISED_BUT_INVALID = frozenset({"MalformedPolicy", "InvalidPolicyDocument", "InvalidArgument"})
SDK_ERRORS = (ClientError, BotoCoreError)


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))


def client_for(conn_id: str) -> Any:
    """Build a boto3 S3 client of the connection, as S3Hook builds it (not the store's own)."""
    from airflow.providers.amazon.aws.hooks.s3 import S3Hook  # noqa: PLC0415 - heavy import

    return S3Hook(aws_conn_id=conn_id).get_client_type()


def checks(location: Location, admin_conn_id: str | None) -> Iterator[Check]:
    """Check what the identity must not do, then the bucket's own settings."""
    store: S3Store = open_store(location)  # type: ignore[assignment]
    try:
        client = client_for(location.conn_id)
    except SDK_ERRORS as err:  # e.g. the connection's role_arn cannot be assumed
        raise store.translate_error(err, "list", "") from err
    who = f"connection {location.conn_id!r}"
    yield must_be_denied(
        store,
        "no listing of all buckets",
        "s3:ListAllMyBuckets",
        client.list_buckets,
        allowed=f"{who} can list every bucket of the account",
        fix="remove s3:ListAllMyBuckets (and s3:*) from its identity",
        errors=SDK_ERRORS,
    )
    yield must_be_denied(
        store,
        "no bucket policy change",
        "s3:PutBucketPolicy",
        lambda: client.put_bucket_policy(Bucket=location.bucket, Policy=INVALID_POLICY),
        allowed=f"{who} holds s3:PutBucketPolicy on {location.bucket} (the probe was an invalid "
        "document: nothing changed)",
        fix="remove s3:PutBucketPolicy (and s3:*) from its identity",
        errors=SDK_ERRORS,
        authorised=lambda err: isinstance(err, ClientError) and _code(err) in AUTHORISED_BUT_INVALID,
    )
    reader = client
    if admin_conn_id:
        from xcomkit.checks.common import connection  # noqa: PLC0415

        # S3Hook would fall back to no credentials for an undefined connection: check it first.
        defined = next(connection(location, admin_conn_id))
        if defined.failed:
            for name in ("public access blocked", "default encryption on"):
                yield Check(name, FAILED, f"--admin-conn-id: {defined.detail}", defined.fix)
            return
        reader, who = client_for(admin_conn_id), f"connection {admin_conn_id!r}"
    yield bucket_setting(store, "public access blocked", reader, who, _public_access)
    yield bucket_setting(store, "default encryption on", reader, who, _encryption)


def bucket_setting(
    store: S3Store, name: str, client: Any, who: str, read: Callable[[Any, str], tuple[bool, str]]
) -> Check:
    """Read one bucket setting; not checked (with how to check it) when the identity may not read it."""
    try:
        ok, detail = read(client, store.bucket)
    except ClientError as err:
        if isinstance(store.translate_error(err, "s3:GetBucketPolicy", ""), AccessDeniedError):
            return Check(
                name,
                NOT_CHECKED,
                f"{who} may not read it (right for a least-privilege identity)",
                "pass --admin-conn-id <a connection that may read bucket settings> to check it",
            )
        return Check(name, NOT_CHECKED, f"the server answered {_code(err)}")
    except BotoCoreError as err:
        return Check(name, NOT_CHECKED, f"could not ask: {err}")
    fix = "" if ok else "apply terraform/aws (it blocks public access, enables SSE) or set it on the bucket"
    return Check(name, PASSED if ok else FAILED, detail, fix)


def _public_access(client: Any, bucket: str) -> tuple[bool, str]:
    try:
        config = client.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError as err:
        if _code(err) == "NoSuchPublicAccessBlockConfiguration":
            return False, f"{bucket} has no public access block"
        raise
    off = sorted(k for k, v in config.items() if not v)
    return not off, f"off: {', '.join(off)}" if off else "all four settings on"


def _encryption(client: Any, bucket: str) -> tuple[bool, str]:
    try:
        rules = client.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    except ClientError as err:
        if _code(err) == "ServerSideEncryptionConfigurationNotFoundError":
            return False, f"{bucket} has no default encryption"
        raise
    algorithms = sorted(
        {r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm", "?") for r in rules}
    )
    return bool(rules), f"SSE: {', '.join(algorithms)}"
