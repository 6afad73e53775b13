# Bina — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
HOST ?= 127.0.0.1
# Seen by the settings too: SITE_URL (email links, certificate QR codes) follows them unless set.
export HOST PORT
PYTHON ?= python3
# uv from PATH if present, else bootstrapped into .tools/ from PyPI.
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
PG_URL ?= postgres://postgres@127.0.0.1:5432/bina
# The suite runs in parallel (pytest-xdist), one database per worker; 2 cores here. (A third worker was measured
# and is slower: 10 min 53 s against 10 min 8 s for the whole CI run.)
WORKERS ?= 2
# worksteal: the few long tests (demo loads, the page crawl, schemathesis) do not leave one worker idle at the end.
PYTEST := $(PY) -m pytest -p no:cacheprovider -n $(WORKERS) --dist worksteal
# Machines that set PYTHONDONTWRITEBYTECODE make every process (each test worker, each real subprocess the
# suite starts) compile Django and the test modules again: ~10 s per process here. Bytecode goes to __pycache__.
unexport PYTHONDONTWRITEBYTECODE
# make demo/serve answer visitors: DEBUG off, so a 404 or 500 shows Bina's page, never Django's debug page
# (static files still come from the apps through WhiteNoise's finders, bina/settings/dev.py).
SERVE_ENV := DEBUG=0
PROD_ENV := DJANGO_SETTINGS_MODULE=bina.settings.prod \
	SECRET_KEY=check-deploy-only-$(shell printf '%060d' 0) \
	ALLOWED_HOSTS=bina.example.go.id DATABASE_URL=sqlite:///var/check.sqlite3 EMAIL_HOST=smtp.example.go.id SITE_URL=https://bina.example.go.id

.PHONY: help demo serve worker test test-quick test-sqlite test-postgres test-browser lint format typecheck bench messages screenshots clean

help:
	@echo "make demo    set up, load demo data for Surabaya and Serang, serve on http://$(HOST):$(PORT)"
	@echo "make test    lint, type-check, migrations check, deploy check, suite on SQLite + PostgreSQL, browser tests"
	@echo "make serve   serve (with a task worker) without reloading demo data"
	@echo "make bench   performance benchmarks (figures go to docs/benchmarks.md)"
	@echo "make lint    ruff + mypy"
	@echo "make screenshots  each demo role's home and main pages at 390x844 and 1366x900 into docs/screenshots/"

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python 3.11
	@touch .venv/.synced

.venv: .venv/.synced

var:
	mkdir -p var

demo: .venv var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(MAKE) serve

serve: .venv var
	$(PY) manage.py migrate --noinput
	@echo "Bina: http://$(HOST):$(PORT)/  (demo logins in README.md, password bina-demo-2026)"
	@$(SERVE_ENV) $(PY) manage.py db_worker --interval 0.5 & WORKER=$$!; \
	$(SERVE_ENV) $(PY) manage.py run_periodic & PERIODIC=$$!; \
	trap "kill $$WORKER $$PERIODIC 2>/dev/null" EXIT INT TERM; \
	$(SERVE_ENV) $(PY) manage.py runserver $(HOST):$(PORT) --noreload

# A task worker, and the periodic loop (bina.jobs.periodic): the reclaimer that retries (or fails) jobs whose
# worker died, complaint escalation, ...
worker: .venv
	@$(PY) manage.py run_periodic & PERIODIC=$$!; \
	trap "kill $$PERIODIC 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py db_worker

lint: .venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy bina
	.venv/bin/lint-imports

format: .venv
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# The static checks (mypy and the rest, ~40 s of one core) run beside the SQLite pass, whose two workers leave
# about half a core idle while they wait on the database and Chromium; their result is awaited before the end.
test: .venv var
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	bash scripts/ensure_chromium.sh
	@rm -f var/static-checks.log var/static-checks.ok
	@( .venv/bin/mypy bina && .venv/bin/lint-imports \
	   && $(PY) manage.py makemigrations --check --dry-run \
	   && $(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING \
	   && touch var/static-checks.ok ) > var/static-checks.log 2>&1 & \
	STATIC=$$!; \
	$(PYTEST) -m "not postgres"; TESTS=$$?; \
	wait $$STATIC; cat var/static-checks.log; \
	test -f var/static-checks.ok || { echo "make test: the static checks failed (above)"; exit 1; }; \
	test $$TESTS -eq 0 || exit $$TESTS
	$(MAKE) test-postgres

test-sqlite: .venv
	$(PYTEST) -m "not browser and not postgres"

# Every test that opens the database runs on both engines; the demo runs on SQLite by design (`make demo`),
# and tests that open no database (`nodb`, marked by conftest) answer the same on either, as do the faces listed in
# conftest's ENGINE_NEUTRAL (each with its reason).
test-postgres: .venv
	$(PY) scripts/require_postgres.py "$(PG_URL)"
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser and not demo and not nodb and not engine_neutral"

test-browser: .venv
	bash scripts/ensure_chromium.sh
	$(PYTEST) -m browser

# A quick loop while developing: SQLite only, without the slow demo and worker tests.
test-quick: .venv var
	$(PYTEST) -m "not browser and not postgres and not slow"

bench: .venv var
	$(PY) -m bina.bench all

# Loads the demo into a temporary database, serves it on a free port and photographs it (Playwright, Chromium).
screenshots: .venv
	bash scripts/ensure_chromium.sh
	$(PY) scripts/screenshots.py

messages: .venv
	$(PY) manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=.tools
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
