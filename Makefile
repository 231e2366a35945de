# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv on first use and are quick once it exists.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# the GOV.UK holiday entitlement flow, encoded as an example book with a scenario per route
HOLIDAY := examples/holiday-entitlement
# Let Python keep the modules it compiles (__pycache__, ignored by git), even where the
# environment says not to (PYTHONDONTWRITEBYTECODE=1): the tests start mendpath afresh a few
# hundred times, and compiling its modules again each time was a third of the test run.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help run test lint bench docs snapshot fast-check clean catalogue

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
	$(BIN)/mendpath validate --strict $(HOLIDAY)/rules
	$(BIN)/mendpath test --rules $(HOLIDAY)/rules $(HOLIDAY)/scenarios
	$(BIN)/mendpath paths --count --rules $(HOLIDAY)/rules
	$(BIN)/mendpath validate --strict examples/houseplants   # English and Spanish, complete
	$(BIN)/mendpath test --rules examples/houseplants examples/scenarios/houseplants.yaml
	$(BIN)/mendpath test --rules examples/houseplants examples/scenarios/houseplants.yaml --lang es

snapshot: $(STAMP)
	$(BIN)/python tools/snapshot.py

# The schema's fast check, compiled ahead of time (src/mendpath/book/schema_check.py).
fast-check: $(STAMP)
	$(BIN)/python tools/fast_check.py

docs: $(STAMP)
	$(BIN)/mendpath graph --format dot --output docs/decision-tree.dot --force
	dot -Tsvg docs/decision-tree.dot -o docs/decision-tree.svg

bench: $(STAMP)
	$(BIN)/python bench/run

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

# mendpath's own words: the template from the source, merged into each catalogue, compiled.
# Needs GNU gettext (Debian: apt-get install gettext); the compiled .mo files are committed,
# so building and testing never need it (tests/test_i18n.py checks each .mo against its .po).
LOCALE := src/mendpath/locale
catalogue:
	xgettext --language=Python --keyword=tr --keyword=trn:1,2 --from-code=UTF-8 --no-wrap --sort-by-file \
	  --package-name=mendpath --msgid-bugs-address=none -o $(LOCALE)/mendpath.pot \
	  $$(find src/mendpath -name '*.py' | sort)
	for po in $(LOCALE)/*/LC_MESSAGES/mendpath.po; do \
	  msgmerge --quiet --update --no-wrap --backup=none $$po $(LOCALE)/mendpath.pot && \
	  msgfmt --check --output-file=$${po%.po}.mo $$po; done
