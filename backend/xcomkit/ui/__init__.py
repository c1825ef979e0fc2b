"""The XCom preview in the Airflow UI: a plugin (FastAPI app in the API server) that shows each value.

Airflow 3's API server never calls a custom XCom backend, so the UI shows only what the metadata
database holds (a reference). This package reads the object behind it, with the read-only preview
connection, and shows as much as a person needs to recognise it — never the whole object.
"""
