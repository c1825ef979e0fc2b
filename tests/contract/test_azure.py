"""Azure beyond the shared contract: the container-SAS deny matrix and the credential forms, on Azurite.

A SAS scoped to the XCom container (as the Terraform azure module signs it in `sas` mode) must be
enough for everything the backend does, and must be refused on another container, on creating or
deleting containers and on listing them. Azurite checks SAS signatures, scopes, permissions and
expiry like the service does.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.errors import IntegrityError, ObjectMissingError, StoreAccessError
from xcomkit.location import Location
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.azurite import AzuriteEndpoint

pytestmark = pytest.mark.integration


def _store(monkeypatch: pytest.MonkeyPatch, conn_uri_or_json: str, container: str) -> Any:
    monkeypatch.setenv("AIRFLOW_CONN_XCOM_AZURE", conn_uri_or_json)
    return open_store(Location.parse(f"wasb://xcom_azure@{container}/xcom"))


@pytest.fixture
def containers(azurite_server: AzuriteEndpoint) -> tuple[str, str]:
    """The XCom container and a neighbour the SAS must not reach."""
    names = (f"xcom-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}")
    for name in names:
        azurite_server.client().create_container(name)
    return names


def test_container_sas_is_enough_for_the_backend(
    azurite_server: AzuriteEndpoint, containers: tuple[str, str], xcomkit_env: pytest.MonkeyPatch
) -> None:
    xcom, _ = containers
    sas = azurite_server.container_sas(xcom, "racwdl")
    store = _store(xcomkit_env, azurite_server.connection_uri(sas_token=sas), xcom)
    keys = [f"xcom/dag/run/t/{i}/return_value.json" for i in range(3)]
    for key in keys:
        store.put(key, b"v1")
    store.put(keys[0], b"v2")  # overwrite (retry)
    assert store.get(keys[0]) == b"v2"
    assert sorted(o.key for o in store.list("xcom/dag/")) == keys
    store.delete(keys[0])
    with pytest.raises(ObjectMissingError):
        store.get(keys[0])
    assert store.delete_many(keys) == 3
    assert list(store.list("xcom/")) == []


def test_container_sas_denies_everything_else(
    azurite_server: AzuriteEndpoint, containers: tuple[str, str], xcomkit_env: pytest.MonkeyPatch
) -> None:
    from airflow.providers.microsoft.azure.hooks.wasb import WasbHook
    from azure.core.exceptions import HttpResponseError

    xcom, other = containers
    sas = azurite_server.container_sas(xcom, "racwdl")
    conn_uri = azurite_server.connection_uri(sas_token=sas)

    # The backend's own calls, pointed at the neighbour container: refused, naming the connection.
    neighbour = _store(xcomkit_env, conn_uri, other)
    for call in (
        lambda: neighbour.put("xcom/a.json", b"x"),
        lambda: neighbour.get("xcom/a.json"),
        lambda: list(neighbour.list("xcom/")),
        lambda: neighbour.delete("xcom/a.json"),
    ):
        with pytest.raises(StoreAccessError, match="'xcom_azure'"):
            call()

    # Container- and account-level calls with the same SAS, through the same hook: all refused.
    service = WasbHook(wasb_conn_id="xcom_azure").get_conn()
    denied: dict[str, Callable[[], object]] = {
        "create container": lambda: service.create_container(f"new-{uuid.uuid4().hex[:8]}"),
        "delete container": lambda: service.delete_container(xcom),
        "list containers": lambda: list(service.list_containers()),
        "container properties": lambda: service.get_container_client(xcom).get_container_properties(),
        "set container ACL": lambda: service.get_container_client(xcom).set_container_access_policy({}),
    }
    for what, call in denied.items():
        with pytest.raises(HttpResponseError) as info:
            call()
        assert info.value.status_code == 403, f"{what} was not refused: {info.value}"
    admin = azurite_server.client()
    assert admin.get_container_client(xcom).exists(), "the SAS deleted the XCom container"
    assert {c.name for c in admin.list_containers()} >= {xcom, other}


@pytest.mark.parametrize(
    "grant",
    [
        ("rdl", "put", "w (write)"),
        ("wdl", "get", "r (read)"),
        ("rwl", "delete", "d (delete)"),
        ("rwd", "list", "l (list)"),
    ],
)
def test_missing_sas_permission_is_named(
    grant: tuple[str, str, str],
    azurite_server: AzuriteEndpoint,
    containers: tuple[str, str],
    xcomkit_env: pytest.MonkeyPatch,
) -> None:
    permission, operation, needs = grant
    xcom, _ = containers
    azurite_server.client().get_blob_client(xcom, "xcom/a.json").upload_blob(b"x")
    sas = azurite_server.container_sas(xcom, permission)
    store = _store(xcomkit_env, azurite_server.connection_uri(sas_token=sas), xcom)
    calls = {
        "put": lambda: store.put("xcom/a.json", b"y"),
        "get": lambda: store.get("xcom/a.json"),
        "delete": lambda: store.delete("xcom/a.json"),
        "list": lambda: list(store.list("xcom/")),
    }
    with pytest.raises(StoreAccessError) as info:
        calls[operation]()
    message = str(info.value)
    assert needs in message
    assert "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/" in message
    assert "'xcom_azure'" in message


def test_expired_sas_names_the_connection(
    azurite_server: AzuriteEndpoint, containers: tuple[str, str], xcomkit_env: pytest.MonkeyPatch
) -> None:
    xcom, _ = containers
    sas = azurite_server.container_sas(xcom, "racwdl", hours=-1)
    store = _store(xcomkit_env, azurite_server.connection_uri(sas_token=sas), xcom)
    # The service says AuthenticationFailed, Azurite AuthorizationFailure: both name the connection
    # and an expired SAS as a cause.
    with pytest.raises(
        StoreAccessError, match=r"connection 'xcom_azure'.*(SAS token may have expired|expired)"
    ):
        store.put("xcom/a.json", b"x")


def test_wrong_account_key_names_the_connection(
    azurite_server: AzuriteEndpoint, containers: tuple[str, str], xcomkit_env: pytest.MonkeyPatch
) -> None:
    xcom, _ = containers
    wrong = azurite_server.connection_string().replace(azurite_server.key, "d3Jvbmcga2V5" * 7 + "AA==")
    conn = json.dumps({"conn_type": "wasb", "extra": {"connection_string": wrong}})
    store = _store(xcomkit_env, conn, xcom)
    with pytest.raises(StoreAccessError, match=r"connection 'xcom_azure'.*account key") as info:
        store.get("xcom/a.json")
    assert azurite_server.key not in str(info.value)


def test_account_key_in_login_password_form(
    azurite_server: AzuriteEndpoint, containers: tuple[str, str], xcomkit_env: pytest.MonkeyPatch
) -> None:
    # host = the account's blob endpoint, login = account name, password = account key.
    xcom, _ = containers
    conn = {"conn_type": "wasb", "host": azurite_server.url, "login": azurite_server.account}
    conn["password"] = azurite_server.key
    store = _store(xcomkit_env, json.dumps(conn), xcom)
    store.put("xcom/k.json", b"account key")
    assert store.get("xcom/k.json") == b"account key"


def test_a_blob_rewritten_outside_the_kit_fails_its_checksum(
    azurite_server: AzuriteEndpoint, containers: tuple[str, str], xcomkit_env: pytest.MonkeyPatch
) -> None:
    from azure.storage.blob import ContentSettings

    xcom, _ = containers
    conn = {"conn_type": "wasb", "extra": {"connection_string": azurite_server.connection_string()}}
    store = _store(xcomkit_env, json.dumps(conn), xcom)
    checksum = store.put("xcom/v.json", b"original")
    assert checksum.startswith("sha256:")
    blob = azurite_server.client().get_blob_client(xcom, "xcom/v.json")
    # An edited Content-MD5 property changes nothing that is read: the bytes are still the pushed ones.
    other = hashlib.md5(b"other", usedforsecurity=False).digest()
    blob.set_http_headers(ContentSettings(content_md5=bytearray(other)))
    assert store.get("xcom/v.json", checksum) == b"original"
    # The same length, other bytes, written with the service's own MD5: the SHA-256 catches it.
    blob.upload_blob(b"replaced", overwrite=True)
    with pytest.raises(IntegrityError, match="fails its checksum"):
        store.get("xcom/v.json", checksum)


def test_service_principal_without_token_names_the_connection(xcomkit_env: pytest.MonkeyPatch) -> None:
    from xcomkit_dev.processes import free_port

    # A service principal whose sign-in endpoint does not answer (a closed loopback port stands in
    # for Entra ID, which no emulator provides): the error names the connection and what to check.
    conn = {
        "conn_type": "wasb",
        "host": "https://myxcomaccount.blob.core.windows.net",
        "login": "00000000-0000-0000-0000-000000000001",
        "password": "not-a-secret",
        "extra": {
            "tenant_id": "00000000-0000-0000-0000-000000000002",
            "retry_total": 0,
            "client_secret_auth_config": {
                "authority": f"https://127.0.0.1:{free_port()}",
                "disable_instance_discovery": True,
            },
        },
    }
    store = _store(xcomkit_env, json.dumps(conn), "airflow-xcom")
    with pytest.raises(StoreAccessError, match=r"no Azure token for .*'xcom_azure'.*tenant_id") as info:
        store.get("xcom/a.json")
    assert "not-a-secret" not in str(info.value)
