# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run demo install install-runtime lock lint messages compilemessages test test-sqlite test-postgres test-browser test-runtime system-deps clean audit audit-deps node-deps bench bench-deps

# The mail worker (send the queue, retry, hourly comment digest) runs beside the server and
# is stopped with it: the trap ends it however runserver ends (Ctrl-C, error, kill).
run: install compilemessages demo  ## Serve the demo site on http://127.0.0.1:$(PORT), with its mail worker
	DJANGO_DEBUG=1 $(PY) manage.py mail_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# DEMO=tay-ninh: Tây Ninh is the home union; without DEMO it is Bắc Giang again.
demo: install compilemessages  ## Migrate and load the demo data (idempotent; DEMO=tay-ninh for Tây Ninh)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo --union $(or $(DEMO),bac-giang)

# Three locks, every version pinned with its hashes (docs/decisions.md, "Dependencies"):
# requirements/runtime.txt what production runs, runtime-s3.txt the same with the s3 extra
# (media in an object store), dev.txt all of it with the tools of development and tests.
# The portal runs from its checkout: the project itself is not installed.
PIP_LOCKED = -m pip install --quiet --require-hashes --no-deps
RUNTIME_LOCK = requirements/runtime$(if $(S3),-s3).txt
CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }

install: $(STAMP)  ## Create .venv with the development set (requirements/dev.txt)

$(STAMP): requirements/dev.txt
	$(CHECK_PYTHON)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) $(PIP_LOCKED) -r requirements/dev.txt
	touch $(STAMP)

# A server (docs/operations.md, section 1): nothing of the development set, then the
# translations compiled (gettext's msgfmt).
install-runtime:  ## Production: .venv with the runtime lock only (S3=1: with the s3 extra), translations compiled
	$(CHECK_PYTHON)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) $(PIP_LOCKED) -r $(RUNTIME_LOCK)
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0

# For Python 3.11 on x86-64 Linux (the servers, CI); each lock holds the hashes of every
# file of a version on PyPI, so another architecture installs it too where wheels exist.
# The whole set is resolved first; the runtime locks are held to its versions (-c), so tests
# run on what production runs (a version only the runtime could take, e.g. one boto3 refuses,
# would not be tested).
UV_VERSION = 0.13.9
UV_COMPILE = var/lock-venv/bin/uv pip compile pyproject.toml --quiet --upgrade --generate-hashes \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock"

lock:  ## Refresh the locks in requirements/ to the newest versions within pyproject.toml's ranges
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet uv==$(UV_VERSION)
	mkdir -p requirements
	$(UV_COMPILE) --extra s3 --extra dev -o requirements/dev.txt
	$(UV_COMPILE) --extra s3 -c requirements/dev.txt -o requirements/runtime-s3.txt
	$(UV_COMPILE) -c requirements/dev.txt -o requirements/runtime.txt
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
	$(MAKE) test-sqlite test-postgres test-browser test-runtime

# One pytest worker per core; a test module stays on one worker (its servers start once).
PYTEST_PARALLEL ?= -n auto --dist loadfile

test-sqlite:
	$(PY) -m pytest -m "not browser and not install" -q $(PYTEST_PARALLEL)

test-postgres:
	bash .ci/with-postgres $(PY) -m pytest -m "not browser and not install" -q $(PYTEST_PARALLEL)

# The runtime locks installed into fresh virtualenvs (from PyPI, a minute or two): production's
# checks pass, a page is served and media goes to an object store, with nothing of dev.txt.
test-runtime:
	$(PY) -m pytest -m install -q

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
