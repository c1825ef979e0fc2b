"""What real Terraform renders, read back by Airflow's own parsers and by the backend's config.

One apply of a throwaway root calling `airflow-connection` once per case; values are passed in a
JSON var file, so the nastiest secrets reach Terraform byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.terraform.conftest import ROOT, Terraform, module_source, write_root

NASTY = "s/e+c=r%e@t:x?y#z~ w"  # every character the issue names, plus a space
KEYFILE = json.dumps(
    {
        "type": "service_account",
        "project_id": "p-1",
        "private_key_id": "abc123",
        "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEv+/=\nQ%@:?#~\n-----END PRIVATE KEY-----\n",
        "client_email": "xcomkit-airflow@p-1.iam.gserviceaccount.com",
        "token_uri": "https://oauth2.googleapis.com/token",
    },
    indent=2,  # a multi-line key file, as the console downloads it
)

CASES: dict[str, dict] = {
    "aws_keyed": {
        "conn_id": "xcomkit_aws",
        "conn_type": "aws",
        "login": "AKIA" + NASTY,
        "password": NASTY,
        "extra": {"region_name": "eu-west-1", "endpoint_url": "https://s3.example.com:9000/a?b=c&d=%2F"},
        "storage_scheme": "s3",
        "bucket": "my-xcom-bucket",
        "prefix": "team/xcom",
    },
    "aws_keyless": {
        "conn_id": "xcomkit_role",
        "conn_type": "aws",
        "extra": {"region_name": "us-east-1"},
        "storage_scheme": "s3",
        "bucket": "my.xcom.bucket",
    },
    # What terraform/aws renders for a principal that assumes the role (modules/aws-trust): a
    # nested extra, read by the amazon provider's AwsConnectionWrapper.
    "aws_assume_role": {
        "conn_id": "xcomkit_assume",
        "conn_type": "aws",
        "extra": {
            "region_name": "eu-west-1",
            "role_arn": "arn:aws:iam::123456789012:role/xcomkit/xcomkit",
            "assume_role_method": "assume_role",
            "assume_role_kwargs": {"ExternalId": "x+y=z/1"},
        },
        "storage_scheme": "s3",
        "bucket": "my-xcom-bucket",
        "settings": {
            "routes": [{"path": "s3://xcomkit_assume@my-xcom-bucket/frames", "codecs": ["parquet"]}]
        },
    },
    "gcp_key": {
        "conn_id": "xcomkit_gcp",
        "conn_type": "google_cloud_platform",
        "extra": {"project": "p-1", "keyfile_dict": KEYFILE},
        "storage_scheme": "gs",
        "bucket": "p-1-xcom",
        "settings": {"compression": "zstd", "threshold": 65536},
    },
    "gcp_keyless": {
        "conn_id": "xcomkit_gcp_adc",
        "conn_type": "google_cloud_platform",
        "extra": {"project": "p-1", "impersonation_chain": "xcomkit-airflow@p-1.iam.gserviceaccount.com"},
        "storage_scheme": "gs",
        "bucket": "p-1-xcom",
    },
    "azure_sp": {
        "conn_id": "xcomkit_azure",
        "conn_type": "wasb",
        "host": "acct.blob.core.windows.net",
        "login": "00000000-0000-0000-0000-000000000001",
        "password": "Q~" + NASTY,
        "extra": {"tenant_id": "00000000-0000-0000-0000-0000000000aa"},
        "storage_scheme": "wasb",
        "bucket": "xcom",
        "settings": {"dataframe_format": "csv", "env_connection_format": "uri"},
    },
    "azure_sas": {
        "conn_id": "xcomkit_sas",
        "conn_type": "wasb",
        "host": "acct.blob.core.windows.net",
        "login": "acct",
        "extra": {"sas_token": "sv=2022-11-02&sr=c&sp=racwdl&se=2026-04-01T00%3A00%3A00Z&sig=a%2Bb/c=="},
        "storage_scheme": "wasb",
        "bucket": "xcom",
        "prefix": "a/b/c",
    },
}

FIELDS = ("conn_type", "login", "password", "host", "port")


@pytest.fixture(scope="module")
def rendered(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    work = tmp_path_factory.mktemp("connections")
    blocks = []
    for name in CASES:
        blocks.append(
            f'variable "{name}" {{\n  type = any\n  sensitive = true\n}}\n'
            f'module "{name}" {{\n  source = "{module_source("airflow-connection", work)}"\n'
            + "".join(
                f"  {arg} = try(var.{name}.{arg}, null)\n"
                for arg in ("conn_id", "conn_type", "login", "password", "host", "storage_scheme", "bucket")
            )
            + f"  extra = try(var.{name}.extra, {{}})\n"
            + f'  prefix = try(var.{name}.prefix, "xcom")\n'
            + f"  xcomkit_settings = try(var.{name}.settings, {{}})\n"
            + "}\n"
            f'output "{name}" {{\n  sensitive = true\n  value = {{\n'
            f"    uri = module.{name}.uri\n    json = module.{name}.json\n    env = module.{name}.env\n"
            f"    settings = module.{name}.settings\n"
            f"    preview_env = module.{name}.preview_env\n"
            f"    conn_env_var = module.{name}.conn_env_var\n  }}\n}}\n"
        )
    write_root(work, "\n".join(blocks))
    (work / "cases.auto.tfvars.json").write_text(json.dumps(CASES))
    return terraform.apply_outputs(work)


def _expected(case: dict) -> dict:
    return {
        "conn_type": case["conn_type"],
        "login": case.get("login"),
        "password": case.get("password"),
        "host": case.get("host"),
        "port": None,
        "extra": case.get("extra", {}),
    }


def _fields(conn: object) -> dict:
    return {**{f: getattr(conn, f) for f in FIELDS}, "extra": conn.extra_dejson}  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES)
def test_uri_round_trips_through_airflow(rendered: dict, case: str) -> None:
    from airflow.models.connection import Connection

    conn = Connection(conn_id=CASES[case]["conn_id"], uri=rendered[case]["uri"])
    fields = _fields(conn)
    # A URI cannot tell an empty host from none: Airflow parses `aws://key:secret@/` to host "".
    fields["host"] = fields["host"] or None
    assert fields == _expected(CASES[case]), rendered[case]["uri"]
    assert not conn.schema  # never set: urlsplit gives "" for the "/" before the query


@pytest.mark.parametrize("case", CASES)
def test_json_round_trips_through_airflow(rendered: dict, case: str) -> None:
    from airflow.models.connection import Connection

    conn = Connection.from_json(rendered[case]["json"], conn_id=CASES[case]["conn_id"])
    assert _fields(conn) == _expected(CASES[case])
    assert conn.schema is None


@pytest.mark.parametrize("case", CASES)
def test_env_connection_is_found_by_airflow(
    rendered: dict, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from airflow.secrets.environment_variables import EnvironmentVariablesBackend

    env = rendered[case]["env"]
    conn_id = CASES[case]["conn_id"]
    assert rendered[case]["conn_env_var"] == f"AIRFLOW_CONN_{conn_id.upper()}"
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    conn = EnvironmentVariablesBackend().get_connection(conn_id)
    assert conn is not None
    assert _fields(conn) == _expected(CASES[case])


def test_preview_env_is_read_by_airflow(rendered: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    # What a root's airflow_preview_env holds for the API server: the connection Airflow finds,
    # and the setting that names it.
    from airflow.secrets.environment_variables import EnvironmentVariablesBackend

    env = rendered["aws_assume_role"]["preview_env"]
    assert set(env) == {"AIRFLOW_CONN_XCOMKIT_ASSUME", "AIRFLOW__XCOMKIT__PREVIEW_CONN_ID"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    conn = EnvironmentVariablesBackend().get_connection(env["AIRFLOW__XCOMKIT__PREVIEW_CONN_ID"])
    assert conn is not None
    assert _fields(conn) == _expected(CASES["aws_assume_role"])


def test_keyfile_stays_a_json_string(rendered: dict) -> None:
    # GoogleBaseHook json.loads() a string keyfile_dict; the URI form must not pre-parse it.
    from airflow.models.connection import Connection

    for form in (
        Connection(conn_id="g", uri=rendered["gcp_key"]["uri"]),
        Connection.from_json(rendered["gcp_key"]["json"], conn_id="g"),
    ):
        keyfile = form.extra_dejson["keyfile_dict"]
        assert isinstance(keyfile, str)
        assert keyfile == KEYFILE
        assert "\n" in json.loads(keyfile)["private_key"]


def test_wasb_account_url_from_rendered_host(rendered: dict) -> None:
    from airflow.models.connection import Connection
    from airflow.providers.microsoft.azure.utils import parse_blob_account_url

    conn = Connection(conn_id="a", uri=rendered["azure_sp"]["uri"])
    assert parse_blob_account_url(conn.host, conn.login) == "https://acct.blob.core.windows.net"


def test_airflow_would_render_a_different_but_equivalent_uri(rendered: dict) -> None:
    # Control: our parser comparison is not vacuous — Airflow's own get_uri() differs (flattened
    # extras), yet parses back to the same fields as ours.
    from airflow.models.connection import Connection

    ours = Connection(conn_id="x", uri=rendered["aws_keyed"]["uri"])
    theirs = Connection(conn_id="x", uri=ours.get_uri())
    assert ours.get_uri() != rendered["aws_keyed"]["uri"]
    assert _fields(theirs) == _fields(ours)


# Not in every airflow_env: `routes` is rendered only when set, `preview_conn_id` goes into
# airflow_preview_env (the API server's), and only when the preview identity is on.
OPTIONAL_SETTINGS = {"routes", "preview_conn_id"}


def test_settings_env_keys_match_the_python_backend(rendered: dict) -> None:
    from xcomkit.config import OPTIONS

    required = set(OPTIONS) - OPTIONAL_SETTINGS
    for case, out in rendered.items():
        keys = {k for k in out["env"] if k.startswith("AIRFLOW__XCOMKIT__")}
        has_routes = bool(CASES[case].get("settings", {}).get("routes"))
        wanted = required | ({"routes"} if has_routes else set())
        assert keys == {f"AIRFLOW__XCOMKIT__{o.upper()}" for o in wanted}, case
        assert set(out["settings"]) == wanted, case
        assert out["env"]["AIRFLOW__CORE__XCOM_BACKEND"] == "xcomkit.backend.ObjectStorageXComBackend"


def test_assume_role_extra_is_read_by_the_amazon_provider(rendered: dict) -> None:
    # The nested extras terraform/aws writes for a principal that assumes the role, as the
    # provider's own connection wrapper reads them (role_arn, method, ExternalId for sts).
    from airflow.models.connection import Connection
    from airflow.providers.amazon.aws.utils.connection_wrapper import AwsConnectionWrapper

    for form in (
        Connection(conn_id="xcomkit_assume", uri=rendered["aws_assume_role"]["uri"]),
        Connection.from_json(rendered["aws_assume_role"]["json"], conn_id="xcomkit_assume"),
    ):
        wrapper = AwsConnectionWrapper(conn=form)
        assert wrapper.role_arn == "arn:aws:iam::123456789012:role/xcomkit/xcomkit"
        assert wrapper.assume_role_method == "assume_role"
        assert wrapper.assume_role_kwargs == {"ExternalId": "x+y=z/1"}
        assert wrapper.region_name == "eu-west-1"


def test_routes_reach_the_environment_as_json(rendered: dict) -> None:
    env = rendered["aws_assume_role"]["env"]
    assert json.loads(env["AIRFLOW__XCOMKIT__ROUTES"]) == [
        {"path": "s3://xcomkit_assume@my-xcom-bucket/frames", "codecs": ["parquet"]}
    ]
    assert "AIRFLOW__XCOMKIT__ROUTES" not in rendered["aws_keyed"]["env"]


def test_terraform_defaults_and_choices_match_the_python_backend(rendered: dict) -> None:
    from xcomkit.config import COMPRESSIONS, DATAFRAME_FORMATS
    from xcomkit.provider_info import CONFIG_OPTIONS

    defaults = rendered["aws_keyless"]["settings"]
    for option in ("threshold", "compression", "dataframe_format"):
        assert defaults[option] == CONFIG_OPTIONS[option]["default"], option
    variables = (ROOT / "terraform" / "modules" / "airflow-connection" / "variables.tf").read_text()
    for option, choices in (("compression", COMPRESSIONS), ("dataframe_format", DATAFRAME_FORMATS)):
        found = re.search(rf"contains\((\[[^\]]*\]), coalesce\(var\.xcomkit_settings\.{option},", variables)
        assert found, f"no validation of {option} in airflow-connection/variables.tf"
        assert tuple(json.loads(found.group(1))) == choices, option


@pytest.mark.parametrize("case", ["aws_keyed", "gcp_key", "azure_sas"])
def test_backend_config_accepts_rendered_settings(rendered: dict, case: str) -> None:
    # The Python side's own reader, in a fresh interpreter (its getters are cached per process).
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__XCOMKIT__")}
    env.update(rendered[case]["env"])
    code = (
        "import json\nfrom xcomkit.config import get_settings\ns = get_settings()\n"
        "print(json.dumps([s.location.scheme, s.location.conn_id, s.location.bucket, s.location.prefix,"
        " s.threshold, s.compression, s.dataframe_format]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    spec = CASES[case]
    settings = spec.get("settings", {})
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [
        spec["storage_scheme"],
        spec["conn_id"],
        spec["bucket"],
        spec.get("prefix", "xcom"),
        settings.get("threshold", 0),
        settings.get("compression", "none"),
        settings.get("dataframe_format", "parquet"),
    ]


def test_var_file_reached_terraform_verbatim(rendered: dict) -> None:
    # Guards the harness itself: the secret Terraform saw is byte-identical to ours.
    assert json.loads(rendered["aws_keyed"]["json"])["password"] == NASTY
