# The commands the README names. Everything installs what it needs into .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock 2>/dev/null | cksum | cut -d' ' -f1)
PORT ?= 8000
WEB_WORKERS ?= 2

.PHONY: run test lint install browser lock messages bench-search bench

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

browser:
	@scripts/ensure-chromium
	@scripts/ensure-nginx

run: install
	@scripts/run $(PORT) $(WEB_WORKERS)

test: install browser
	@scripts/test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the exact pins after changing a range in pyproject.toml.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

# Extract the interface strings into infofinance/locale/vi/LC_MESSAGES/django.po, keeping every
# translation (a new string comes in empty, a changed one fuzzy), then compile the catalogues of
# LOCALE_PATHS. Translate in the .po (Poedit or by hand): docs/translations.md.
messages: install
	DJANGO_SETTINGS_MODULE=infofinance.settings.test $(BIN)/python manage.py makemessages -l vi \
		--no-obsolete --add-location=file -i .venv -i var -i tests -i bench -i static_collected \
		-i test-artifacts -i media -i build -i '*.egg-info' -v0
	DJANGO_SETTINGS_MODULE=infofinance.settings.test $(BIN)/python manage.py compilemessages -l vi \
		-i .venv -i .git -i var -v0

# Search benchmark (bench/search/run.py): 100,000 articles in a separate SQLite file; results in
# bench/results/. ARGS="--database postgres://…/infofinance_bench --articles 1000000" for PostgreSQL.
bench-search: install
	$(BIN)/python bench/search/run.py $(or $(ARGS),--articles 100000)

# HTTP benchmark (bench/http/run.py): wrk against nginx's static-file ceiling, the application
# alone (warm and cold) and the production configuration; results in bench/results/http-*.
# ARGS="--sets postgres:1000 --duration 5" for a quick run.
bench: install
	@command -v wrk >/dev/null && command -v nginx >/dev/null && command -v redis-cli >/dev/null || \
		(apt-get update -q && apt-get install -y -q wrk nginx-light redis-tools)
	$(BIN)/python bench/http/run.py $(ARGS)
