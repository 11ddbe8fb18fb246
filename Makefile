# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := cellule
# Links in mail (also from `flask reminders send`, `flask demo`) point at the server `make run`
# starts; set for that target only, so that the test suite never inherits it.
run: export CELLULE_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test check install translations bench bench-growth e2e clean npm vendor messages

# Front-end tools from the npm registry (stylelint for `make test`; Leaflet, whose dist files
# are committed under cellule/static/vendor and refreshed by `make vendor`).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm)
	npm ci --no-audit --no-fund
	touch $@

npm: node_modules/.installed

vendor: npm
	scripts/vendor-static.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d cellule/translations

# Re-extract the marked strings and merge them into the catalogues (then translate the new
# entries). Babel's directory walk skips folders starting with "_": templates/_macros is named.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o cellule/translations/messages.pot \
	  cellule $$(find cellule -path '*/_*/*' \( -name '*.html' -o -name '*.txt' \) | sort)
	$(BIN)/pybabel update --no-fuzzy-matching -i cellule/translations/messages.pot -d cellule/translations

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "cellule: http://127.0.0.1:$(PORT)/  (mail is delivered inline, or logged when no SMTP server is set)"
	CELLULE_OUTBOX_DELIVER_INLINE=true $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: translations npm
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks (not tests, never in CI). BENCH_ARGS e.g. "--scale 0.1 --duration 3";
# BENCH_PY may point at another interpreter that has cellule's dependencies.
BENCH_PY   ?= $(BIN)/python
BENCH_ARGS ?=
bench: $(if $(filter $(BIN)/python,$(BENCH_PY)),install,)
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && \
	  (DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk) \
	  || echo "wrk unavailable: using the Python load generator (bench/loadgen.py)"; }
	$(BENCH_PY) -m bench.run $(BENCH_ARGS)

# Each page's in-process CPU and statements at two scales (issue 20): GROWTH_ARGS="--scales 0.1 1" for a quick run.
GROWTH_ARGS ?=
bench-growth: $(if $(filter $(BIN)/python,$(BENCH_PY)),install,)
	$(BENCH_PY) -m bench.growth $(GROWTH_ARGS)

# Browser journeys and accessibility checks only (make test runs them too).
e2e: translations
	@command -v chromium >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)
# Security checks: bandit (no high-severity finding) and pip-audit (no known vulnerability).
check: install
	$(BIN)/python -m pip install --quiet -e '.[check]'
	BIN=$(BIN) scripts/check-security.sh

clean:
	rm -rf $(VENV) .pytest_cache
