# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := cellule

.PHONY: run test check install translations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d cellule/translations

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "cellule: http://127.0.0.1:$(PORT)/  (mail is delivered inline, or logged when no SMTP server is set)"
	CELLULE_OUTBOX_DELIVER_INLINE=true $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Security checks: bandit (no high-severity finding) and pip-audit (no known vulnerability).
check: install
	$(BIN)/python -m pip install --quiet -e '.[check]'
	BIN=$(BIN) scripts/check-security.sh

clean:
	rm -rf $(VENV) .pytest_cache
