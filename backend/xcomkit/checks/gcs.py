"""GCS checks: what the identity must NOT be able to do, and the bucket's own settings.

Bucket IAM rights are asked with `testIamPermissions`, which answers with the subset the caller
holds and changes nothing; listing buckets only reads. Public access prevention and uniform
bucket-level access need `storage.buckets.get`, which a least-privilege identity lacks: they are
read with `--admin-conn-id` when given, and reported as not checked otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, Check
from xcomkit.checks.probes import must_be_denied
from xcomkit.errors import AccessDeniedError
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.location import Location
    from xcomkit.stores.gcs import GCSStore

# Bucket-level rights that would let the identity widen its own access or expose the bucket.
BUCKET_ADMIN = (
    "storage.buckets.setIamPolicy",
    "storage.buckets.update",
    "storage.buckets.delete",
    "storage.buckets.getIamPolicy",
)


def client_for(conn_id: str) -> Any:
    """Build a storage client of the connection, as GCSHook builds it (not the store's own)."""
    from airflow.providers.google.cloud.hooks.gcs import GCSHook  # noqa: PLC0415 - heavy import

    return GCSHook(gcp_conn_id=conn_id).get_conn()


def checks(location: Location, admin_conn_id: str | None) -> Iterator[Check]:
    """Check what the identity must not do, then public access prevention and uniform access."""
    from xcomkit.stores.gcs import sdk_errors  # noqa: PLC0415

    store: GCSStore = open_store(location)  # type: ignore[assignment]
    client = client_for(location.conn_id)
    who = f"connection {location.conn_id!r}"
    yield bucket_iam(store, client, who)
    yield must_be_denied(
        store,
        "no listing of all buckets",
        "storage.buckets.list",
        lambda: next(iter(client.list_buckets(max_results=1)), None),
        allowed=f"{who} can list the project's buckets",
        fix="grant its service account object roles on this bucket only, no project-level storage role",
        errors=sdk_errors(),
    )
    reader, who = (
        (client, who) if not admin_conn_id else (client_for(admin_conn_id), f"connection {admin_conn_id!r}")
    )
    yield from bucket_settings(store, reader, who)


def bucket_iam(store: GCSStore, client: Any, who: str) -> Check:
    """Fail when the identity holds any bucket-admin right (testIamPermissions: read-only)."""
    from xcomkit.stores.gcs import sdk_errors  # noqa: PLC0415

    name = "no bucket IAM change"
    try:
        held = client.bucket(store.bucket).test_iam_permissions(list(BUCKET_ADMIN))
    except sdk_errors() as err:
        return Check(
            name, NOT_CHECKED, f"testIamPermissions failed: {store.translate_error(err, 'get', '').detail}"
        )
    if held:
        return Check(
            name,
            FAILED,
            f"{who} holds {', '.join(sorted(held))} on bucket {store.bucket!r}",
            "give its service account object roles only (the Terraform gcp module's custom role), no "
            "storage.admin or legacyBucketOwner",
        )
    return Check(name, PASSED, f"none of {', '.join(BUCKET_ADMIN)}")


def bucket_settings(store: GCSStore, client: Any, who: str) -> Iterator[Check]:
    """Check public access prevention is enforced and uniform bucket-level access is on."""
    from xcomkit.stores.gcs import sdk_errors  # noqa: PLC0415

    names = ("public access prevented", "uniform bucket-level access")
    bucket = client.bucket(store.bucket)
    try:
        bucket.reload()
    except sdk_errors() as err:
        mapped = store.translate_error(err, "storage.buckets.get", "")
        for name in names:
            if isinstance(mapped, AccessDeniedError):
                yield Check(
                    name,
                    NOT_CHECKED,
                    f"{who} may not read the bucket's settings (right for a least-privilege identity)",
                    "pass --admin-conn-id <a connection with storage.buckets.get> to check it",
                )
            else:
                yield Check(name, NOT_CHECKED, mapped.detail)
        return
    config = bucket.iam_configuration
    prevention = config.public_access_prevention
    yield Check(
        names[0],
        PASSED if prevention == "enforced" else FAILED,
        f"publicAccessPrevention = {prevention}",
        "" if prevention == "enforced" else "apply terraform/gcp (it enforces it) or set it on the bucket",
    )
    uniform = bool(config.uniform_bucket_level_access_enabled)
    yield Check(
        names[1],
        PASSED if uniform else FAILED,
        f"uniformBucketLevelAccess = {uniform}",
        "" if uniform else "enable uniform bucket-level access: object ACLs bypass the prefix-scoped IAM",
    )
