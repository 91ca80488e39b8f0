# Nextstep. A fresh machine needs Python 3.11+ and make, then:
#   make run    create .venv, install, migrate the database, run (the console when no chat platform is set)
#   make test   create .venv with the dev extras, then ruff, mypy and the whole pytest suite
#   make bench  latency and throughput benchmarks, each beside a floor measured in the same run
#               (NEXTSTEP_BENCH_QUICK=1 make bench: a short run; PostgreSQL too when
#               NEXTSTEP_TEST_POSTGRES_URL is set, e.g. .ci/with-postgres make bench)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# -qq: pip prints errors only (no progress, no warnings about the machine's pip config).
PIP := $(BIN)/python -m pip --disable-pip-version-check -qq
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test bench lint format typecheck pytest migrate ci clean constraints

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Nextstep needs Python 3.11+, and $(PYTHON) is " + sys.version.split()[0] + ": try make PYTHON=python3.12")'
	@echo "Creating $(VENV) (first run only)..." >&2
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	@echo "Installing Nextstep into $(VENV)..." >&2
	@$(PIP) install --constraint constraints.txt -e .
	@touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	@echo "Installing Nextstep and its dev tools into $(VENV)..." >&2
	@$(PIP) install --constraint constraints.txt -e '.[dev]'
	@touch $(STAMP) $@

run: $(STAMP)
	@$(BIN)/nextstep migrate --quiet
	@$(BIN)/nextstep run

migrate: $(STAMP)
	$(BIN)/nextstep migrate

test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	$(BIN)/pytest

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

# Pin what is installed now (after changing pyproject.toml's dependencies): constraints.txt.
constraints: $(DEV_STAMP)
	@{ echo "# Exact versions for reproducible installs (\`make\` and the Dockerfile install with --constraint)."; \
	  echo "# Regenerate after changing pyproject.toml's dependencies: make constraints"; \
	  $(BIN)/python -m pip freeze --exclude-editable --all | grep -v -E '^(pip|setuptools|wheel)=='; } > constraints.txt

# What CI runs: `make test` beside a throwaway PostgreSQL server (installed if missing).
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
