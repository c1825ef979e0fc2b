"""The smoke DAG shipped in the package (`xcomkit.smoke`), in this repository's DAGs folder."""

from xcomkit.smoke import dag  # noqa: F401 - the DAG object, for Airflow's DAG discovery
