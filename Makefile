# Jenjang — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test install assets translations lint worker bench clean-data help

help:
	@echo "make run    install everything, start Jenjang with the demo tenants (embedded PostgreSQL/Redis by default)"
	@echo "make test   install everything and run the whole test suite"
	@echo "make lint   ruff over the code"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico.min.css

translations: $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -d platform/jenjang/translations

install: $(STAMP) assets translations

run: install
	$(PY) -m jenjang.devserver

test: install
	@scripts/ensure-chromium
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/flask --app wsgi worker

lint: $(STAMP)
	$(VENV)/bin/ruff check platform tests bench

clean-data:
	rm -rf var/
