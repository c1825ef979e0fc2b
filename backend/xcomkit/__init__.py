"""xcomkit: Airflow XCom on object storage, with the Terraform to provision it."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it (setuptools dynamic version).
__version__ = "0.2.0"
