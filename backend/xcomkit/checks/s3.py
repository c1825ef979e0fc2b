"""S3 checks: credentials and bucket told apart, and what the identity must NOT be able to do.

The "must not" probes never change anything: listing buckets only reads, and the bucket-policy probe
sends a document that is not valid JSON, so an identity that holds s3:PutBucketPolicy gets
MalformedPolicy (S3 authorises before it parses) and the policy stays as it was. Public access block
and default encryption are read with `--admin-conn-id` when given: a least-privilege identity may
not read them, which is then reported as – rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from xcomkit.checks import FAILED, OK, SKIPPED, Check
from xcomkit.checks.common import EXPORT_HINT, split
from xcomkit.stores import open_store
from xcomkit.stores.s3 import CREDENTIAL_CODES, REGION_CODES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.config import Settings

DENIED = {"AccessDenied", "AccessDeniedException", "403", "Forbidden", "AllAccessDisabled"}
INVALID_POLICY = "{ xcomkit doctor probe: deliberately not a policy"


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))


def reachability(settings: Settings) -> Iterator[Check]:
    """One ListObjectsV2 under the prefix, told apart: credentials, bucket/region, or the permission."""
    location = settings.location
    store = open_store(location)
    conn = location.conn_id
    try:
        store.client.list_objects_v2(Bucket=location.bucket, Prefix=f"{location.prefix}/", MaxKeys=1)
    except NoCredentialsError as err:
        yield Check(
            "credentials valid", FAILED, *split(store.translate_error(err, "s3:ListBucket", ""), EXPORT_HINT)
        )
        yield Check("bucket reachable", SKIPPED, "no credentials")
        return
    except BotoCoreError as err:
        yield Check("credentials valid", SKIPPED, "the endpoint did not answer")
        yield Check("bucket reachable", FAILED, *split(store.translate_error(err, "s3:ListBucket", ""), ""))
        return
    except ClientError as err:
        code, message = _code(err), store.translate_error(err, "s3:ListBucket", f"{location.prefix}/")
        if code in CREDENTIAL_CODES:
            yield Check("credentials valid", FAILED, *split(message, EXPORT_HINT))
            yield Check("bucket reachable", SKIPPED, "credentials rejected")
            return
        yield Check("credentials valid", OK, f"connection {conn!r} accepted ({code})")
        if code == "NoSuchBucket" or code in REGION_CODES or code.startswith("3"):
            yield Check("bucket reachable", FAILED, *split(message, ""))
        elif code in DENIED:
            yield Check("bucket reachable", OK, f"s3://{location.bucket} answers")
            yield Check("list under the prefix", FAILED, *split(message, ""))
        else:
            yield Check("bucket reachable", FAILED, f"{code}: {message}", "")
        return
    yield Check("credentials valid", OK, f"connection {conn!r} accepted")
    yield Check("bucket reachable", OK, f"listed s3://{location.bucket}/{location.prefix}/")


def checks(settings: Settings, admin_conn_id: str | None) -> Iterator[Check]:
    """Check what the identity must not do, then the bucket's own settings."""
    location = settings.location
    client = open_store(location).client
    yield _must_be_denied(
        "no listing of all buckets",
        client.list_buckets,
        f"connection {location.conn_id!r} can list every bucket of the account",
        "remove s3:ListAllMyBuckets (and s3:*) from its identity",
    )
    yield _must_be_denied(
        "no bucket policy change",
        lambda: client.put_bucket_policy(Bucket=location.bucket, Policy=INVALID_POLICY),
        f"connection {location.conn_id!r} holds s3:PutBucketPolicy on {location.bucket} "
        "(the probe was an invalid document: nothing changed)",
        "remove s3:PutBucketPolicy (and s3:*) from its identity",
        also_proof={"MalformedPolicy", "InvalidPolicyDocument", "InvalidArgument"},
    )
    reader, who = client, f"connection {location.conn_id!r}"
    if admin_conn_id:
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook  # noqa: PLC0415 - heavy import
        from airflow.sdk import BaseHook  # noqa: PLC0415
        from airflow.sdk.exceptions import AirflowNotFoundException  # noqa: PLC0415

        try:
            BaseHook.get_connection(admin_conn_id)  # S3Hook would fall back to no credentials
        except AirflowNotFoundException:
            fix = f"define connection {admin_conn_id!r} (AIRFLOW_CONN_{admin_conn_id.upper()}) or drop it"
            for name in ("public access blocked", "default encryption on"):
                yield Check(name, FAILED, f"--admin-conn-id {admin_conn_id!r} is not defined", fix)
            return
        reader, who = S3Hook(aws_conn_id=admin_conn_id).get_client_type(), f"connection {admin_conn_id!r}"
    yield _bucket_setting("public access blocked", reader, who, location.bucket, _public_access)
    yield _bucket_setting("default encryption on", reader, who, location.bucket, _encryption)


def _must_be_denied(
    name: str, call: Any, allowed: str, fix: str, also_proof: frozenset[str] | set[str] = frozenset()
) -> Check:
    """✓ when S3 refuses with AccessDenied; ✗ when the call (or its authorisation) went through."""
    try:
        call()
    except ClientError as err:
        code = _code(err)
        if code in DENIED:
            return Check(name, OK, f"denied as expected ({code})")
        if code in also_proof:
            return Check(name, FAILED, allowed, fix)
        return Check(name, SKIPPED, f"the server answered {code}, which proves neither way")
    except BotoCoreError as err:
        return Check(name, SKIPPED, f"could not ask: {err}")
    return Check(name, FAILED, allowed, fix)


def _bucket_setting(name: str, client: Any, who: str, bucket: str, read: Any) -> Check:
    try:
        ok, detail = read(client, bucket)
    except ClientError as err:
        if _code(err) in DENIED:
            return Check(
                name,
                SKIPPED,
                f"{who} may not read it (right for a least-privilege identity)",
                "pass --admin-conn-id <a connection that may read bucket settings> to check it",
            )
        return Check(name, SKIPPED, f"the server answered {_code(err)}")
    except BotoCoreError as err:
        return Check(name, SKIPPED, f"could not ask: {err}")
    fix = "" if ok else "apply terraform/aws (it blocks public access, enables SSE) or set it on the bucket"
    return Check(name, OK if ok else FAILED, detail, fix)


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
