# AlloKoli — two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VENDOR := src/allokoli/web/static/vendor
ALLOKOLI_TEST_PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
export ALLOKOLI_TEST_PG_URL
ALLOKOLI_TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
export ALLOKOLI_TEST_REDIS_URL
PYTEST_OPTS ?=

.PHONY: run test install assets browser lint typecheck test-sqlite test-pg test-unit test-pg-unit coverage bench clean

run: install ## install everything, upgrade the database, serve on http://127.0.0.1:8000
	@$(BIN)/allokoli db upgrade
	@echo ""
	@echo "  AlloKoli démarre sur http://127.0.0.1:8000"
	@echo "  Créez le premier compte sur http://127.0.0.1:8000/signup"
	@echo "  (ou : $(BIN)/allokoli user create --email vous@exemple.fr --password '...' --org 'Mon entreprise')"
	@echo ""
	@$(BIN)/allokoli serve --host 127.0.0.1 --port 8000

install: $(STAMP) assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# caldav's HTTP client (niquests) brings urllib3-future, whose wheel replaces the `urllib3`
	@# package that requests (schemathesis, twilio) needs; built from source with this variable it
	@# installs beside it as `urllib3_future` instead (its documented way to keep both).
	URLLIB3_NO_OVERRIDE=1 $(BIN)/python -m pip install --quiet --no-binary urllib3-future -e '.[dev]'
	@touch $(STAMP)

assets: $(VENDOR)/htmx.min.js $(VENDOR)/voice.bundle.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/htmx.min.js: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

$(VENDOR)/voice.bundle.js: node_modules/.package-lock.json src/allokoli/web/assets/voice.js
	@mkdir -p $(VENDOR)
	node_modules/.bin/esbuild src/allokoli/web/assets/voice.js --bundle --minify --format=iife --log-level=warning --outfile=$(VENDOR)/voice.bundle.js

browser: ## Debian's Chromium for the Playwright tests (apt-get when missing and root)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium…"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and we are not root: browser tests will be skipped."; fi; \
	fi

lint:
	$(BIN)/ruff check src tests $(wildcard bench/*.py)
	$(BIN)/ruff format --check src tests $(wildcard bench/*.py)
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy src tests

# The suite is cut in three parts that `make test` runs on 2 cores, in two lanes of about the
# same length:
# - test-sqlite: the tests that use the database, on SQLite, with branch coverage, and the tests
#   of French understanding (no database, the heaviest of the rest);
# - test-pg: the tests that use the database on PostgreSQL, without coverage: the tracer makes
#   them 1.6 times slower, and SQLite's run already measures the code they run (only
#   PostgreSQL-specific lines go unmeasured, so the combined figure can only be lower than the
#   truth);
# - test-unit: the other tests that use no database (generation, configurator, catalogue…), with
#   coverage, run after test-pg.
test-sqlite:
	ALLOKOLI_TEST_BACKEND=sqlite COVERAGE_FILE=.coverage.sqlite $(BIN)/pytest -p no:cacheprovider -m "db or pg or understanding" --cov --cov-branch --cov-report= $(PYTEST_OPTS)

test-unit:
	ALLOKOLI_TEST_BACKEND=sqlite COVERAGE_FILE=.coverage.unit $(BIN)/pytest -p no:cacheprovider -m "not db and not pg and not understanding" --cov --cov-branch --cov-report= $(PYTEST_OPTS)

test-pg:
	@if $(BIN)/python -c "import os, psycopg; psycopg.connect(os.environ['ALLOKOLI_TEST_PG_URL'], connect_timeout=3).close()" 2>/dev/null; then \
	  ALLOKOLI_TEST_BACKEND=postgresql $(BIN)/pytest -p no:cacheprovider -m "db or pg" $(PYTEST_OPTS); \
	else \
	  echo ""; echo "*** No PostgreSQL reachable at $$ALLOKOLI_TEST_PG_URL: SKIPPING the PostgreSQL part of the suite. ***"; echo ""; \
	fi

test-pg-unit:
	@$(MAKE) --no-print-directory test-pg
	@$(MAKE) --no-print-directory test-unit

coverage: ## combine the parts' coverage and apply the gate
	@$(BIN)/coverage combine --keep -q $(wildcard .coverage.sqlite .coverage.unit)
	@echo "Branch coverage: $$($(BIN)/coverage report --format=total)% (gate: 85%)"
	@$(BIN)/coverage report --fail-under=85 > /dev/null || { echo "Coverage is under the 85 % gate."; exit 1; }

# Two processes side by side (2 cores): SQLite's part, and PostgreSQL's then the unit tests;
# mypy runs beside them for its first minute. Each part's output is printed in one block.
test: install browser lint ## install everything and run the whole suite
	@rm -f .coverage .coverage.sqlite .coverage.pg .coverage.unit
	@$(MAKE) --no-print-directory --output-sync=target -j3 typecheck test-sqlite test-pg-unit
	@$(MAKE) --no-print-directory coverage

BENCHES ?= generation configurator understanding tools webhooks dashboard mcp_latency journey

bench: install ## every benchmark, one after the other (BENCHES="webhooks tools" for some)
	@set -e; for b in $(BENCHES); do echo "=== bench/$$b.py"; $(BIN)/python bench/$$b.py; done

clean:
	rm -rf $(VENV) node_modules $(VENDOR)/*.js .coverage .coverage.* var/*.db*
