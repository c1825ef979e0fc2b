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
    "routes": {
        "description": (
            "Send values to other stores or prefixes by codec and size: a JSON list of routes, tried in "
            "order; the first that matches a value takes it, and values no route takes go to path. Each "
            'route is {"path": "<scheme>://<conn_id>@<bucket>/<prefix>", "codecs": [names] '
            '(optional; every codec if absent), "min_size": bytes, "max_size": bytes (both optional, '
            "the stored object's size)}. A reference is read, purged and swept through the route it "
            "points into; one outside path and every route is refused.\n"
        ),
        "version_added": "0.2.0",
        "type": "string",
        "example": (
            '[{"codecs": ["parquet", "arrow", "polars"], "path": "s3://xcom_analytics@analytics/xcom"}, '
            '{"codecs": ["json"], "max_size": 65536, "path": "s3://xcom_s3@xcom-short/small"}]'
        ),
        "default": "",
    },
    "preview_conn_id": {
        "description": (
            "The connection the XCom preview in the Airflow UI (API server) reads objects with; a "
            "read-only identity is enough. Empty: the connection of the location the object is in.\n"
        ),
        "version_added": "0.2.0",
        "type": "string",
        "example": "xcomkit_aws_preview",
        "default": "",
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
