# PAR Index: `make run` (demo on SQLite) and `make test` (the whole suite, SQLite then PostgreSQL).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The first interpreter that really runs (pyenv shims exist even when they cannot start).
PYTHON := $(shell for p in python3.13 python3.12; do $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; break; }; done)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv deps dev-deps run demo test test-fast test-sqlite test-postgres lint check messages lock bench clean

help:
	@echo "make run    - set up, load the demo data (SQLite), serve on http://$(HOST):$(PORT) and run the task worker"
	@echo "make test   - lint (ruff, mypy), migration check and the whole test suite on SQLite and PostgreSQL"
	@echo "make test-fast - the quick inner loop: SQLite, without the browser journeys and slow tests"
	@echo "make bench  - the benchmarks in benchmarks/"

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "PAR Index needs Python 3.12 or newer (python3.13 or python3.12 not found)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(PY)

$(VENV)/.deps: requirements.txt | $(PY)
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt | $(PY)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@ $(VENV)/.deps

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

demo: deps
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py migrate --no-input
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py load_demo

# The task worker (published PDFs) runs beside the server and stops with it.
run: demo
	@echo "PAR Index is starting on http://$(HOST):$(PORT)/ with its task worker (Ctrl+C to stop)"
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py runserver $(HOST):$(PORT)

# mypy checks the files listed in pyproject.toml ([tool.mypy] files): the engine and the domain code.
lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: dev-deps
	TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	TESTING=1 $(PY) manage.py check

# The inner loop while working: SQLite only, no browser journeys, no slow module (`make test` runs all).
test-fast: dev-deps
	TESTING=1 $(BIN)/pytest -q -m "not browser and not slow"

test-sqlite: dev-deps
	TESTING=1 $(BIN)/pytest

test-postgres: dev-deps
	TESTING=1 DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

test: lint check test-sqlite test-postgres

messages: dev-deps
	cd parindex && DEBUG=1 ../$(PY) ../manage.py makemessages -l en --no-obsolete
	cd parindex && DEBUG=1 ../$(PY) ../manage.py compilemessages -l en

lock:
	uv pip compile --quiet --generate-hashes --python-version 3.12 requirements.in -o requirements.txt
	uv pip compile --quiet --generate-hashes --python-version 3.12 requirements-dev.in -o requirements-dev.txt

bench: dev-deps
	$(PY) benchmarks/bench_scoring.py
	$(PY) benchmarks/bench_scorecard.py
	$(PY) benchmarks/bench_public.py
	$(PY) benchmarks/bench_reports.py
	$(PY) benchmarks/bench_plans.py

clean:
	rm -rf $(VENV) staticfiles test-results
