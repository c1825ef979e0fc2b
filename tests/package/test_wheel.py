"""The built wheel, installed the way users install providers, on the oldest and newest Airflow.

`uv build` makes the wheel; a fresh venv gets it next to `apache-airflow==<minor>` with the
`[pandas]` extra from the wheel's own metadata — not from this repository's lock. The newest
minor resolves unconstrained; the oldest with a constraints file, as Airflow's install docs say
(Airflow 3.0.6 itself breaks with today's fastapi; requirements/airflow-3.0.lock stands in for
Airflow's published constraints file, which this machine cannot download). Then, in that venv:
`airflow providers list`, `airflow config list --section xcomkit`, a DataFrame round trip on the
local store, and `xcomkit smoke`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xcomkit import __version__

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")
# minor -> constraints file (None: resolve from the wheel's metadata alone)
MINORS = {"3.0.6": REPO / "requirements" / "airflow-3.0.lock", "3.3.2": None}
ROUND_TRIP = """
import pandas as pd
from types import SimpleNamespace
from xcomkit.backend import ObjectStorageXComBackend as X
frame = pd.DataFrame({"a": pd.array([1, None, 3], dtype="Int64"), "b": ["x", "y", None]},
                     index=pd.Index([10, 20, 30], name="row"))
ref = X.serialize_value(frame, key="return_value", task_id="t", dag_id="d", run_id="r", map_index=-1)
assert ref["codec"] == "parquet", ref
pd.testing.assert_frame_equal(X.deserialize_value(SimpleNamespace(value=ref)), frame, check_exact=True)
print("ROUND TRIP OK", ref["url"])
"""


def _run(argv: list[str], env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, (
        f"{' '.join(argv)} exited {proc.returncode}:\n{(proc.stdout + proc.stderr)[-5000:]}"
    )
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([str(UV), "build", "--wheel", "--quiet", "--out-dir", str(out), str(REPO)], dict(os.environ))
    (built,) = out.glob("xcomkit-*.whl")
    return built


def test_wheel_holds_runtime_code_and_the_contracts_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    packages = {n.split("/")[0] for n in names}
    assert packages == {"xcomkit", f"xcomkit-{__version__}.dist-info"}, packages
    assert not [n for n in names if "xcomkit_dev" in n or "/tests/" in n or "bench" in n]
    assert f"xcomkit-{__version__}.dist-info/licenses/LICENSE" in names
    assert "xcomkit/smoke.py" in names
    assert "xcomkit/testing/store_contract.py" in names
    assert "xcomkit/ui/templates/preview.html" in names  # the UI preview's page, as package data
    entry_points = zipfile.ZipFile(wheel).read(f"xcomkit-{__version__}.dist-info/entry_points.txt").decode()
    assert "[airflow.plugins]\nxcomkit = xcomkit.ui.plugin:XComKitPlugin" in entry_points
    metadata = zipfile.ZipFile(wheel).read(f"xcomkit-{__version__}.dist-info/METADATA").decode()
    assert "Classifier: Framework :: Apache Airflow :: Provider" in metadata
    assert "Requires-Dist: apache-airflow>=3.0.0" in metadata
    assert "License-Expression: Apache-2.0" in metadata


@pytest.mark.parametrize("minor", list(MINORS))
def test_installed_wheel_works(minor: str, wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], dict(os.environ))
    install = [str(UV), "pip", "install", "--quiet", f"{wheel}[pandas]", f"apache-airflow=={minor}"]
    if MINORS[minor] is not None:
        install += ["--constraint", str(MINORS[minor])]
    _run(install, {**os.environ, "VIRTUAL_ENV": str(venv)})
    bin_dir = venv / "bin"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "VIRTUAL_ENV"))},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "AIRFLOW_HOME": str(tmp_path / "home"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__XCOM_BACKEND": "xcomkit.backend.ObjectStorageXComBackend",
        "AIRFLOW__XCOMKIT__PATH": f"file://{tmp_path}/objects",
    }
    probe = "import json, importlib.metadata as m; print(json.dumps({p: m.version(p) for p in PACKAGES}))"
    probe = probe.replace("PACKAGES", "('apache-airflow', 'xcomkit')")
    versions = json.loads(_run([str(bin_dir / "python"), "-c", probe], env).stdout)
    assert versions == {"apache-airflow": minor, "xcomkit": __version__}
    providers = _run([str(bin_dir / "airflow"), "providers", "list"], env).stdout
    assert "xcomkit" in providers
    config = _run([str(bin_dir / "airflow"), "config", "list", "--section", "xcomkit"], env).stdout
    for option in ("path", "threshold", "routes", "preview_conn_id"):
        assert option in config, config
    assert "ROUND TRIP OK file:///" in _run([str(bin_dir / "python"), "-c", ROUND_TRIP], env).stdout
    _run([str(bin_dir / "airflow"), "db", "migrate"], env)
    smoke = _run([str(bin_dir / "xcomkit"), "smoke"], env)
    assert "xcom_backend_smoke passed" in smoke.stdout
