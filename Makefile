# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist: one worker per core, each test file kept on one worker (its module fixtures built once).
# `make test PYTEST_WORKERS=` runs the suite in one process.
PYTEST_WORKERS ?= -n auto --dist loadfile

.PHONY: run test unit format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# pip's byte-compiling (about half of the install's CPU) left to compileall, which skips the packages' own test
	@# suites (a fifth of their files, never imported here): every module a process can import is still compiled once,
	@# which matters where PYTHONDONTWRITEBYTECODE is set (nothing else would write it). Install: 33-34 s -> 25-26 s
	@# of CPU (benchmarks/RESULTS.md, "Test suite: the headless shell, pip's compiling").
	$(BIN)/python -m pip install --quiet --no-compile -e '.[dev]'
	$(BIN)/python -m compileall -q -x '/tests?/' "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" > /dev/null
	touch $(STAMP)

## Run matchpilot on its fictional demo data (SQLite in your user data directory) at http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/matchpilot demo --if-empty
	$(BIN)/matchpilot serve --host $(HOST) --port $(PORT)

## Everything CI runs: system services (Chromium, PostgreSQL), ruff, mypy, import contracts, pytest
test: $(STAMP)
	bash scripts/test-services.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	@# matchpilot's own modules compiled once (half a second; up-to-date files are skipped): where
	@# PYTHONDONTWRITEBYTECODE is set, as on this machine, every test worker and every `matchpilot` process a test
	@# starts would otherwise compile the modules it imports again (about 0.3 s of CPU each).
	$(BIN)/python -m compileall -q src > /dev/null
	@# mypy (about 25 s of CPU on a fresh clone) runs beside pytest, whose workers leave about a third of the CPU
	@# idle while they wait for Chromium and PostgreSQL; its report is printed after pytest's, and either failing
	@# fails `make test`.
	@$(BIN)/mypy > .mypy-report 2>&1 & types=$$!; \
	. ./.test-env && $(BIN)/python -m pytest $(PYTEST_WORKERS) --durations=15; tests=$$?; \
	wait $$types; typed=$$?; echo "mypy (strict):"; cat .mypy-report; rm -f .mypy-report; \
	test $$tests -eq 0 && test $$typed -eq 0

## Fast feedback: unit tests only
unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .test-env

## Benchmarks (not tests): figures are recorded in benchmarks/RESULTS.md
bench: $(STAMP)
	$(BIN)/python benchmarks/match_bench.py
	$(BIN)/python benchmarks/portfolio_bench.py --repeat 300
	$(BIN)/python benchmarks/lint_quality.py
	$(BIN)/python benchmarks/simulate_bench.py
	$(BIN)/python benchmarks/user_speed.py
	$(BIN)/python benchmarks/chances_calibration.py
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/match_vs_matching.py
