# The README's two commands are `make run` and `make test`; everything else is for development.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: run test lint format lock setup bench corpus

run: setup
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  FinSync is starting at http://127.0.0.1:8000/"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m bench

# The statement files are imported (and rolled back), so the database must be migrated first.
corpus: setup
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py corpus_check

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: setup
	$(VENV)/bin/uv pip compile --quiet --no-header --python-version 3.11 requirements.in -o requirements.txt

setup: $(STAMP)

# uv installs the stack about five times faster than pip; pip stays the fallback.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv \
	  && $(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt \
	  || $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@
