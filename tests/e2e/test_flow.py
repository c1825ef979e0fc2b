"""apply → export → smoke → doctor, as a user runs them, against moto with IAM enforced.

The positive path uses the identity holding exactly the aws-policy module's policy; the negative one
the same policy without s3:DeleteObject, which both the smoke DAG and the doctor must name. The
keyless path runs the same flow with `role_arn` in the connection: a caller allowed only
sts:AssumeRole, the role holding the policy.
"""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from dotenv import dotenv_values

from tests.e2e.roots import ADMIN_CONN_ID, BUCKET, CONN_ID, EXTERNAL_ID, PREFIX

if TYPE_CHECKING:
    from pathlib import Path

    from tests.e2e.conftest import Airflow, Cloud
    from xcomkit_dev.terraform import Terraform

pytestmark = pytest.mark.integration


def _export_env(airflow: Airflow, root: Path, env_file: Path) -> dict[str, str]:
    proc = airflow.xcomkit("export", "--dir", str(root), "--to", "env-file", "--env-file", str(env_file))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {k: v or "" for k, v in dotenv_values(env_file).items()}


def _doctor(airflow: Airflow, env: dict[str, str], cloud: Cloud) -> tuple[int, dict[str, dict]]:
    env = {**env, f"AIRFLOW_CONN_{ADMIN_CONN_ID.upper()}": cloud.admin_uri}
    proc = airflow.xcomkit("doctor", "-o", "json", "--admin-conn-id", ADMIN_CONN_ID, env=env)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return proc.returncode, {row["check"]: row for row in json.loads(proc.stdout)["checks"]}


def test_export_writes_what_terraform_rendered(
    cloud: Cloud, airflow_home: Airflow, terraform: Terraform, tmp_path: Path
) -> None:
    user = cloud.users["airflow"]
    env_file = tmp_path / ".env"
    env_file.write_text("# my project\nMY_OWN_SETTING='kept'\n")
    proc = airflow_home.xcomkit(
        "export", "--dir", str(user.root), "--to", "env-file", "--env-file", str(env_file)
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert user.secret_key not in proc.stdout + proc.stderr, "a secret was printed"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    written = dotenv_values(env_file)
    rendered = json.loads(terraform.run("output", "-json", "airflow_env", cwd=user.root).stdout)
    assert written == {"MY_OWN_SETTING": "kept", **rendered}
    conn = json.loads(written[f"AIRFLOW_CONN_{CONN_ID.upper()}"])
    assert (conn["login"], conn["password"]) == (user.access_key, user.secret_key)
    assert written["AIRFLOW__XCOMKIT__PATH"] == f"s3://{CONN_ID}@{BUCKET}/{PREFIX}"

    shown = airflow_home.xcomkit("export", "--dir", str(user.root), "--to", "stdout")
    assert shown.returncode == 0
    assert user.secret_key not in shown.stdout
    assert user.access_key in shown.stdout  # the key id is not a secret; it tells which key is in use
    revealed = airflow_home.xcomkit("export", "--dir", str(user.root), "--to", "stdout", "--show-secrets")
    assert user.secret_key in revealed.stdout


def test_smoke_and_doctor_pass_with_the_rendered_policy(
    cloud: Cloud, airflow_home: Airflow, tmp_path: Path
) -> None:
    env = _export_env(airflow_home, cloud.users["airflow"].root, tmp_path / ".env")
    proc = airflow_home.smoke(env)
    output = proc.stdout + proc.stderr
    assert "XCOM BACKEND SMOKE OK" in output, output[-6000:]
    assert set(airflow_home.ti_states().values()) == {"success"}
    assert "retry purged" in output

    code, rows = _doctor(airflow_home, env, cloud)
    assert code == 0, rows
    assert {name: row["status"] for name, row in rows.items()} == {
        "backend configured": "passed",
        "[xcomkit] settings": "passed",
        "connection present": "passed",
        "credentials valid": "passed",
        "bucket reachable": "passed",
        "put under the prefix": "passed",
        "get under the prefix": "passed",
        "delete under the prefix": "passed",
        "no write outside the prefix": "passed",
        "no listing of all buckets": "passed",
        "no bucket policy change": "passed",
        "public access blocked": "passed",
        "default encryption on": "passed",
    }, rows
    leftovers = cloud.admin_s3().list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/_xcomkit_doctor/")
    assert leftovers.get("KeyCount", 0) == 0, "the doctor left its probe object behind"


ALL_OK = {
    "backend configured": "passed",
    "[xcomkit] settings": "passed",
    "connection present": "passed",
    "credentials valid": "passed",
    "bucket reachable": "passed",
    "put under the prefix": "passed",
    "get under the prefix": "passed",
    "delete under the prefix": "passed",
    "no write outside the prefix": "passed",
    "no listing of all buckets": "passed",
    "no bucket policy change": "passed",
    "public access blocked": "passed",
    "default encryption on": "passed",
}


def test_smoke_and_doctor_pass_assuming_the_role(cloud: Cloud, airflow_home: Airflow, tmp_path: Path) -> None:
    caller = cloud.users["role"]
    env = _export_env(airflow_home, caller.root, tmp_path / ".env")
    conn = json.loads(env[f"AIRFLOW_CONN_{CONN_ID.upper()}"])
    assert conn["extra"]["role_arn"] == cloud.role_arn
    assert conn["extra"]["assume_role_method"] == "assume_role"
    assert conn["extra"]["assume_role_kwargs"] == {"ExternalId": EXTERNAL_ID}

    # Control: the caller's own key may not touch the bucket, so what passes below is the role's.
    from botocore.exceptions import ClientError

    own = replace(cloud.endpoint, access_key=caller.access_key, secret_key=caller.secret_key).client()
    with pytest.raises(ClientError) as err:
        own.put_object(Bucket=BUCKET, Key=f"{PREFIX}/as-caller", Body=b"x")
    assert err.value.response["Error"]["Code"] == "AccessDenied"

    proc = airflow_home.smoke(env)
    output = proc.stdout + proc.stderr
    assert "XCOM BACKEND SMOKE OK" in output, output[-6000:]
    assert set(airflow_home.ti_states().values()) == {"success"}

    code, rows = _doctor(airflow_home, env, cloud)
    assert code == 0, rows
    assert {name: row["status"] for name, row in rows.items()} == ALL_OK, rows


def test_a_wrong_external_id_gets_no_credentials(cloud: Cloud, airflow_home: Airflow, tmp_path: Path) -> None:
    # The trust policy's sts:ExternalId condition, enforced by moto's AssumeRole through the hook:
    # the same connection with a guessed external id gets no role credentials, and the doctor says
    # the role could not be assumed (not an S3 denial).
    env = _export_env(airflow_home, cloud.users["role"].root, tmp_path / ".env")
    name = f"AIRFLOW_CONN_{CONN_ID.upper()}"
    conn = json.loads(env[name])
    conn["extra"]["assume_role_kwargs"] = {"ExternalId": "guessed"}
    code, rows = _doctor(airflow_home, {**env, name: json.dumps(conn)}, cloud)
    assert code == 1
    credentials = rows["credentials valid"]
    assert credentials["status"] == "failed", rows
    assert "could not assume its role_arn (AssumeRole: AccessDenied" in credentials["detail"]
    assert "trust policy" in credentials["fix"]
    assert "put under the prefix" not in rows, rows


def test_export_to_airflow_is_idempotent_and_doctor_reads_the_db(cloud: Cloud, airflow_home: Airflow) -> None:
    root = str(cloud.users["airflow"].root)
    results = [airflow_home.xcomkit("export", "--dir", root, "--to", "airflow") for _ in range(2)]
    assert [p.returncode for p in results] == [0, 0], [p.stdout + p.stderr for p in results]
    assert f"connection '{CONN_ID}': created" in results[0].stdout
    assert f"connection '{CONN_ID}': unchanged" in results[1].stdout
    assert cloud.users["airflow"].secret_key not in results[0].stdout + results[0].stderr

    # Only the settings in the environment: the connection now comes from the metadata DB.
    settings = {
        "AIRFLOW__CORE__XCOM_BACKEND": "xcomkit.backend.ObjectStorageXComBackend",
        "AIRFLOW__XCOMKIT__PATH": f"s3://{CONN_ID}@{BUCKET}/{PREFIX}",
    }
    code, rows = _doctor(airflow_home, settings, cloud)
    assert code == 0, rows
    assert rows["delete under the prefix"]["status"] == "passed"


def test_missing_delete_right_is_named_by_smoke_and_doctor(
    cloud: Cloud, airflow_home: Airflow, tmp_path: Path
) -> None:
    env = _export_env(airflow_home, cloud.users["nodelete"].root, tmp_path / ".env")
    proc = airflow_home.smoke(env)
    output = proc.stdout + proc.stderr
    assert "XCOM BACKEND SMOKE OK" not in output
    states = airflow_home.ti_states()
    assert states["check_setup"] == "failed"
    assert states["report"] == "upstream_failed"
    failure = next(
        line for line in output.splitlines() if "AirflowFailException: xcomkit smoke test:" in line
    )
    assert "s3:DeleteObject" in failure, failure
    assert f"arn:aws:s3:::{BUCKET}/{PREFIX}/*" in failure, failure

    code, rows = _doctor(airflow_home, env, cloud)
    assert code == 1
    delete = rows["delete under the prefix"]
    assert delete["status"] == "failed"
    assert "s3:DeleteObject" in delete["detail"] + delete["fix"]
    assert rows["put under the prefix"]["status"] == "passed"
    assert rows["get under the prefix"]["status"] == "passed"
