# Backprop from Scratch: the whole set-up is `make lab` (students) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test install sandbox release seed lint format clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## Students: install, copy new lessons into notebooks/, open JupyterLab there.
lab: $(STAMP) seed
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_FLAGS)

seed: $(STAMP)
	$(BIN)/python -m autograder seed

## Instructors: regenerate release/ and solutions/ from source/.
release: $(STAMP)
	$(BIN)/python -m autograder release

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## The grading sandbox needs bubblewrap (Debian package); install it when we can.
sandbox:
	@command -v bwrap >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; \
	  else echo "grading needs bubblewrap: sudo apt-get install bubblewrap"; exit 1; fi; }

## Everything CI checks.
test: $(STAMP) sandbox lint
	$(BIN)/python -m pytest -n 2 --dist loadscope

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
