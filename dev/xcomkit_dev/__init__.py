"""xcomkit's development harness: test servers, Airflow environments, the fault proxy, fixtures.

Not shipped: installed editable by `make venv` from dev/pyproject.toml, in the spirit of Airflow's
`tests_common`. The wheel holds only runtime code and the public contract suites (`xcomkit.testing`).
"""
