# The one command vocabulary of ASCN Hub: the README and .ci/run both use these targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# Development mode for the targets below unless DEBUG is set: config/settings.py defaults to production
# mode (a hand deployment without configuration fails loudly). `make serve` sets DEBUG=false itself.
export DEBUG ?= true

.PHONY: run test install install-dev migrate reference demo lint format check serve bench messages clean imports fuzz audit bench-cache bench-inprocess

# Run the hub: venv, locked dependencies, migrations, reference data, development server, and the worker of
# background jobs (imports, big reports: hub.jobs) beside it; Ctrl-C stops both.
run: install migrate reference
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt -r requirements/dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

reference: install
	$(PY) manage.py loadreference

# Made-up projects and M&E reporting to try the hub with (flagged as demo; `manage.py loaddemo --remove`).
demo: migrate reference
	$(PY) manage.py loaddemo

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The layering of docs/architecture.md, kept by import-linter (contracts in .importlinter).
imports: install-dev
	$(VENV)/bin/lint-imports

# Generated requests to every API operation (schemathesis), anonymous and with a read-write token: no server
# error, answers as documented. FUZZ_EXAMPLES per operation and caller (default 25); DATABASE_URL as for test.
fuzz: install-dev
	$(PY) -m pytest -m fuzz tests/fuzz -q -p no:cacheprovider

# Known vulnerabilities in the locked dependencies (pip-audit asks the PyPI/OSV databases: needs network
# access, which CI and the development machines do not have; operators run it where they do).
audit: install-dev
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements/base.txt
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements/dev.txt

# Production mode: DEBUG off, gunicorn, static files collected and served by whitenoise, and one worker of
# background jobs (manage.py db_worker; README, "Background jobs"); Ctrl-C or SIGTERM stops both.
serve: install migrate reference
	DEBUG=false $(PY) manage.py collectstatic --noinput
	DEBUG=false $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=false $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2}

# The load benchmark (bench/load.py: gunicorn on BENCH_SMALL_URL and BENCH_LARGE_URL beside the floor of
# ../shared/perf, then the report at the large size); bench/large.py generates the large database.
bench: install-dev
	$(PY) bench/load.py $(BENCH_ARGS)

# The in-process timings of before: pages and API with the test client, the report on generated data.
bench-inprocess: install-dev
	$(PY) bench/run.py
	$(PY) bench/report.py

# Update the Bahasa Indonesia catalogue after changing user-visible strings (needs gettext; see locale/README.md).
messages: install-dev
	$(PY) manage.py makemessages -l id --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var
	$(PY) manage.py compilemessages -l id --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Two app servers on one PostgreSQL and one Redis: a write on one seen at once on the other; cached paths vs the
# floor of ../shared/perf (bench/multiserver.py; DATABASE_URL must be PostgreSQL; REDIS_URL optional).
bench-cache: install-dev
	DEBUG=false $(PY) bench/multiserver.py
