# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run demo install lock lint messages compilemessages test test-sqlite test-postgres test-browser system-deps clean audit audit-deps node-deps bench bench-deps

# The mail worker (send the queue, retry, hourly comment digest) runs beside the server and
# is stopped with it: the trap ends it however runserver ends (Ctrl-C, error, kill).
run: install compilemessages demo  ## Serve the demo site on http://127.0.0.1:$(PORT), with its mail worker
	DJANGO_DEBUG=1 $(PY) manage.py mail_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

demo: install compilemessages  ## Migrate and load the demo data (idempotent)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo

install: $(STAMP)  ## Create .venv and install the locked dependencies

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

lock:  ## Refresh requirements.lock from pyproject.toml's ranges
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet --upgrade pip
	var/lock-venv/bin/pip install --quiet -e ".[dev]"
	var/lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf var/lock-venv

lint: install  ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install  ## Refresh locale/*/django.po from the code and templates
	bash .ci/system-deps gettext
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l vi -l en --no-obsolete --add-location=file \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests
	# English is the source language: its catalogue repeats every msgid.
	# (Every entry, fuzzy guesses of msgmerge included: a guess would change an English URL.)
	$(PY) -c 'import polib; po = polib.pofile("locale/en/LC_MESSAGES/django.po", wrapwidth=0); \
	[setattr(e, "msgstr", e.msgid) if not e.msgid_plural else setattr(e, "msgstr_plural", {0: e.msgid, 1: e.msgid_plural}) for e in po]; \
	[e.flags.remove("fuzzy") for e in po if "fuzzy" in e.flags]; \
	[setattr(e, a, None) for e in po for a in ("previous_msgid", "previous_msgid_plural", "previous_msgctxt")]; po.save()'
	$(MAKE) compilemessages

compilemessages: install
	bash .ci/system-deps gettext
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0

system-deps:  ## apt packages the tests need: gettext, PostgreSQL, Chromium, Redis
	bash .ci/system-deps gettext postgresql chromium redis

test: install system-deps compilemessages node-deps  ## Everything CI runs
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py check
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) test-sqlite test-postgres test-browser

# One pytest worker per core; a test module stays on one worker (its servers start once).
PYTEST_PARALLEL ?= -n auto --dist loadfile

test-sqlite:
	$(PY) -m pytest -m "not browser" -q $(PYTEST_PARALLEL)

test-postgres:
	bash .ci/with-postgres $(PY) -m pytest -m "not browser" -q $(PYTEST_PARALLEL)

# The browser tests run one at a time: each drives Chromium against a live server, and two
# at once on two cores starve each other's timeouts.
test-browser:
	$(PY) -m pytest -m browser -q

audit: install system-deps compilemessages audit-deps  ## axe-core, Nu HTML Checker, Lighthouse, screenshots (test-artifacts/audit/)
	$(PY) -m tests.audit.run $(if $(AUDIT_SKIP),--skip $(AUDIT_SKIP))

# npm packages pinned by package-lock.json (axe-core for the browser tests; Lighthouse and
# vnu-jar for the audit). --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime.
node-deps:
	bash .ci/system-deps node
	@[ node_modules/.installed -nt package-lock.json ] || { \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; }

# Java for the Nu HTML Checker.
audit-deps: node-deps
	bash .ci/system-deps java

# Throughput and latency of the main pages at 100,000 articles (bench/README.md). A throwaway
# PostgreSQL unless DATABASE_URL is set (then that database is measured as it is).
bench: install compilemessages bench-deps  ## Sample data at scale, gunicorn, wrk: bench/results/latest.json
	$(if $(DATABASE_URL),$(PY) bench/run.py,bash .ci/with-postgres env BENCH_THROWAWAY=1 $(PY) bench/run.py)

# wrk (the load generator) and redis-server (the shared cache of several servers).
bench-deps:
	bash .ci/system-deps postgresql wrk redis

clean:
	rm -rf $(VENV) var staticfiles test-artifacts node_modules

# Reliability (docs/operations.md, "Backups"; tests/reliability/). Development runs get
# DJANGO_DEBUG=1 unless the environment carries production settings (a secret key).
.PHONY: backup restore loadtest
MANAGE_ENV = $(if $(DJANGO_SECRET_KEY),,DJANGO_DEBUG=1)

backup: install  ## Database + media into var/backups/portal-*.tar.gz[.enc] (BACKUP=folder or file; UNENCRYPTED=1; QUIET=1)
	$(MANAGE_ENV) $(PY) manage.py backup $(if $(BACKUP),--output "$(BACKUP)") $(if $(UNENCRYPTED),--unencrypted) $(if $(QUIET),--quiet)

restore: install  ## Put back BACKUP=file (default: the newest in var/backups/), checked (QUIET=1)
	$(MANAGE_ENV) $(PY) manage.py restore $(if $(BACKUP),"$(BACKUP)") $(if $(QUIET),--quiet)

loadtest: install system-deps compilemessages  ## 50 clients × 60 s on gunicorn + PostgreSQL, DB restart, worker kill
	$(PY) -m tests.reliability.loadtest --clients 50 --duration 60 --report test-artifacts/loadtest
