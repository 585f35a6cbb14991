# Two commands on a fresh machine:  `make synth`  and  `make test`.
# Each installs what it needs first: Python packages into .venv, and for the
# tests the pinned cdktf CLI into node_modules.

PYTHON ?= python3
# Which CDK: cdktf 0.21 (the default), or CDK Terrain, its community continuation:
# `make CDK=terrain synth` or `make CDK=terrain test-fast`, in a virtualenv of its own.
CDK ?= cdktf
ifeq ($(CDK),cdktf)
VENV             := .venv
REQUIREMENTS     := requirements.txt
DEV_REQUIREMENTS := requirements-dev.txt
else ifeq ($(CDK),terrain)
VENV             := .venv-cdktn
REQUIREMENTS     := requirements-cdktn.txt
DEV_REQUIREMENTS := requirements-cdktn.txt
export APIDEST_CDK := terrain
ifneq ($(filter-out help synth test-fast,$(MAKECMDGOALS)),)
$(error CDK=terrain runs `synth` and `test-fast`; the other targets use cdktf)
endif
else
$(error CDK=$(CDK): expected cdktf (the default) or terrain)
endif
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check --quiet

export CHECKPOINT_DISABLE := 1

.PHONY: help synth test test-fast verify lint bench reference snapshot clean

## help: list the targets (the default)
help:
	@awk '/^## [a-z-]+:/ { sub(/^## /, ""); split($$0, part, ": "); printf "  make %-10s %s\n", part[1], substr($$0, length(part[1]) + 3); next } /^##   / { sub(/^##  /, ""); printf "  %-15s %s\n", "", $$0 }' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: $(REQUIREMENTS) | $(BIN)/python
	$(PIP) install -r $(REQUIREMENTS)
	touch $@

$(VENV)/.dev: $(DEV_REQUIREMENTS) $(VENV)/.runtime
	$(PIP) install -r $(DEV_REQUIREMENTS)
	touch $@

# LocalStack (the delivery test) needs Python 3.13 or later: LOCALSTACK_PYTHON, else
# the first that runs of python3.14, python3.13 and pyenv's 3.13+. Without one, the
# delivery test skips (CI: fails) and the test run's summary says so.
LOCALSTACK_PYTHON ?= $(shell for p in python3.14 python3.13 $$(pyenv root 2>/dev/null)/versions/3.1[3-9]*/bin/python3; do \
	"$$p" -c 'import sys; assert sys.version_info >= (3, 13)' 2>/dev/null && { command -v "$$p"; break; }; done)
LOCALSTACK_VENV   := .venv-localstack

$(LOCALSTACK_VENV)/.installed: requirements-localstack.txt
ifeq ($(LOCALSTACK_PYTHON),)
	@echo "!! No Python 3.13 or later on PATH (or LOCALSTACK_PYTHON): the delivery test will not run" >&2
else
	$(LOCALSTACK_PYTHON) -m venv $(LOCALSTACK_VENV)
	$(LOCALSTACK_VENV)/bin/pip --disable-pip-version-check --quiet install -r requirements-localstack.txt
	touch $@
endif

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## synth: write the Terraform JSON to cdktf.out/ (config: APIDEST_CONFIG=file.toml)
synth: $(VENV)/.runtime
	$(BIN)/python main.py

## test: every test, the slow ones (Terraform, local AWS APIs, CLI, scanners) too,
##   in TEST_WORKERS processes (4 by default; 1 runs them one after another)
# Four workers on two cores: the slow tests mostly wait (the AWS provider reads a new
# queue's attributes six times, five seconds apart, and a deleted one's fifteen times),
# and each test file keeps its order and its local AWS API on one worker (--dist
# loadfile), the longest files first (tests/conftest.py: LONGEST_FIRST). Six were
# faster, but under that load one apply in five CI runs saw the local API answer a
# create twice ("already exists").
TEST_WORKERS ?= 4
test: $(VENV)/.dev node_modules/.installed $(LOCALSTACK_VENV)/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## test-fast: the tests that need no external tool, in seconds
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not slow"

## verify: after `cdktf deploy`, prove an event reaches the endpoint (AWS credentials
##   and region as usual; options: make verify ARGS="--destination audit --timeout 900")
verify: $(VENV)/.dev
	$(BIN)/python scripts/verify_delivery.py $(ARGS)

## lint: ruff check and format check
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## bench: time cold synth (the fast loader, its Python half alone, the usual import),
##   then `terraform plan` of the module against the same resources written flat
##   (Terraform and the provider mirror needed; BENCH_PLAN_SIZES=100,200,300 by default)
BENCH_PLAN_SIZES ?= 100,200,300
bench: $(VENV)/.runtime
	$(BIN)/python scripts/bench_synth.py
	$(BIN)/python scripts/bench_plan.py --sizes $(BENCH_PLAN_SIZES)

## reference: regenerate the README's configuration reference from the code
reference: $(VENV)/.runtime
	$(BIN)/python scripts/readme_reference.py

## snapshot: rewrite the checked-in synth of the default config: the stack's snapshot
##   (tests/snapshots/) and the published module (modules/); review and commit the diff
snapshot: $(VENV)/.runtime
	APIDEST_CONFIG= CDKTF_OUTDIR=cdktf.out $(BIN)/python main.py
	cp cdktf.out/stacks/idempotent-api-destination/cdk.tf.json tests/snapshots/idempotent-api-destination.tf.json
	$(BIN)/python -c 'from stacks.publish import publish_module; publish_module("cdktf.out/stacks/idempotent-api-destination-module", "modules/idempotent-api-destination")'

## clean: remove what synth and the tests leave in the project
clean:
	rm -rf cdktf.out cdktf.out.partial .pytest_cache
