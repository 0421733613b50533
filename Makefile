# The two commands: `make run` (set up everything, load the demo, serve it) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
UV_VERSION := 0.13.8
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run setup test test-sqlite test-postgres test-browser lint format messages clean
.PHONY: bench

run: setup ## Set up, load the demo and serve it on 127.0.0.1:$(PORT)
	$(MANAGE) load_demo
	@echo "Serving the demo at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

setup: $(VENV)/.synced
	@scripts/ensure-system-packages
	$(MANAGE) compilemessages --ignore '.venv/*' --ignore '.tools/*' -v0
	$(MANAGE) migrate --noinput -v0

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

test: lint test-sqlite test-postgres test-browser ## The whole suite, as CI runs it

test-sqlite: setup
	$(VENV)/bin/pytest -m "not browser" -n 2 -q

test-postgres: setup
	scripts/ensure-postgres
	DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -m "not browser" -n 2 -q

test-browser: setup
	scripts/ensure-system-packages browser
	$(VENV)/bin/pytest -m browser -q tests/e2e

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.synced ## Refresh the .po files after changing strings
	$(MANAGE) makemessages -l lv --no-obsolete --ignore '.venv/*' --ignore '.tools/*' --ignore 'var/*'

clean:
	rm -rf $(VENV) .tools var

bench: setup ## Search and ESCO suggestion latency at 100,000 outcomes, SQLite and PostgreSQL
	$(PY) -m bench.run
