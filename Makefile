# soapsvc: `make serve` starts the emulator, `make test` runs every check. Both set themselves up.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: help install serve test lint contract contract-code wsdl coverage bench bench-store soak slow-clients clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	# bytecode now, so that each start of a server reads it, even where PYTHONDONTWRITEBYTECODE is set (0.3 s a start)
	$(PY) -m compileall -q soapsvc
	touch $@

install: $(VENV)/.installed ## create .venv and install soapsvc with its test tools

serve: install ## start the emulator with gunicorn (HOST, PORT, WORKERS; default 127.0.0.1:8000, 2 workers x 64 threads, request read and answer send bounded to 10 s)
	$(VENV)/bin/soapsvc serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: install ## lint, check the generated code for drift, run the whole test suite
	$(VENV)/bin/ruff check soapsvc tools tests
	$(PY) tools/gen_contract.py --check
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: install ## ruff
	$(VENV)/bin/ruff check soapsvc tools tests

contract: install ## compare the served WSDL of Services88 and 84-87 with SuperOffice's reference, operation by operation
	$(PY) tools/contract_parity.py

contract-code: install ## regenerate soapsvc/contract (Spyne contract and catalogue) from wsdl/reference (never edit it by hand)
	$(PY) tools/gen_contract.py

wsdl: install ## write the WSDL of all 60 agents to wsdl/services88 (checked for drift by the tests)
	$(VENV)/bin/soapsvc wsdl --out wsdl/services88

coverage: install ## write COVERAGE.md: operations with rules, generic (entity kit) or none, per agent; call-site share
	$(PY) tools/coverage.py

bench: install ## benchmarks as ratios to baselines of the same run: lxml ceiling, node-soap (npm soap), the code before issue 15 (BENCH_SECONDS, BENCH_TURNS, BENCH_CLIENTS, BENCH_CONTACTS)
	$(PY) tools/bench.py

bench-store: install ## in process, one warm session: Python calls (ORM and SQLAlchemy shares) and CPU per full-path Get/SaveContactEntity and archive page (ARGS=--top 30: the costliest functions)
	$(PY) tools/bench_store.py $(ARGS)

soak: install ## a mixed SOAP + REST load on 2 workers and 20 tenants for 3 minutes (SOAK_SECONDS, SOAK_CALLS, SOAK_CLIENTS, SOAK_TENANTS); calls, errors, RSS and sizes against their bounds
	$(PY) tools/soak.py

slow-clients: install ## a normal client's p50/p99 without and with 50 slowloris + 50 never-read connections, and the ratio (goal 3x; --candidates via ARGS)
	$(PY) tools/slow_clients.py $(ARGS)

clean: ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
