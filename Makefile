# product-helper: `make run` serves the app on SQLite with demo data; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
HOST ?= 127.0.0.1
PYTHON ?= python3

.PHONY: run test lint format migrate demo bench system-deps test-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages: graphviz draws SVG/PNG (optional for `run`), chromium drives browser tests.
system-deps:
	@if ! command -v dot >/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else echo "note: graphviz (dot) is not installed; diagrams render in the browser only"; fi; \
	fi

test-deps: system-deps
	@if ! command -v chromium >/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium is not installed; browser tests will be skipped"; fi; \
	fi
	@if [ -f tests/mermaid/package.json ] && [ ! -d tests/mermaid/node_modules ]; then \
	  npm install --prefix tests/mermaid --no-audit --no-fund --silent; fi

migrate: $(VENV)/.installed
	$(VENV)/bin/alembic upgrade head

demo: migrate
	$(PY) -m core demo

run: $(VENV)/.installed system-deps demo
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address $(HOST) --browser.serverAddress localhost

# Lint and format are part of the test: a finding fails `make test` before any test runs.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint test-deps
	$(PY) -m pytest --cov --cov-report=term --cov-fail-under=90

bench: $(VENV)/.installed
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts tests/mermaid/node_modules
