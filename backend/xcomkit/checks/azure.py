"""Azure checks: what the identity must NOT be able to do, and the container's and key's state.

The probes only read: listing the account's containers, listing a container next to ours (a name
nobody uses: "not found" means the identity got past authorisation, so it can read other
containers), and reading our container's access policy (ACL). Whether the connection signs with the
account's shared key is read from the connection itself; the container's public access level from
its properties (with `--admin-conn-id` when the workers' identity may not read them). Account-wide
settings (`allowBlobPublicAccess`, `allowSharedKeyAccess`) live in the management plane, which a
data-plane client cannot read: the Terraform azure module sets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, Check
from xcomkit.checks.probes import must_be_denied
from xcomkit.errors import AccessDeniedError, CredentialsError
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.location import Location
    from xcomkit.stores.azure import AzureBlobStore

OTHER_CONTAINER = "xcomkit-doctor-no-such-container"
SHARED_KEY_FIX = (
    "connect with a managed identity (workload identity) or a user-delegation SAS, then turn shared-key "
    "access off on the account (the Terraform azure module does)"
)


def service_for(conn_id: str) -> Any:
    """Build a BlobServiceClient of the connection, as WasbHook builds it (not the store's own)."""
    from airflow.providers.microsoft.azure.hooks.wasb import WasbHook  # noqa: PLC0415 - heavy import

    return WasbHook(wasb_conn_id=conn_id).get_conn()


def checks(location: Location, admin_conn_id: str | None) -> Iterator[Check]:
    """Check what the identity must not do, then shared-key use and the container's public access."""
    from xcomkit.stores.azure import sdk_errors  # noqa: PLC0415

    store: AzureBlobStore = open_store(location)  # type: ignore[assignment]
    service = service_for(location.conn_id)
    who = f"connection {location.conn_id!r}"
    fix = "scope its SAS or role assignment (Storage Blob Data Contributor) to container " + repr(
        store.bucket
    )
    yield must_be_denied(
        store,
        "no listing of all containers",
        "Microsoft.Storage/storageAccounts/blobServices/containers/read",
        lambda: next(iter(service.list_containers(results_per_page=1)), None),
        allowed=f"{who} can list every container of the account",
        fix=fix,
        errors=sdk_errors(),
    )
    yield must_be_denied(
        store,
        "no reading of other containers",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        lambda: next(
            iter(service.get_container_client(OTHER_CONTAINER).list_blobs(results_per_page=1)), None
        ),
        allowed=f"{who} may read containers other than {store.bucket!r} (it was told {OTHER_CONTAINER!r} "
        "does not exist, past authorisation)",
        fix=fix,
        errors=sdk_errors(),
        authorised=lambda err: getattr(err, "error_code", None) == "ContainerNotFound",
    )
    yield must_be_denied(
        store,
        "no container ACL access",
        "Microsoft.Storage/storageAccounts/blobServices/containers/getAcl/action",
        service.get_container_client(store.bucket).get_container_access_policy,
        allowed=f"{who} can read (so, with the same key, change) the ACL of container {store.bucket!r}",
        fix=SHARED_KEY_FIX,
        errors=sdk_errors(),
    )
    yield shared_key(location)
    reader, who = (
        (service, who) if not admin_conn_id else (service_for(admin_conn_id), f"connection {admin_conn_id!r}")
    )
    yield public_access(store, reader, who)


def shared_key(location: Location) -> Check:
    """Fail when the connection signs with the account key (it is in the connection, and in state)."""
    from xcomkit.compat import BaseHook  # noqa: PLC0415

    conn = BaseHook.get_connection(location.conn_id)
    extra = conn.extra_dejson or {}
    field = lambda name: extra.get(name) or extra.get(f"extra__wasb__{name}")  # noqa: E731 - both spellings
    connection_string = field("connection_string") or ""
    uses_key = (
        "AccountKey=" in connection_string
        or bool(field("shared_access_key") or field("account_key"))
        or bool(conn.password and not field("tenant_id") and not connection_string)
    )
    name = "no shared key"
    if uses_key:
        return Check(
            name,
            FAILED,
            f"connection {location.conn_id!r} signs with the account's shared key",
            SHARED_KEY_FIX,
        )
    return Check(name, PASSED, f"connection {location.conn_id!r} holds no account key")


def public_access(store: AzureBlobStore, service: Any, who: str) -> Check:
    """Fail when the container's public access level is not off (private)."""
    from xcomkit.stores.azure import sdk_errors  # noqa: PLC0415

    name = "container not public"
    try:
        properties = service.get_container_client(store.bucket).get_container_properties()
    except sdk_errors() as err:
        mapped = store.translate_error(err, "get", "")
        if isinstance(mapped, (AccessDeniedError, CredentialsError)):
            return Check(
                name,
                NOT_CHECKED,
                f"{who} may not read the container's properties (right for a least-privilege identity)",
                "pass --admin-conn-id <a connection that may read container properties> to check it",
            )
        return Check(name, NOT_CHECKED, mapped.detail)
    level = properties.public_access
    if level:
        return Check(
            name,
            FAILED,
            f"container {store.bucket!r} allows anonymous {level} access",
            "set its access level to private, and allowBlobPublicAccess = false on the account (Terraform)",
        )
    return Check(name, PASSED, f"container {store.bucket!r} is private")
