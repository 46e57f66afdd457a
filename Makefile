# The one entry point for people and CI alike. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
NPM := npm --prefix frontend

export TERMWISE_DATABASE_URL ?= sqlite:///./termwise.db
export TERMWISE_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

SPA_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.* frontend/tsconfig*.json -type f 2>/dev/null)

.PHONY: help run serve install test lint typecheck openapi openapi-check \
        test-python test-sqlite test-postgres test-frontend test-browser contract test-servers \
        chromium postgres \
        bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# --- environments --------------------------------------------------------------------------

$(BIN)/.installed-run: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed-run
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

# The certified OpenID provider the school-account sign-in tests start on loopback.
tests/oidc/node_modules/.installed: tests/oidc/package.json tests/oidc/package-lock.json
	npm --prefix tests/oidc ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(SPA_SOURCES)
	$(NPM) run build

.termwise-secret:
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))' > $@
	chmod 600 $@

install: $(BIN)/.installed-run frontend/dist/index.html ## Create .venv, install, build the web app

# --- running -------------------------------------------------------------------------------

run: install .termwise-secret ## Install, migrate, load the demo trust and serve on http://127.0.0.1:8000
	$(BIN)/termwise migrate
	$(BIN)/termwise demo
	@echo
	@echo "Termwise is starting on http://$(HOST):$(PORT) (Ctrl-C stops it)."
	TERMWISE_SECRET_KEY="$$(cat .termwise-secret)" $(BIN)/termwise serve --host $(HOST) --port $(PORT)

# --- checks --------------------------------------------------------------------------------

test: lint typecheck openapi-check test-frontend test-python test-servers ## Run every check CI runs

lint: $(BIN)/.installed-dev ## ruff: lint and format check
	$(BIN)/ruff check src tests migrations bench
	$(BIN)/ruff format --check src tests migrations bench

typecheck: $(BIN)/.installed-dev ## mypy, strict, on src/
	$(BIN)/mypy

openapi: $(BIN)/.installed-run frontend/node_modules/.installed ## Regenerate openapi/openapi.json and the SPA's client
	$(BIN)/termwise openapi --output openapi/openapi.json
	$(BIN)/python -m termwise.maturity.definition > schemas/framework.schema.json
	$(NPM) run generate

openapi-check: $(BIN)/.installed-run frontend/node_modules/.installed ## Fail if the committed OpenAPI document or client drifted
	$(BIN)/termwise openapi --check --output openapi/openapi.json
	$(NPM) run generate:check

test-frontend: frontend/node_modules/.installed ## Front-end unit tests
	$(NPM) run test:unit

test-browser: $(BIN)/.installed-dev frontend/dist/index.html tests/oidc/node_modules/.installed chromium ## Browser tests in headless Chromium
	VENV="$(abspath $(VENV))" $(NPM) run test:e2e

contract: $(BIN)/.installed-dev postgres ## schemathesis's command line against a demo server on PostgreSQL: no failures
	$(BIN)/python tests/external_contract.py --examples 3 --database postgres

test-servers: ## The browser tests and the contract run side by side: each serves on its own ports
	$(MAKE) --no-print-directory -j2 --output-sync=target test-browser contract

test-python: $(BIN)/.installed-dev tests/oidc/node_modules/.installed postgres ## Python tests on SQLite and on PostgreSQL, side by side
	@# The two suites share nothing (each makes its own databases and ports), so they run at once;
	@# each one's output is printed whole when it ends.
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: $(BIN)/.installed-dev tests/oidc/node_modules/.installed
	$(BIN)/pytest --database sqlite

test-postgres: $(BIN)/.installed-dev tests/oidc/node_modules/.installed postgres
	@# Generated requests for every operation on PostgreSQL come from `make contract`, against a
	@# real server; the in-process run of them is on SQLite only.
	$(BIN)/pytest --database postgres \
	  --deselect tests/test_contract.py::test_generated_requests_get_documented_answers_never_server_errors

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@test -x /usr/bin/chromium || { \
	  echo "Installing Chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

postgres: ## Start the local PostgreSQL cluster if it is installed but stopped
	@if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 \
	    && command -v pg_ctlcluster >/dev/null; then \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true; \
	fi

bench: $(BIN)/.installed-dev postgres ## Benchmarks on SQLite and PostgreSQL (see bench/README.md)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/ingest.py --database-url $(TERMWISE_TEST_POSTGRES_URL)
	$(BIN)/python bench/tracking.py
	$(BIN)/python bench/tracking.py --database-url $(TERMWISE_TEST_POSTGRES_URL)
	$(BIN)/python bench/plans.py
	$(BIN)/python bench/plans.py --database-url $(TERMWISE_TEST_POSTGRES_URL)
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/meetings.py --database-url $(TERMWISE_TEST_POSTGRES_URL)
	$(BIN)/python bench/home.py
	$(BIN)/python bench/home.py --database-url $(TERMWISE_TEST_POSTGRES_URL)

clean: ## Remove the environment, builds and the demo database
	rm -rf $(VENV) frontend/node_modules frontend/dist tests/oidc/node_modules termwise.db .termwise-secret
