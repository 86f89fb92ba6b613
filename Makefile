# The README's Quick start uses exactly two targets: `make serve` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/creditbasis: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/creditbasis

install: $(BIN)/creditbasis

serve: install
	$(BIN)/creditbasis serve

test: install
	$(BIN)/ruff check service tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m bench.run_all

.PHONY: install serve test bench
