"""Provider metadata: makes `airflow providers list` show xcomkit and `airflow config list` its section.

The `config` block is the one declaration of every `[xcomkit]` option; `config.py` takes its defaults
from here, and the Terraform `airflow-connection` module renders exactly these keys (a test checks both).
"""

from __future__ import annotations

from typing import Any

from xcomkit import __version__

CONFIG_OPTIONS: dict[str, dict[str, Any]] = {
    "path": {
        "description": (
            "Where XCom objects go, as <scheme>://<conn_id>@<bucket>/<prefix>: s3:// (AWS, MinIO, any "
            "S3-compatible store through the connection's endpoint_url), gs:// (GCS), wasb:// (Azure "
            "Blob, the bucket being the container), or file:///<absolute dir> for a local directory.\n"
        ),
        "version_added": "0.1.0",
        "type": "string",
        "example": "s3://xcom_s3@my-xcom-bucket/xcom",
        "default": None,
    },
    "threshold": {
        "description": (
            "Values whose JSON encoding is at most this many bytes stay inline in the metadata database; "
            "larger ones go to the store. 0 sends every value to the store. Airflow's internal keys "
            "(skipmixin_key, _link_*, trigger_run_id) always stay inline: the scheduler and API server "
            "read them raw.\n"
        ),
        "version_added": "0.1.0",
        "type": "integer",
        "example": "65536",
        "default": "0",
    },
    "compression": {
        "description": (
            "Compression for JSON, CSV and bytes objects: none, gzip or zstd. Parquet objects are "
            "always compressed inside the file (zstd).\n"
        ),
        "version_added": "0.1.0",
        "type": "string",
        "example": "zstd",
        "default": "none",
    },
    "dataframe_format": {
        "description": (
            "How pandas DataFrames are stored: parquet (exact dtypes and index) or csv (the seed "
            "tutorial's behaviour, lossy).\n"
        ),
        "version_added": "0.1.0",
        "type": "string",
        "example": "parquet",
        "default": "parquet",
    },
}


def get_provider_info() -> dict[str, Any]:
    """Return the provider metadata Airflow's ProvidersManager reads through the entry point."""
    return {
        "package-name": "xcomkit",
        "name": "xcomkit",
        "description": "XCom backend on object storage (local, S3/MinIO, GCS, Azure Blob).\n",
        "versions": [__version__],
        "config": {
            "xcomkit": {
                "description": "The xcomkit XCom backend (xcomkit.backend.ObjectStorageXComBackend).\n",
                "options": CONFIG_OPTIONS,
            }
        },
    }
