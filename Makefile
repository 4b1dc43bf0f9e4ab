# Two commands for a newcomer: `make run` and `make test`. `make check` is the daily loop.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/medreview
# Test processes: both cores by default.
WORKERS ?= 2
# Local development runs with DEBUG on and the embedded defaults (SQLite, local-memory cache);
# links in workflow mail point at the port `make run` serves.
DEV_ENV := DEBUG=true SITE_URL=http://127.0.0.1:$(PORT)

.PHONY: run worker test check test-sqlite test-postgres prod-check lint venv migrate seed bench \
	wrk varnish fuzz mutate lighthouse chromium clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

migrate: venv
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The task worker: workflow mail (printed to the console with DEBUG on), scheduled
# publication, reminders. Run beside `make run`; `manage.py enqueue_periodic_tasks`
# hands it the periodic work.
worker: migrate
	$(DEV_ENV) $(PY) manage.py db_worker --queue-name='*'

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# Browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# The daily loop (under two minutes): lint and every test not marked slow, on SQLite.
check: lint
	$(PYTEST) -m "not slow" -n $(WORKERS) -q

test-sqlite: venv chromium varnish
	$(PYTEST) -n $(WORKERS)

# PostgreSQL is used when it answers; with CI=true it is required. The property run
# and the fuzzers run at full size here too.
test-postgres: venv chromium
	@if $(PY) scripts/pg_answers.py "$(PG_URL)"; then \
		echo "PostgreSQL answers: running the suite on PostgreSQL"; \
		SECOND_PASS=postgresql DATABASE_URL="$(PG_URL)" $(PYTEST) -n $(WORKERS); \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true and PostgreSQL does not answer at $(PG_URL): failing." >&2; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_URL): skipping the PostgreSQL run."; \
	fi

test: lint test-sqlite test-postgres

# The README's deployment on this machine: PostgreSQL (a new database of its own on
# PG_URL's server), Redis, gunicorn with DEBUG off, the task worker, the periodic
# trigger and a real SMTP server, walked from a clean database to a published article
# (tests/deployment; `make test` runs the same walk in its PostgreSQL pass).
prod-check: venv
	CI=true DATABASE_URL="$(PG_URL)" $(VENV)/bin/pytest tests/deployment -v -p no:cacheprovider

# Fuzzing at five times the suite's size.
fuzz: venv
	FUZZ_EXAMPLES=10000 $(PYTEST) tests/interpretation/test_fuzz_api.py tests/test_fuzz_forms.py

# Mutation testing of the workflow's guards, the engine's boundaries and the sanitizer
# (mutmut; configuration in pyproject.toml). Long: run it before changing a guard.
mutate: venv
	SHARED_DIR=$(abspath $(CURDIR)/../shared) $(VENV)/bin/mutmut run
	$(VENV)/bin/mutmut results

# Benchmarks (numbers, never timed tests): written to bench/results.md and .json, on
# SQLite and on the production layout (PostgreSQL, Redis, Varnish in front).
BENCH_DB := sqlite:///$(CURDIR)/bench/engine.sqlite3
bench: venv wrk varnish
	rm -f bench/engine.sqlite3
	$(DEV_ENV) DATABASE_URL=$(BENCH_DB) $(PY) manage.py migrate --noinput -v0
	$(DEV_ENV) DATABASE_URL=$(BENCH_DB) $(PY) manage.py seed_demo -v0
	$(DEV_ENV) DATABASE_URL=$(BENCH_DB) $(PY) manage.py bench_engine --output bench/engine.json
	$(PY) -m bench.run

# Lighthouse scores of the reader pages (npm lighthouse@12.2.3, Debian's Chromium).
lighthouse: venv chromium bench/lighthouse/node_modules
	CHROME_PATH=/usr/bin/chromium $(PY) -m bench.lighthouse

bench/lighthouse/node_modules: bench/lighthouse/package.json
	cd bench/lighthouse && npm install --no-audit --no-fund --silent
	@touch $@

wrk:
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)

varnish:
	@command -v varnishd >/dev/null || (apt-get update && apt-get install -y varnish)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis staticfiles mutants
