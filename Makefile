# tongket: `make report YEAR=2024` and `make test` set themselves up on a machine with python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2024
INPUTS ?= inputs
OUTPUTS ?= outputs
STAMP := $(VENV)/.installed

.PHONY: help setup report test lint typecheck pytest pdf bench lock clean install-check

help:
	@echo "make report YEAR=2024   build every document for the year from $(INPUTS)/ into $(OUTPUTS)/"
	@echo "make test               tests, lint (ruff) and type checks (mypy)"
	@echo "make pdf YEAR=2024      convert the year's drafts to PDF with LibreOffice"
	@echo "make bench              speed and memory benchmark"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(BIN)/tongket run --year $(YEAR) --inputs $(INPUTS) --outputs $(OUTPUTS)

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests tools bench
	$(BIN)/ruff format --check pipeline tests tools bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# BENCH_SCALE=national adds 130.000 workbooks; BENCH_E2E_LIMIT=N skips `tongket run` above N.
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/portal.py  # the web portal: 200 units uploading within a minute, on 127.0.0.1

# The wheel built, installed into a fresh venv outside the checkout, and run there (as CI does).
install-check: $(STAMP)
	bash tools/check_install.sh

pdf: $(STAMP)
	$(BIN)/tongket pdf --year $(YEAR) --outputs $(OUTPUTS)

lock:
	rm -rf /tmp/tongket-lock && $(PYTHON) -m venv /tmp/tongket-lock
	/tmp/tongket-lock/bin/pip install --quiet setuptools wheel && /tmp/tongket-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/tongket-lock/bin/pip freeze --all --exclude-editable | grep -v -E '^pip==' > requirements.lock

clean:
	rm -rf $(VENV)
