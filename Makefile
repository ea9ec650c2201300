# Two commands set everything up on a fresh Debian machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test lint seed superuser bench clean

$(VENV)/.runtime: requirements.txt
	scripts/system-deps.sh run
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## The portal with the seed content on SQLite, at http://127.0.0.1:8000/
run: $(VENV)/.runtime
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py createcachetable
	DJANGO_DEBUG=true $(PY) manage.py load_seed
	DJANGO_DEBUG=true $(PY) manage.py publish_meetings
	DJANGO_DEBUG=true $(PY) manage.py setup_roles
	DJANGO_DEBUG=true $(PY) manage.py serve $(HOST)

## The whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise)
test: $(VENV)/.dev
	scripts/system-deps.sh test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n 2

## Load the seed content into the database (safe to run again)
seed: $(VENV)/.runtime
	DJANGO_DEBUG=true $(PY) manage.py load_seed
	DJANGO_DEBUG=true $(PY) manage.py publish_meetings

## Create a staff account for the admin (asks for a password)
superuser: $(VENV)/.runtime
	DJANGO_DEBUG=true $(PY) manage.py createsuperuser

## Every benchmark, with figures as ratios measured in the same run (needs PostgreSQL)
bench: $(VENV)/.dev
	cd bench && DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dxportal} ../$(PY) run.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-shm db.sqlite3-wal staticfiles
