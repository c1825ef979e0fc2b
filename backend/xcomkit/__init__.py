"""xcomkit: Airflow XCom on object storage, with the Terraform to provision it."""

from __future__ import annotations

__version__ = "0.1.0"
