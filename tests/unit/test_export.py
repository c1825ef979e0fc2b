"""`xcomkit export` without a cloud: masking, the .env writer, output checks, Terraform errors."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from dotenv import dotenv_values

from xcomkit.cli.export import dotenv_quote, write_env_file
from xcomkit.cli.main import main
from xcomkit.errors import ConfigError
from xcomkit.outputs import MASK, TerraformError, check_outputs, mask_connection, read_outputs

TERRAFORM = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "terraform"
SECRET = "wJalr/XUtnFEMI+K7MDENG"


def _outputs(**overrides: object) -> dict:
    values = {
        "airflow_connection_id": "xcomkit_aws",
        "airflow_connection_uri": f"aws://AKIA:{quote(SECRET, safe='')}@/",
        "airflow_env": {
            "AIRFLOW_CONN_XCOMKIT_AWS": json.dumps({"conn_type": "aws", "login": "AKIA", "password": SECRET}),
            "AIRFLOW__CORE__XCOM_BACKEND": "xcomkit.backend.ObjectStorageXComBackend",
            "AIRFLOW__XCOMKIT__PATH": "s3://xcomkit_aws@my-bucket/team/xcom",
        },
        "bucket": "my-bucket",
        "prefix": "team/xcom",
    }
    values.update(overrides)
    return values


def test_mask_json_connection_keeps_login_hides_password_and_secret_extras() -> None:
    conn = {
        "conn_type": "google_cloud_platform",
        "login": "AKIA",
        "password": SECRET,
        "extra": {"keyfile_dict": '{"private_key": "x"}', "project": "p"},
    }
    masked = json.loads(mask_connection(json.dumps(conn)))
    assert masked == {
        "conn_type": "google_cloud_platform",
        "login": "AKIA",
        "password": MASK,
        "extra": {"keyfile_dict": MASK, "project": "p"},
    }


def test_mask_uri_connection_hides_password_and_secret_extras() -> None:
    extra = quote(json.dumps({"sas_token": "sv=secret", "region_name": "eu-west-1"}), safe="")
    masked = mask_connection(f"aws://AKIA:{quote(SECRET, safe='')}@/?__extra__={extra}")
    assert "secret" not in masked.lower().replace("sas_token", "")
    assert SECRET not in masked
    assert quote(SECRET, safe="") not in masked
    parts = urlsplit(masked)
    assert parts.netloc == f"AKIA:{MASK}@"
    assert json.loads(parse_qs(parts.query)["__extra__"][0]) == {
        "sas_token": MASK,
        "region_name": "eu-west-1",
    }


def test_env_file_roundtrips_json_keeps_other_lines_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("# mine\nMY_SETTING='kept'\nAIRFLOW__XCOMKIT__PATH='s3://old@old/old'\n")
    path.chmod(0o644)
    env = _outputs()["airflow_env"] | {"WITH_BACKSLASH": r'{"k": "a\nb \"q\""}'}
    assert write_env_file(path, env) == len(env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert dotenv_values(path) == {"MY_SETTING": "kept", **env}
    assert path.read_text().startswith("# mine\n")
    assert write_env_file(path, env) == 0, "a second export with the same outputs changes nothing"


def test_env_file_refuses_values_readers_disagree_on() -> None:
    with pytest.raises(ConfigError, match="--to airflow"):
        dotenv_quote("it's")


def test_check_outputs_names_what_is_missing() -> None:
    with pytest.raises(ConfigError, match="airflow_env, prefix"):
        check_outputs(Path("terraform/aws"), _outputs(airflow_env={}, prefix=None))


def test_check_outputs_refuses_a_path_that_disagrees_with_the_outputs() -> None:
    with pytest.raises(ConfigError, match="disagrees"):
        check_outputs(Path("terraform/aws"), _outputs(bucket="other-bucket"))


def test_check_outputs_exposes_settings_without_the_connection() -> None:
    outputs = check_outputs(Path("terraform/aws"), _outputs())
    assert outputs.conn_env_var == "AIRFLOW_CONN_XCOMKIT_AWS"
    assert outputs.conn_env_var not in outputs.settings_env
    assert str(outputs.location) == "s3://xcomkit_aws@my-bucket/team/xcom"


def test_missing_terraform_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TerraformError, match="make venv"):
        read_outputs(tmp_path)


def test_cli_needs_a_root(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--to", "stdout"]) == 1
    assert "--cloud aws|gcp|azure or --dir" in capsys.readouterr().err


def test_cli_reports_a_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--dir", str(tmp_path / "nope"), "--terraform", str(TERRAFORM)]) == 1
    assert "is not a directory" in capsys.readouterr().err
