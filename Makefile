# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test sim lint bench catalog-check screenshots demo clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sapa needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)  ## web on PORT (5000), a worker, embedded Redis and SQLite when unset
	$(PY) -m devstack

test: $(STAMP)  ## the whole suite; embedded Redis unless REDIS_URL, SQLite unless TEST_DATABASE_URL
	$(PY) -m ruff check .
	$(PY) -m pytest

sim: $(STAMP)  ## dial the running app like a feature phone
	$(PY) -m gateway.ussd.dial $(SIM_ARGS)

catalog-check: $(STAMP)  ## make catalog-check CATALOG=path/to/catalog.toml
	$(PY) -m gateway.ops.catalog_check $(or $(CATALOG),menus/catalog.toml)

# The staff guide (/staff/help) shows copies of these, served from the app's static folder.
HELP_SCREENSHOTS := console-login console-queue console-application console-broadcast counter-walk-in counter-receipt

screenshots: $(STAMP)  ## redraw docs/screenshots (and the guide's copies) from the browser tests
	SAPA_SCREENSHOTS=1 $(PY) -m pytest tests/browser -q; status=$$?; mkdir -p gateway/static/help; \
	cp $(foreach n,$(HELP_SCREENSHOTS),docs/screenshots/$(n).png) gateway/static/help/ && exit $$status

demo: $(STAMP)  ## fill the development database with practice applications (ARGS=--force to add more)
	$(PY) -m devstack.demo $(ARGS)

bench: $(STAMP)
	$(PY) bench/ussd_hop.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
