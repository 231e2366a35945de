# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv on first use and are quick once it exists.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: help run test lint bench docs snapshot clean

# `make` alone: say what it can do (the first target is the default).
help:
	@echo "make run     run the questionnaire on the bundled rule book"
	@echo "make test    run every test, ruff, mypy and the bundled book's checks"
	@echo "make bench   run the benchmarks;  make docs  redraw the decision tree"
	@echo "make clean   remove .venv and build files"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mendpath needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/mendpath ask

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src

test: lint
	$(BIN)/python -m pytest -n auto
	$(BIN)/mendpath validate --strict
	$(BIN)/mendpath test

snapshot: $(STAMP)
	$(BIN)/python tools/snapshot.py

docs: $(STAMP)
	$(BIN)/mendpath graph --format dot --output docs/decision-tree.dot --force
	dot -Tsvg docs/decision-tree.dot -o docs/decision-tree.svg

bench: $(STAMP)
	$(BIN)/python bench/run

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
