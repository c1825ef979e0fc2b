"""GCS beyond the shared contract: the connection forms, and the answers the emulator never gives.

gcp-storage-emulator has no IAM and accepts any token, so 401/403 and corrupt downloads come from a
scripted server speaking the JSON API's error format; the SDK path (GCSHook → client → retries →
our mapping) is the real one.
"""

from __future__ import annotations

import json
import urllib.parse
import uuid
from typing import TYPE_CHECKING

import pytest

from xcomkit.errors import IntegrityError, StoreAccessError
from xcomkit.location import Location
from xcomkit.stores import open_store
from xcomkit_dev.fakehttp import Reply, Request, fake_http

if TYPE_CHECKING:
    from xcomkit_dev.gcs_server import GCSEndpoint

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def gcs_bucket(gcs_server: GCSEndpoint) -> str:
    name = f"gcs-{uuid.uuid4().hex[:8]}"
    gcs_server.client().create_bucket(name)
    return name


def _service_account_key(token_uri: str) -> tuple[dict[str, str], bytes]:
    """A freshly generated service-account key file (as `google_service_account_key` emits) + public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    keyfile = {
        "type": "service_account",
        "project_id": "xcomkit-test",
        "private_key_id": uuid.uuid4().hex,
        "private_key": private_pem,
        "client_email": "xcomkit@xcomkit-test.iam.gserviceaccount.com",
        "client_id": "100000000000000000001",
        "token_uri": token_uri,
    }
    return keyfile, public_pem


def _gcs_store(monkeypatch: pytest.MonkeyPatch, emulator_url: str, extra: dict, bucket: str) -> object:
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", emulator_url)
    monkeypatch.setenv(
        "AIRFLOW_CONN_XCOM_GCS", json.dumps({"conn_type": "google_cloud_platform", "extra": extra})
    )
    return open_store(Location.parse(f"gs://xcom_gcs@{bucket}/xcom"))


def test_keyfile_dict_signs_in_through_token_uri(
    gcs_server: GCSEndpoint, gcs_bucket: str, xcomkit_env: pytest.MonkeyPatch
) -> None:
    from google.auth import jwt

    def token(request: Request) -> Reply:
        body = json.dumps({"access_token": "ya29.test", "expires_in": 3600, "token_type": "Bearer"})
        return 200, {"Content-Type": "application/json"}, body.encode()

    with fake_http(token) as token_server:
        token_uri = f"{token_server.url}/token"
        keyfile, public_pem = _service_account_key(token_uri)
        extra = {"project": "xcomkit-test", "keyfile_dict": json.dumps(keyfile)}
        store = _gcs_store(xcomkit_env, gcs_server.url, extra, gcs_bucket)
        key = f"xcom/{uuid.uuid4().hex}/keyfile.json"
        store.put(key, b"signed in")
        assert store.get(key) == b"signed in"

    grants = [urllib.parse.parse_qs(r.body.decode()) for r in token_server.requests]
    assert grants, "the key file's token_uri was never called: the connection's key was not used"
    assert grants[0]["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    claims = jwt.decode(grants[0]["assertion"][0], certs=public_pem, audience=None)
    assert claims["iss"] == keyfile["client_email"]


def test_rejected_key_names_the_connection(gcs_server: GCSEndpoint, xcomkit_env: pytest.MonkeyPatch) -> None:
    def refuse(request: Request) -> Reply:
        body = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        return 400, {"Content-Type": "application/json"}, json.dumps(body).encode()

    with fake_http(refuse) as token_server:
        keyfile, _ = _service_account_key(f"{token_server.url}/token")
        store = _gcs_store(xcomkit_env, gcs_server.url, {"keyfile_dict": json.dumps(keyfile)}, "any-bucket")
        with pytest.raises(StoreAccessError, match=r"connection 'xcom_gcs' were rejected.*keyfile_dict"):
            store.get("xcom/k.json")


def test_keyless_without_adc_names_the_connection(
    gcs_server: GCSEndpoint, xcomkit_env: pytest.MonkeyPatch, tmp_path
) -> None:
    from google.auth.compute_engine import _metadata

    # No key, no ADC file, not on GCE: what a worker without Workload Identity sees. The metadata
    # server check is switched off so nothing leaves the loopback interface.
    xcomkit_env.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    xcomkit_env.setenv("CLOUDSDK_CONFIG", str(tmp_path))
    xcomkit_env.setattr(_metadata, "_NO_GCE_CHECK", True)
    store = _gcs_store(xcomkit_env, gcs_server.url, {"project": "xcomkit-test"}, "any-bucket")
    with pytest.raises(StoreAccessError, match=r"no Google credentials for .*'xcom_gcs'.*keyfile_dict"):
        store.get("xcom/k.json")


def _json_error(status: int, message: str) -> Reply:
    body = {"error": {"code": status, "message": message, "errors": [{"message": message}]}}
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


@pytest.mark.parametrize(
    ("operation", "permission"),
    [
        ("put", "storage.objects.create"),
        ("get", "storage.objects.get"),
        ("delete", "storage.objects.delete"),
        ("list", "storage.objects.list"),
    ],
)
def test_forbidden_names_the_permission(
    operation: str, permission: str, xcomkit_env: pytest.MonkeyPatch
) -> None:
    def forbid(request: Request) -> Reply:
        return _json_error(403, f"xcomkit@p.iam.gserviceaccount.com does not have {permission} access.")

    with fake_http(forbid) as server:
        store = _gcs_store(xcomkit_env, server.url, {"is_anonymous": True}, "xcom-bucket")
        calls = {
            "put": lambda: store.put("xcom/a.json", b"x"),
            "get": lambda: store.get("xcom/a.json"),
            "delete": lambda: store.delete("xcom/a.json"),
            "list": lambda: list(store.list("xcom/")),
        }
        with pytest.raises(StoreAccessError) as info:
            calls[operation]()
    message = str(info.value)
    assert f"may not {permission}" in message
    assert "'xcom_gcs'" in message
    assert "bucket 'xcom-bucket'" in message
    if operation == "put":
        assert "storage.objects.delete" in message, "overwrites also need delete: say so"


def test_unauthorized_names_the_connection(xcomkit_env: pytest.MonkeyPatch) -> None:
    # A token is issued, then the service refuses it (a disabled service account): 401 after a refresh.
    def answer(request: Request) -> Reply:
        if request.path == "/token":
            body = json.dumps({"access_token": "ya29.revoked", "expires_in": 3600, "token_type": "Bearer"})
            return 200, {"Content-Type": "application/json"}, body.encode()
        return _json_error(401, "Invalid Credentials")

    with fake_http(answer) as server:
        keyfile, _ = _service_account_key(f"{server.url}/token")
        store = _gcs_store(xcomkit_env, server.url, {"keyfile_dict": json.dumps(keyfile)}, "xcom-bucket")
        with pytest.raises(StoreAccessError, match="connection 'xcom_gcs' were rejected"):
            store.get("xcom/a.json")


def test_corrupt_download_fails_the_crc32c_check(xcomkit_env: pytest.MonkeyPatch) -> None:
    # The service's hash is of other bytes than those that arrive: the client's CRC32C check must fire.
    def corrupt(request: Request) -> Reply:
        headers = {"Content-Type": "application/octet-stream", "X-Goog-Hash": "crc32c=AAAAAA=="}
        return 200, headers, b"bytes flipped in flight"

    with fake_http(corrupt) as server:
        store = _gcs_store(xcomkit_env, server.url, {"is_anonymous": True}, "xcom-bucket")
        with pytest.raises(IntegrityError, match="CRC32C"):
            store.get("xcom/a.json")


def test_the_served_crc32c_vouches_for_the_bytes(
    gcs_server: GCSEndpoint, gcs_bucket: str, xcomkit_env: pytest.MonkeyPatch
) -> None:
    from xcomkit.stores import gcs as gcs_module
    from xcomkit_dev.checksum import matches

    store = _gcs_store(xcomkit_env, gcs_server.url, {"is_anonymous": True}, gcs_bucket)
    hashed: list[str] = []
    xcomkit_env.setattr(gcs_module.checksums, "verify", lambda _d, c, _w: hashed.append(c))
    checksum = store.put("xcom/crc.json", b"original")
    assert checksum.startswith("crc32c:")
    assert matches(b"original", checksum)
    assert store.get("xcom/crc.json", checksum) == b"original"
    assert hashed == [], "the client had checked the service's CRC32C: the store hashed again"
    gcs_server.client().bucket(gcs_bucket).blob("xcom/crc.json").upload_from_string(b"replaced")
    with pytest.raises(IntegrityError, match="fails its checksum"):
        store.get("xcom/crc.json", checksum)
