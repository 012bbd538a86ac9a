# The two commands of the README: `make run` and `make test`. Everything else
# they need is set up by the targets below, on a fresh machine too: the system
# packages by bin/system-deps (it installs them as root, or says how), Python's
# in .venv.

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast setup lint types check pytest migrate demo clean serve-prod bench bench-load \
	bench-scale bench-import

run: system-deps-run setup migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_demo --if-empty
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: system-deps-test setup lint types pytest

# The inner loop: everything but the browser tests.
test-fast: system-deps-test-fast setup lint types
	$(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

# The production set-up of docs/deploy.md, run locally on PostgreSQL.
serve-prod: setup
	bin/serve-prod

setup: $(INSTALLED)

# What the system must have for run, test-fast or test (Pango, fonts, Chromium…).
system-deps-%:
	bin/system-deps $*

$(PY):
	"$$(bin/find-python)" -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

migrate: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: setup
	$(VENV)/bin/mypy .

pytest: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Figures, not a test: the sensitivity check's precision and recall; render times,
# LibreOffice, load and queries per page.
bench: setup
	$(PY) bench/sensitivity.py
	$(PY) bench/publishing.py
	$(PY) bench/deadlines.py

# How much of each meeting the import recovers from legacy notes, per shape of file:
# Word, other header words, no header row, text export, PDF, PDF text (tests/corpus.py).
bench-import: setup
	$(PY) bench/import_recovery.py

# Every page at 10,000 meetings on PostgreSQL; the data set is built once.
bench-scale: setup
	$(PY) bench/scale.py

# The production-mode server under concurrent clients, on PostgreSQL.
bench-load: setup
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) staticfiles
