"""Where one run's servers are, as handed from the run to each case process, and the XCom coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DAG_ID = "bench"
RUN_ID = "bench_run"
XCOM_KEY = "return_value"
SEED_CONN_ID = "s3_xcom_backend_conn"  # the seed's class constants, kept as published
SEED_BUCKET = "s3-xcom-backend-example"
BUCKET = "xcomkit-bench"
# store -> (URL scheme, the Airflow connection id the kit's contenders use)
SCHEMES = {
    "s3": ("s3", "bench_s3"),
    "gcs": ("gs", "bench_gcs"),
    "azure": ("wasb", "bench_azure"),
    "local": ("file", ""),
}


@dataclass(frozen=True)
class Context:
    """One store's server (and, on S3, the database of the peers), as plain values (JSON in the spec).

    `root` is the key prefix every contender writes under: empty in a bucket, the directory (without
    its leading slash) for the local store, whose keys are paths.
    """

    store: str
    bucket: str
    root: str = ""
    db_url: str = ""
    s3: dict[str, Any] | None = None  # url, access_key, secret_key, region
    gcs_url: str = ""
    azure_connection_string: str = ""

    def path(self, prefix: str) -> str:
        """`[xcomkit] path` for the kit's objects under `prefix`."""
        scheme, conn_id = SCHEMES[self.store]
        if self.store == "local":
            return f"file:///{self.root}{prefix}"
        return f"{scheme}://{conn_id}@{self.bucket}/{prefix}"

    def admin_store(self) -> Any:
        """An xcomkit store on this bucket, to list and clear what contenders left (never timed)."""
        from xcomkit.location import Location
        from xcomkit.stores import open_store

        # The local store refuses keys outside its directory: open it on the whole run's directory.
        path = f"file:///{self.root.rstrip('/')}" if self.store == "local" else self.path("admin")
        return open_store(Location.parse(path))
