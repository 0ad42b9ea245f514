# daihoi: two commands do all the set-up (see README.md).
#   make demo   install into .venv, build the demo organization on SQLite, serve it
#   make test   install the test tools and run the whole suite

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(CURDIR)/var

# The newest Python >= 3.12 found (Django 6), else Python 3.11 (Django 5.2 LTS); see README.
PYTHON ?= $(shell \
  for p in python3.14 python3.13 python3.12 \
           $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
           python3.11 python3; do \
    if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo $$p; exit; fi; \
  done; \
  for p in python3.11 python3; do \
    if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then echo $$p; exit; fi; \
  done)

.PHONY: demo test install install-test lint typecheck bench serve clean-demo help

help:
	@echo "make demo   - install, build the demo organization and serve it on 127.0.0.1:$(PORT)"
	@echo "make test   - install the test tools and run the whole suite"
	@echo "make lint   - ruff, the import contracts and the migrations check;  make typecheck - mypy (both run in make test)"
	@echo "make bench  - run the benchmarks (figures go to bench/results/)"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Cần Python 3.11 trở lên (Python 3.11+ is required)."; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-base requirements/test.txt
	$(BIN)/pip install --quiet -r requirements/test.txt
	@touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

# The demo runs with production-like settings (DEBUG off) on a real WSGI server, on the demo
# clock: its dates run from the demo congress's day (congress/demo.py CONGRESS_DAY), and every
# page says so. DEMO_TODAY= (empty) runs it on the real clock.
DEMO_TODAY ?= 2020-06-10
DEMO_ENV = DAIHOI_DATA_DIR="$(DATA_DIR)" DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost \
	DAIHOI_DEMO_TODAY="$(DEMO_TODAY)" SECRET_KEY="$$(cat "$(DATA_DIR)/secret-key")"

$(DATA_DIR)/secret-key: | $(BIN)/python
	@mkdir -p "$(DATA_DIR)"
	@$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

# The audit log's key (settings read it from the data folder): outside the database.
$(DATA_DIR)/audit-key: | $(BIN)/python
	@mkdir -p "$(DATA_DIR)"
	@$(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > $@
	@chmod 600 $@

demo: install $(DATA_DIR)/secret-key $(DATA_DIR)/audit-key
	@$(DEMO_ENV) $(BIN)/daihoi migrate --no-input -v 0
	@$(DEMO_ENV) $(BIN)/daihoi collectstatic --no-input -v 0
	@$(DEMO_ENV) $(BIN)/daihoi demo
	@echo "Mã tổ chức (dùng với --org CODE):"
	@$(DEMO_ENV) $(BIN)/daihoi roster stats
	@echo "Cơ sở dữ liệu SQLite: $(DATA_DIR)/daihoi.sqlite3"
	@echo "Mở http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@# The task worker (roster imports) runs beside gunicorn and is stopped with it.
	@$(DEMO_ENV) $(BIN)/daihoi db_worker --queue-name '*' -v 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/gunicorn daihoi.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - --timeout 120 \
		--logger-class daihoi.accesslog.DeskSafeLogger

lint: install-test
	$(BIN)/ruff check src tests bench tools
	PYTHONPATH=src $(BIN)/lint-imports
	DEBUG=true $(BIN)/daihoi makemigrations --check --dry-run

typecheck: install-test
	DEBUG=true $(BIN)/mypy src/daihoi

test: install-test lint typecheck
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python -m bench.run_all

clean-demo:
	rm -rf "$(DATA_DIR)"
