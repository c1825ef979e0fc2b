# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help venv lock lint test test-unit test-integration test-terraform tf-tools emulators demo bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.lock pyproject.toml scripts/terraform.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet -r requirements.lock
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet --no-deps -e .
	install -m 0755 scripts/terraform.py $(BIN)/terraform
	sed -i '1s|.*|#!$(CURDIR)/$(BIN)/python|' $(BIN)/terraform
	touch $@

venv: $(STAMP)  ## create .venv from the lock (idempotent)

lock:  ## re-resolve requirements.in into requirements.lock (uv: seconds; pip alone backtracks for 15+ min)
	$(UV) pip compile requirements.in --python-version 3.11 -o requirements.lock

lint: venv  ## ruff over everything Python
	$(BIN)/ruff check backend tests dags scripts bench

emulators:  ## Azurite (npm, pinned) for the Azure store tests; the GCS emulator comes with the venv
	bash scripts/install_emulators.sh

tf-tools:  ## checkov venv and provider schemas for the offline Terraform checks
	bash scripts/install_tf_tools.sh

test-unit: venv
	$(BIN)/pytest tests/unit

test-integration: venv emulators
	$(BIN)/pytest tests/integration

test-terraform: venv tf-tools
	$(BIN)/pytest tests/terraform

test: venv tf-tools emulators lint  ## everything CI runs: lint, unit, integration (Airflow on PostgreSQL and SQLite), Terraform
	$(BIN)/pytest tests

demo: venv  ## run the seed's DAGs through the kit on a local S3 server, show the bucket and the DB
	$(BIN)/python scripts/demo.py

bench: venv  ## benchmarks against the peers; writes docs/benchmarks.md and docs/benchmarks.png
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .venv-checkov build airflow_home
