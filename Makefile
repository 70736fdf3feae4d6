# Two commands matter: `make run` (the dashboard) and `make test` (everything CI checks).
# Each creates .venv on first use and reinstalls only when a requirements file changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run dashboard.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -n 2 --dist loadgroup

bench: $(VENV)/.dev
	$(BIN)/python -m bench

screenshots: $(VENV)/.dev
	$(BIN)/pytest -q tests/browser --screenshots artifacts/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache artifacts
