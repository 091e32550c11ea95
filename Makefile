# The two set-up-and-go commands: `make run` (example server) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bench-quick bench-smoke clean

$(BIN)/nodekit: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/nodekit

run: $(BIN)/nodekit
	$(BIN)/nodekit examples/hello.py

test: $(BIN)/nodekit
	$(BIN)/ruff check nodekit tests examples bench
	NODEKIT_LOOP=uvloop $(BIN)/python -m pytest
	NODEKIT_LOOP=asyncio $(BIN)/python -m pytest

lint: $(BIN)/nodekit
	$(BIN)/ruff check nodekit tests examples bench

bench: $(BIN)/nodekit
	$(BIN)/python bench/run.py --full

bench-quick: $(BIN)/nodekit
	$(BIN)/python bench/run.py --quick

bench-smoke: $(BIN)/nodekit
	$(BIN)/python bench/run.py --smoke

clean:
	rm -rf $(VENV) build *.egg-info
