# Two commands matter: `make run` (the dashboard) and `make test` (everything CI checks).
# Each creates .venv on first use and reinstalls only when pyproject.toml (the one list of
# dependencies) changes. The project itself is installed editable, so `ketamine-cost` works too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# `make run` answers this machine only; `make run ADDRESS=0.0.0.0` opens it to the network.
ADDRESS ?= 127.0.0.1
# `make serve`: N Streamlit processes behind nginx on 0.0.0.0:PORT (PORT defaults to 8080 there).
N ?= 2
SERVE_PORT = $(if $(filter file,$(origin PORT)),8080,$(PORT))

.PHONY: run serve test lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dashboard]'
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[dashboard,dev]'
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run dashboard.py --server.address $(ADDRESS) --server.port $(PORT)

# Needs Debian's nginx (apt-get install nginx-light); see docs/serving.md. Ctrl-C stops it all.
serve: $(VENV)/.runtime
	$(BIN)/python deploy/serve.py --n $(N) --port $(SERVE_PORT)

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
