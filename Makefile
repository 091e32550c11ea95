# The two set-up-and-go commands: `make run` (example server) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint build bench bench-quick bench-smoke clean

# The editable install also compiles the hot modules (setup.py, Cython).
$(BIN)/nodekit: pyproject.toml setup.py
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]' cython 'setuptools>=77'
	touch $(BIN)/nodekit

run: $(BIN)/nodekit build
	$(BIN)/nodekit examples/hello.py

# Recompile the modules whose source changed since the last build (a stale
# compiled module is never used: nodekit loads the newer source instead).
build: $(BIN)/nodekit
	$(BIN)/python setup.py -q build_ext --inplace

# The suite runs on the compiled build with uvloop and with plain asyncio,
# then once more as pure Python (NODEKIT_PURE=1): both builds must behave alike.
test: $(BIN)/nodekit build
	$(BIN)/ruff check nodekit tests examples bench setup.py
	NODEKIT_LOOP=uvloop $(BIN)/python -m pytest
	NODEKIT_LOOP=asyncio $(BIN)/python -m pytest
	NODEKIT_PURE=1 NODEKIT_LOOP=uvloop $(BIN)/python -m pytest

lint: $(BIN)/nodekit
	$(BIN)/ruff check nodekit tests examples bench

bench: $(BIN)/nodekit build
	$(BIN)/python bench/run.py --full

bench-quick: $(BIN)/nodekit build
	$(BIN)/python bench/run.py --quick

bench-smoke: $(BIN)/nodekit build
	$(BIN)/python bench/run.py --smoke

clean:
	rm -rf $(VENV) build *.egg-info
	find nodekit \( -name '*.so' -o -name '*.c' \) -delete
