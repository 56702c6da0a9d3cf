# kommplan: `make run` to try it, `make test` to check it. Both install what they need.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

UV := python3 -m uv
RUN := $(UV) run --locked

.PHONY: help install run test test-sqlite test-postgres lint format bench

help:
	@echo "make run   installs, migrates, loads the demo plans and serves http://127.0.0.1:8000"
	@echo "make test  installs, lints and runs the whole suite on SQLite and PostgreSQL 15"

# uv itself comes from PyPI the first time; everything else is pinned in uv.lock.
install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --locked --quiet

run: install
	DEBUG=$${DEBUG:-true} $(RUN) kommplan demo 127.0.0.1:8000

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

test-sqlite: install
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(RUN) pytest -q

test-postgres: install
	@echo "== tests on PostgreSQL 15"
	scripts/with-postgres.sh $(RUN) pytest -q

test: lint test-sqlite test-postgres
