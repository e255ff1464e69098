# Two commands matter: `make run` (platform with demo data) and `make test` (whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
HOST ?= 127.0.0.1
SEARCH_N ?= 100000

.PHONY: install run test lint typecheck bench system-deps clean

NODE_STAMP := node_modules/.installed

install: $(STAMP)

# The stamp re-runs the install whenever the lock or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Browser tests and PDF fonts need Debian packages; install them when we may, else say how.
system-deps:
	@bash scripts/system-deps.sh

run: export GONGKAI_DEV = 1
run: install $(NODE_STAMP)
	@mkdir -p var
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai createcachetable
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai collectstatic --noinput --verbosity 0
	$(BIN)/gongkai demo --accounts
	@echo "gongkai: http://$(HOST):$(PORT)/  (后台 http://$(HOST):$(PORT)/staff/)"
	$(BIN)/gunicorn gongkai.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# Pinned from the npm registry: echarts (the portal's annual-report charts, served as a static file, so
# `run` needs it as much as `test`) and axe-core (accessibility checks injected by the browser tests).
$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $(NODE_STAMP)

test: install system-deps $(NODE_STAMP)
	GONGKAI_TESTING=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	GONGKAI_DEV=1 $(BIN)/mypy gongkai tests conftest.py

bench: install
	@mkdir -p bench
	GONGKAI_DEV=1 $(BIN)/gongkai bench --scale $(or $(SCALE),city) --search $(SEARCH_N) -o bench/results.json

clean:
	rm -rf $(VENV) test-artifacts node_modules
