# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export XDG_RUNTIME_DIR ?= $(CURDIR)/.data/run

.PHONY: install run serve test test-pgbouncer lint typecheck schema-check pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	@mkdir -p .data/run && chmod 700 .data/run

run: install
	$(BIN)/hq-gateway run

serve: install
	$(BIN)/hq-gateway serve

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

schema-check: install
	$(BIN)/pytest -q -p no:cacheprovider tests/contract/test_schema_drift.py

pytest: install
	$(BIN)/pytest -q -p no:cacheprovider

test: lint typecheck pytest

# the integration suite again with every connection through PgBouncer in transaction mode (Debian's
# `pgbouncer` package; .ci/run installs it): tests/pgbouncer.py
test-pgbouncer: install
	TEST_PGBOUNCER=1 $(BIN)/pytest -q -p no:cacheprovider tests/integration

clean:
	rm -rf $(VENV) .data .mypy_cache .ruff_cache
