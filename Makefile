# Backprop from Scratch: the whole set-up is `make lab` (students) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab instructor test install sandbox chromium services release seed student-bundle site lint format clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## Students: install, copy new lessons into notebooks/, open JupyterLab there
## (nbgrader's Validate button only; config in jupyter/student/, see autograder/lab/labs.py).
lab: $(STAMP) seed
	$(BIN)/python -m autograder.lab.labs student $(LAB_ARGS)

## Instructors: JupyterLab on the course root with the formgrader, the Course List
## and the Assignment List (exchange in exchange/; config in jupyter/instructor/).
instructor: $(STAMP)
	$(BIN)/python -m autograder.lab.labs instructor $(LAB_ARGS)

seed: $(STAMP)
	$(BIN)/python -m autograder seed

## Instructors: regenerate release/ and solutions/ from source/.
release: $(STAMP)
	$(BIN)/python -m autograder release

## Instructors: the students' copy of the course (release/, the kernel-side library,
## the student's tools; no hidden tests, answer key or instructor tools) in dist/;
## LESSONS="01_chain_rule 02_linear_gradients" for the lessons released so far.
student-bundle: $(STAMP)
	$(BIN)/python -m autograder bundle $(LESSONS)

## The course website in site/ (Sphinx + myst-nb, offline): each lesson's student edition
## with the answer key's figures; executed notebooks are cached in .site-cache/.
## LESSONS="01_chain_rule ..." publishes only the lessons released so far.
site: $(STAMP)
	$(BIN)/python -m autograder.authoring.site $(LESSONS)

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

## The browser test (tests/test_browser.py) drives Debian's chromium; install it when we can.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "the browser test needs chromium: sudo apt-get install chromium"; exit 1; fi; }

## The grading queue's tests (tests/test_queue.py) start their own Redis and PostgreSQL
## (Debian's redis-server and postgresql, on 127.0.0.1, in temporary folders); install them when we can.
services:
	@{ command -v redis-server >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq redis-server postgresql >/dev/null; \
	  else echo "the queue's tests need Redis and PostgreSQL: sudo apt-get install redis-server postgresql"; exit 1; fi; }

## Everything CI checks (screenshots of browser-test failures land in test-artifacts/).
test: $(STAMP) sandbox chromium services lint
	$(BIN)/python -m pytest -n 2 --dist loadscope

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts dist site .site-cache
