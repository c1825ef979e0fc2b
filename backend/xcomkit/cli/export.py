"""`xcomkit export`: Terraform's outputs → an Astro-style `.env`, Airflow's connections, or stdout.

The root's outputs are read with `terraform output -json` (python-terraform) and checked before
anything is written. Secrets are never printed unless `--show-secrets`; the `.env` file is written
with mode 0600, atomically, keeping every line that is not the kit's.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from xcomkit.errors import ConfigError
from xcomkit.terraform_outputs import CLOUDS, default_dir, mask_env, read_outputs

if TYPE_CHECKING:
    import argparse


NAME = "export"
HELP = "export a Terraform root's Airflow connection and backend settings (.env, Airflow, stdout)"
TARGETS = ("env-file", "airflow", "stdout")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the export options."""
    parser.add_argument("--cloud", choices=CLOUDS, help="the root to read: terraform/<cloud>")
    parser.add_argument("--dir", type=Path, help="the Terraform root (default: terraform/<cloud>)")
    parser.add_argument("--to", choices=TARGETS, default="env-file", help="where to write (default env-file)")
    parser.add_argument("--env-file", type=Path, default=Path(".env"), help="file for --to env-file (.env)")
    parser.add_argument("--terraform", help="terraform binary (default: `terraform` on PATH)")
    parser.add_argument(
        "--show-secrets", action="store_true", help="print passwords and secret extras instead of ***"
    )


def run(args: argparse.Namespace) -> int:
    """Read, check and write the outputs."""
    if args.dir is None and args.cloud is None:
        raise ConfigError("no Terraform root named", "pass --cloud aws|gcp|azure or --dir <terraform root>")
    outputs = read_outputs(args.dir or default_dir(args.cloud), args.terraform)
    env = outputs.all_env
    shown = env if args.show_secrets else mask_env(env, outputs.secret_vars)
    if args.to == "stdout":
        sys.stdout.write("".join(f"{k}={dotenv_quote(v)}\n" for k, v in sorted(shown.items())))
        if not args.show_secrets:
            print("# secrets masked as ***: add --show-secrets to print them", file=sys.stderr)
        return 0
    if args.to == "env-file":
        changed = write_env_file(args.env_file, env)
        print(f"wrote {len(env)} variables to {args.env_file} (mode 0600; {changed} changed):")
    else:
        for var in sorted(outputs.secret_vars):
            conn_id = var.removeprefix("AIRFLOW_CONN_").lower()
            outcome = upsert_connection(conn_id, env[var])
            print(f"connection {conn_id!r}: {outcome} in Airflow's metadata database")
            if os.environ.get(var):
                print(
                    f"note: {var} is set in this environment and takes precedence over the database; "
                    "unset it or update it too"
                )
        print("set these in every Airflow component's environment (or [core]/[xcomkit] in airflow.cfg):")
        shown = outputs.settings_env
    for key, value in sorted(shown.items()):
        print(f"  {key}={value}")
    print(f"next: make smoke (or airflow dags test xcom_backend_smoke) to check {outputs.location}")
    return 0


def dotenv_quote(value: str) -> str:
    """Quote a value for a .env file as the Astro CLI, docker compose and python-dotenv read it.

    Single quotes keep JSON's double quotes and backslashes literal in all three readers. A value with
    a single quote or a newline has no spelling they all agree on, so it is refused rather than
    written in a way one of them would misread.
    """
    if "'" in value or "\n" in value:
        raise ConfigError(
            "a value holds a single quote or newline, which .env readers disagree on",
            "use --to airflow (or set the variable yourself)",
        )
    return f"'{value}'"


def write_env_file(path: Path, env: dict[str, str]) -> int:
    """Set `env` in the file, keep its other lines, write it atomically with mode 0600; return changes."""
    lines = path.read_text().splitlines() if path.exists() else []
    pending = {k: f"{k}={dotenv_quote(v)}" for k, v in env.items()}
    changed = 0
    out: list[str] = []
    for line in lines:
        name = line.split("=", 1)[0].strip().removeprefix("export ").strip()
        if name in pending:
            new = pending.pop(name)
            changed += new != line
            out.append(new)
        else:
            out.append(line)
    changed += len(pending)
    out.extend(pending[k] for k in sorted(pending))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # created 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(out) + "\n")
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
    path.chmod(0o600)
    return changed


def upsert_connection(conn_id: str, uri_or_json: str) -> str:
    """Create or update the connection in Airflow's metadata DB, as `airflow connections add` would."""
    from airflow.models.connection import Connection  # noqa: PLC0415 - heavy import
    from airflow.utils.session import create_session  # noqa: PLC0415
    from sqlalchemy import select  # noqa: PLC0415

    wanted = (
        Connection.from_json(uri_or_json, conn_id=conn_id)
        if uri_or_json.lstrip().startswith("{")
        else Connection(conn_id=conn_id, uri=uri_or_json)
    )
    fields = ("conn_type", "host", "login", "password", "schema", "port")
    with create_session() as session:
        existing = session.scalar(select(Connection).where(Connection.conn_id == conn_id))
        if existing is None:
            session.add(wanted)
            return "created"
        same = all(getattr(existing, f) == getattr(wanted, f) for f in fields)
        if same and existing.extra_dejson == wanted.extra_dejson:
            return "unchanged"
        for field in fields:
            setattr(existing, field, getattr(wanted, field))
        existing.extra = wanted.extra
        return "updated"
