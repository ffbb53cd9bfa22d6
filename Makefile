# The first two targets are the README's two commands for a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
SHARED ?= ../shared

.PHONY: run test install dev lint typecheck eval bench train clean

run: $(BIN)/.installed  ## set up, then code the reference article into eventwire.db and print the events
	$(BIN)/eventwire process examples/haniyeh-tehran.txt --db eventwire.db --format table

test: $(BIN)/.dev-installed  ## install dev dependencies and run the whole test suite
	$(BIN)/python -m pytest -q

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Need $(PYTHON) (Python 3.11): install it or run 'make PYTHON=python3'."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(BIN)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed
dev: $(BIN)/.dev-installed

lint: $(BIN)/.dev-installed  ## ruff format check + ruff check
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/ruff check src tests scripts

typecheck: $(BIN)/.dev-installed  ## mypy, strict on the library
	$(BIN)/mypy

eval: $(BIN)/.dev-installed  ## quality figures and gates on ../shared data (tests/eval/test_*.py print them)
	$(BIN)/python -m pytest -q tests/eval -s

train: $(BIN)/.installed  ## retrain the learned event coder from $(SHARED)/data (5-fold CV figures, then events/data/pair_model.json)
	$(BIN)/python scripts/train_events.py --shared $(SHARED)

bench: $(BIN)/.dev-installed  ## speed and memory figures: every scripts/bench_*.py (never timed unit tests)
	@for script in scripts/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm .pytest_cache .mypy_cache .ruff_cache
