# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
# `make apply` needs a real Terraform (the .venv shim cannot download providers): the first one on
# the PATH you had before make put .venv/bin in front, else the shim.
SYSTEM_TERRAFORM := $(shell command -v terraform 2>/dev/null)
TERRAFORM ?= $(or $(SYSTEM_TERRAFORM),$(CURDIR)/$(BIN)/terraform)
export PATH := $(CURDIR)/$(BIN):$(PATH)
CLOUD ?= aws
ENV_FILE ?= .env

.PHONY: help venv lock lock-matrix test-airflow test-matrix test-bare lint dist test test-unit test-integration test-terraform tf-tools emulators demo bench clean apply export smoke e2e-celery ui

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.lock pyproject.toml dev/pyproject.toml scripts/terraform.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet -r requirements.lock
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet --no-deps -e . -e dev
	install -m 0755 scripts/terraform.py $(BIN)/terraform
	sed -i '1s|.*|#!$(CURDIR)/$(BIN)/python|' $(BIN)/terraform
	touch $@

venv: $(STAMP)  ## create .venv from the lock (idempotent)

lock:  ## re-resolve requirements.in into requirements.lock (uv: seconds; pip alone backtracks for 15+ min)
	$(UV) pip compile requirements.in --python-version 3.11 -o requirements.lock

dist: venv  ## build the sdist and wheel into dist/ and check them (twine check)
	rm -rf dist
	$(UV) build --quiet --out-dir dist .
	$(BIN)/twine check --strict dist/*

# Tests run on one pytest-xdist worker per core (each worker starts its own servers; files stay whole
# with --dist loadfile so a module's fixtures start once). XDIST= runs them in one process, XDIST=4 on four workers.
XDIST ?= auto
PARALLEL = $(if $(XDIST),-n $(XDIST) --dist $(1))

# Older Airflow minors CI proves besides the newest (.venv): one venv and lock each.
MATRIX ?= 3.0 3.1 3.2
AIRFLOW ?= 3.0
MATRIX_VENV = .venv-airflow-$(AIRFLOW)

lock-matrix:  ## re-resolve requirements/airflow-<minor>.in into their locks
	for lock in $(MATRIX:%=airflow-%) bare; do \
	  $(UV) pip compile requirements/$$lock.in --python-version 3.11 -q -o requirements/$$lock.lock; \
	done

test-airflow: venv  ## unit suite + `airflow dags test` runs (local store, SeaweedFS) on Airflow $(AIRFLOW)
	test -x $(MATRIX_VENV)/bin/python || $(PYTHON) -m venv $(MATRIX_VENV)
	VIRTUAL_ENV=$(MATRIX_VENV) $(UV) pip install --quiet -r requirements/airflow-$(AIRFLOW).lock
	VIRTUAL_ENV=$(MATRIX_VENV) $(UV) pip install --quiet --no-deps -e . -e dev
	XCOMKIT_TEST_COMBOS=sqlite-local,sqlite-s3 $(MATRIX_VENV)/bin/python -m pytest -p no:cacheprovider \
	  $(call PARALLEL,load) tests/unit tests/integration/test_dags.py

test-bare: venv  ## without the extras, each missing one names its `pip install 'xcomkit[...]'` line
	test -x .venv-bare/bin/python || $(PYTHON) -m venv .venv-bare
	VIRTUAL_ENV=.venv-bare $(UV) pip install --quiet -r requirements/bare.lock
	VIRTUAL_ENV=.venv-bare $(UV) pip install --quiet --no-deps -e . -e dev
	XCOMKIT_BARE=1 .venv-bare/bin/python -m pytest -p no:cacheprovider tests/bare

test-matrix:  ## test-airflow for every minor in MATRIX
	for minor in $(MATRIX); do $(MAKE) --no-print-directory test-airflow AIRFLOW=$$minor || exit 1; done

lint: venv  ## ruff over everything Python
	$(BIN)/ruff check backend dev tests dags scripts

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

e2e-celery: venv  ## real Celery deployment (API server, scheduler, dag-processor, 2 workers; PostgreSQL, Redis); logs in build/e2e-celery
	$(BIN)/pytest tests/deployment -v --durations=0

test: venv tf-tools emulators lint  ## everything CI runs: lint, the full suite on the newest Airflow, no-extras, the Airflow matrix
	$(BIN)/pytest $(call PARALLEL,loadfile) tests
	$(MAKE) --no-print-directory test-bare
	$(MAKE) --no-print-directory test-matrix

demo: venv  ## run the seed's DAGs through the kit on a local S3 server, show the bucket and the DB
	$(BIN)/python scripts/demo.py

ui: venv  ## the XCom preview in a real Airflow UI: SeaweedFS, SQLite, seed + smoke DAGs run, api-server (Ctrl-C stops)
	$(BIN)/python scripts/ui.py

apply:  ## terraform init + apply in terraform/$(CLOUD) (CLOUD=aws|gcp|azure; copy terraform.tfvars.example first)
	cd terraform/$(CLOUD) && $(TERRAFORM) init -input=false && $(TERRAFORM) apply

export: venv  ## write terraform/$(CLOUD)'s connection and [xcomkit] settings to $(ENV_FILE) (mode 0600)
	$(BIN)/xcomkit export --cloud $(CLOUD) --to env-file --env-file $(ENV_FILE)

smoke: venv  ## run dags/xcom_backend_smoke.py with $(ENV_FILE) (Airflow home: ./airflow_home unless AIRFLOW_HOME is set)
	@test -f $(ENV_FILE) || { echo "$(ENV_FILE) is missing: run make export CLOUD=$(CLOUD) first"; exit 1; }
	set -a && . ./$(ENV_FILE) && set +a && \
	export AIRFLOW_HOME=$${AIRFLOW_HOME:-$(CURDIR)/airflow_home} AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	  AIRFLOW__CORE__LOAD_EXAMPLES=False && \
	$(BIN)/airflow db migrate >/dev/null && \
	$(BIN)/airflow dags test xcom_backend_smoke -f dags/xcom_backend_smoke.py && \
	$(BIN)/xcomkit doctor

bench: venv emulators  ## every store against its SDK and the peers; writes docs/benchmarks.{md,json,png}
	$(BIN)/python -m xcomkit_bench --store s3 gcs azure local
	$(BIN)/python -m xcomkit_bench.data_types | tee docs/benchmarks-data-types.md

clean:
	rm -rf $(VENV) .venv-checkov build airflow_home
