# The two commands: `make run` (demo on SQLite with an embedded broker) and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
# `make invite` with no address of its own writes links to where `make run` last served.
ifeq ($(origin HOST)$(origin PORT)$(origin BASE_URL),undefinedundefinedundefined)
SERVING_BASE_URL := $(shell cat var/run-base-url 2>/dev/null)
endif
HOST ?= 127.0.0.1
PORT ?= 8000
# Every link the demo writes starts here. Exported whole because honcho gives each process
# of `make run` a PORT of its own (the worker 100 more than the web server), so the worker
# and beat must not derive it from PORT themselves.
BASE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
export HOST PORT BASE_URL
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/portal
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist: test processes per pytest run (one per core of the machine this was sized on);
# each has its own test database and folders (portal/settings/test.py, tests/conftest.py).
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup
# Values that let the production settings load for `check --deploy`; never used to serve.
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY=deploy-check-$$(printf 'x%.0s' {1..60})-not-a-real-key-0123456789abcdef \
	ALLOWED_HOSTS=portal.example.org BASE_URL=https://portal.example.org DATABASE_URL=postgres://portal@db.example.org:5432/portal \
	CELERY_BROKER_URL=redis://broker.example.org:6379/0 CACHE_URL=redis://broker.example.org:6379/1

.PHONY: help run test bench install frontend migrate lint deploy-check pytest-sqlite pytest-postgres browser java lock messages services stress invite

help:
	@echo "make run     set up everything and serve the demo on http://$(HOST):$(PORT) (HOST=, PORT= change it)"
	@echo "make invite  send a demo survey invitation to a made-up patient (run beside make run; the"
	@echo "             email is written to var/mail/; INVITE_ARGS=\"--email you@example.net\" changes it)"
	@echo "make test    set up everything and run every check and test"
	@echo "make bench   benchmarks (ratios measured side by side; QUICK=1 for a short run)"
	@echo "make stress  load, faults and sqlmap on the production configuration"
	@echo "make lint    ruff and the migrations check only"
	@echo "make lock    re-pin the Python dependencies after editing pyproject.toml"

# --- set-up steps (each runs again only when its inputs change) ------------------------
# The installer is pinned first (requirements-pip.lock): the pip a venv bundles depends on the
# interpreter's release, and an old one resolves hash-pinned extras against the newest upstream
# release instead of the lock, so the install would break by itself one day.
$(VENV)/.installed: requirements.lock requirements-pip.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/static/css/portal.css: node_modules/.installed $(shell find static/scss -name '*.scss' 2>/dev/null)
	npm run --silent build

build/static/vendor/chart.umd.min.js: node_modules/.installed
	npm run --silent build:vendor

install: $(VENV)/.installed
frontend: build/static/css/portal.css build/static/vendor/chart.umd.min.js

messages: install
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# Framework chatter (Wagtail logs every page a data migration or the demo seed creates) stays
# out of the console during set-up; warnings and errors still show.
SETUP_ENV := LOG_LEVEL=WARNING

migrate: install
	@mkdir -p var
	$(SETUP_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(SETUP_ENV) $(BIN)/python manage.py createcachetable

# --- the demo ---------------------------------------------------------------------------
# The set-up ends with one short block (address, logins, make invite); the seed's own report
# goes to var/log/. Celery's worker and beat log warnings only (their banners and a line per
# sweep each minute would bury it); the web server still logs what goes wrong.

run: install frontend messages migrate
	@mkdir -p var/log
	@$(SETUP_ENV) $(BIN)/python manage.py seed_demo > var/log/seed_demo.log 2>&1 || { cat var/log/seed_demo.log; exit 1; }
	@echo "$(BASE_URL)" > var/run-base-url
	@$(BIN)/python manage.py demo_summary --url "$(BASE_URL)/" --invite "make invite" --log var/log/seed_demo.log
	CELERY_LOG_LEVEL=WARNING $(BIN)/honcho start -f Procfile -p $(PORT) || test $$? -ge 128

# --- the tests --------------------------------------------------------------------------
services:
	@bash .ci/services

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }
	@chromium --version

# Java runs the Nu Html Checker (node_modules/vnu-jar, a dev dependency) in the pytest run.
java:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null; }
	@java -version 2>&1 | head -n 1

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

deploy-check: install frontend
	$(DEPLOY_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

pytest-sqlite: install frontend messages java
	@echo "=== pytest on SQLite ==="
	$(PYTEST)

pytest-postgres: install frontend messages java
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
		echo "=== pytest on PostgreSQL ($(POSTGRES_TEST_URL)) ==="; \
		DATABASE_URL=$(POSTGRES_TEST_URL) $(PYTEST) -m "both_databases and not e2e"; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! SKIPPED: the PostgreSQL test run. No PostgreSQL answers on 127.0.0.1:5432. !!!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

test: install frontend browser java services lint deploy-check pytest-sqlite pytest-postgres
	@echo "make test: all checks passed"

invite: BASE_URL := $(or $(SERVING_BASE_URL),$(BASE_URL))
invite: install messages migrate
	BASE_URL=$(BASE_URL) $(BIN)/python manage.py invite_demo_patient $(INVITE_ARGS)

lock:
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	head -n 5 requirements-pip.lock > requirements-pip.lock.new
	awk '/^pip==/{p=1} p&&/^    # via/{exit} p' requirements.lock >> requirements-pip.lock.new
	mv requirements-pip.lock.new requirements-pip.lock

bench/lighthouse/node_modules/.installed: bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	@touch $@

bench: install frontend messages browser bench/lighthouse/node_modules/.installed
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py $(if $(QUICK),--quick) $(BENCH_ARGS)

# Production settings on a private PostgreSQL and Redis under load and faults, then sqlmap
# against the search, the infobutton API, a survey step and the CSV import (stress/README.md).
stress: install frontend messages
	$(BIN)/python stress/run.py
	$(BIN)/python stress/sqlmap_scan.py
