"""The doctor on GCS and Azure: what the identity must not do, and the bucket's or container's state.

Azure runs on Azurite, which enforces SAS scope and permissions: a container SAS must pass every
"must not", an account key must fail them. GCS emulators have no IAM, so the GCS answers
(testIamPermissions, a refused bucket listing, bucket settings) come from a scripted server in the
JSON API's own format; the SDK path (GCSHook → client → our checks) is the real one.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, run_checks
from xcomkit.checks import gcs as gcs_checks
from xcomkit.location import Location
from xcomkit_dev.fakehttp import fake_http

if TYPE_CHECKING:
    from xcomkit_dev.azurite import AzuriteEndpoint
    from xcomkit_dev.fakehttp import Reply, Request

pytestmark = pytest.mark.integration

BACKEND = "xcomkit.backend.ObjectStorageXComBackend"


@pytest.fixture
def container(azurite_server: AzuriteEndpoint) -> str:
    name = f"doctor-{uuid.uuid4().hex[:8]}"
    azurite_server.client().create_container(name)
    return name


def _doctor(xcomkit_env: pytest.MonkeyPatch, path: str, **connections: str) -> dict[str, str]:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", BACKEND)
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", path)
    for conn_id, uri in connections.items():
        xcomkit_env.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", uri)
    admin = next((c for c in connections if c.startswith("admin")), None)
    return {c.name: c.status for c in run_checks(admin_conn_id=admin)}


def test_azure_container_sas_passes_every_must_not(
    azurite_server: AzuriteEndpoint, container: str, xcomkit_env: pytest.MonkeyPatch
) -> None:
    sas = azurite_server.container_sas(container, "racwdl")
    statuses = _doctor(
        xcomkit_env,
        f"wasb://xcom_azure@{container}/xcom",
        xcom_azure=azurite_server.connection_uri(sas_token=sas),
        admin_azure=azurite_server.connection_uri(),
    )
    # A container SAS cannot be limited to a prefix: the doctor says so, and only that.
    assert {k: v for k, v in statuses.items() if v == FAILED} == {"no write outside the prefix": FAILED}
    for name in (
        "put under the prefix",
        "delete under the prefix",
        "no listing of all containers",
        "no reading of other containers",
        "no container ACL access",
        "no shared key",
        "container not public",
    ):
        assert statuses[name] == PASSED, (name, statuses)


def test_azure_account_key_fails_the_must_nots(
    azurite_server: AzuriteEndpoint, container: str, xcomkit_env: pytest.MonkeyPatch
) -> None:
    statuses = _doctor(
        xcomkit_env, f"wasb://xcom_azure@{container}/xcom", xcom_azure=azurite_server.connection_uri()
    )
    assert statuses["put under the prefix"] == PASSED
    for name in (
        "no write outside the prefix",
        "no listing of all containers",
        "no reading of other containers",
        "no container ACL access",
        "no shared key",
    ):
        assert statuses[name] == FAILED, (name, statuses)


def test_azure_public_container_is_named(
    azurite_server: AzuriteEndpoint, container: str, xcomkit_env: pytest.MonkeyPatch
) -> None:
    azurite_server.client().get_container_client(container).set_container_access_policy(
        {}, public_access="blob"
    )
    statuses = _doctor(
        xcomkit_env, f"wasb://xcom_azure@{container}/xcom", xcom_azure=azurite_server.connection_uri()
    )
    assert statuses["container not public"] == FAILED


# --- GCS: the JSON API's answers scripted ------------------------------------------------------------


def _json(status: int, body: object) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def _refused(permission: str) -> Reply:
    message = f"xcomkit@p.iam.gserviceaccount.com does not have {permission} access."
    return _json(403, {"error": {"code": 403, "message": message, "errors": [{"message": message}]}})


def _gcs_api(held: list[str], *, settings: dict | None) -> callable:
    """A GCS JSON API that grants `held` on the bucket and shows `settings` (None: refuse bucket get)."""

    def answer(request: Request) -> Reply:
        url = urlsplit(request.path)
        if url.path.endswith("/iam/testPermissions"):
            asked = parse_qs(url.query)["permissions"]
            return _json(
                200,
                {
                    "kind": "storage#testIamPermissionsResponse",
                    "permissions": [p for p in asked if p in held],
                },
            )
        if url.path == "/storage/v1/b":
            return _refused("storage.buckets.list")
        if url.path == "/storage/v1/b/xcom-bucket":
            if settings is None:
                return _refused("storage.buckets.get")
            return _json(200, {"name": "xcom-bucket", "iamConfiguration": settings})
        return _json(404, {"error": {"code": 404, "message": "not scripted"}})

    return answer


@pytest.mark.parametrize(
    ("held", "settings", "expected"),
    [
        ([], None, {"no bucket IAM change": PASSED, "public access prevented": NOT_CHECKED}),
        (["storage.buckets.setIamPolicy"], None, {"no bucket IAM change": FAILED}),
        (
            [],
            {"publicAccessPrevention": "enforced", "uniformBucketLevelAccess": {"enabled": True}},
            {"public access prevented": PASSED, "uniform bucket-level access": PASSED},
        ),
        (
            [],
            {"publicAccessPrevention": "inherited", "uniformBucketLevelAccess": {"enabled": False}},
            {"public access prevented": FAILED, "uniform bucket-level access": FAILED},
        ),
    ],
)
def test_gcs_checks(
    held: list[str], settings: dict | None, expected: dict, xcomkit_env: pytest.MonkeyPatch
) -> None:
    with fake_http(_gcs_api(held, settings=settings)) as server:
        xcomkit_env.setenv("STORAGE_EMULATOR_HOST", server.url)
        anonymous = json.dumps(
            {"conn_type": "google_cloud_platform", "extra": {"is_anonymous": True, "project": "p"}}
        )
        xcomkit_env.setenv("AIRFLOW_CONN_XCOM_GCS", anonymous)
        checks = {
            c.name: c for c in gcs_checks.checks(Location.parse("gs://xcom_gcs@xcom-bucket/xcom"), None)
        }
    assert checks["no listing of all buckets"].status == PASSED
    for name, status in expected.items():
        assert checks[name].status == status, checks[name]
    if held:
        assert "storage.buckets.setIamPolicy" in checks["no bucket IAM change"].detail
