# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test soak soak-short sim lint bench bench-http bench-instructions bench-memory bench-workers bench-broadcast bench-all \
	catalog-check screenshots demo flask clean

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

# The soak test with faults needs PostgreSQL: TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/<db>
# (it works in <db>_soak, which it creates and drops). CI runs the short form once, after make test.
soak: $(STAMP)  ## ten minutes of residents while a worker, Redis, the database and the provider fail
	$(PY) -m bench.soak --minutes 10 --residents 8

soak-short: $(STAMP)  ## the same in about two and a half minutes (CI)
	$(PY) -m bench.soak --minutes 2.5 --residents 6

sim: $(STAMP)  ## dial the running app like a feature phone (at HOST:PORT, as make run)
	$(PY) -m gateway.ussd.dial $(SIM_ARGS)

catalog-check: $(STAMP)  ## make catalog-check CATALOG=path/to/catalog.toml
	$(PY) -m gateway.ops.catalog_check $(or $(CATALOG),menus/catalog.toml)

# The staff guide (/staff/help) shows copies of these, served from the app's static folder.
HELP_SCREENSHOTS := console-login console-queue console-application console-broadcast counter-walk-in counter-receipt

screenshots: $(STAMP)  ## redraw docs/screenshots (and the guide's copies) from the browser tests
	SAPA_SCREENSHOTS=1 $(PY) -m pytest tests/browser -q; status=$$?; mkdir -p gateway/static/help; \
	cp $(foreach n,$(HELP_SCREENSHOTS),docs/screenshots/$(n).png) gateway/static/help/ && exit $$status

# Every documented `flask --app gateway ...` command, on the development stack's settings and Redis.
flask: $(STAMP)  ## make flask ARGS="staff create lurah --role admin"
	$(PY) -m devstack.cli $(ARGS)

demo: $(STAMP)  ## fill the development database with practice applications (ARGS=--force to add more)
	$(PY) -m devstack.demo $(ARGS)

bench: $(STAMP)  ## in-process: a hop against GET /healthz and a Redis PING (bench/RESULTS.md)
	$(PY) bench/ussd_hop.py

bench-http: $(STAMP)  ## Sapa against a Flask+Redis floor under wrk, gunicorn -w 2 (apt-get install wrk)
	$(PY) bench/http_hops.py

bench-instructions: $(STAMP)  ## a hop's instructions under valgrind (steady on a busy machine)
	$(PY) bench/hop_instructions.py

bench-memory: $(STAMP)  ## Redis bytes per live USSD session, with 10,000 of them
	$(PY) bench/session_memory.py

bench-workers: $(STAMP)  ## jobs/s for the forking worker, the simple one and a WorkerPool
	$(PY) bench/worker_classes.py

bench-broadcast: $(STAMP)  ## 10,000 recipients through a 200 ms provider, two workers, USSD meanwhile
	$(PY) bench/broadcast.py

bench-all: bench bench-http bench-memory bench-workers bench-broadcast

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
