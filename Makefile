# The two commands: `make demo` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean

# google-reader is a real Google Reader API client for tests/api; its metadata asks for
# Python 3.12 but it runs on 3.11, hence the flag (it is a test-only dependency).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,postgres]'
	$(BIN)/pip install -q --ignore-requires-python 'google-reader>=0.0.3'
	touch $(STAMP)

## Run the whole pipeline on the bundled corpus and serve it at http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/broadsheet demo

## Install what the tests need (system packages too, when run as root) and run them
test: $(STAMP)
	bash scripts/test-deps.sh
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
