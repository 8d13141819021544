# The commands the README names. Everything installs what it needs into .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LOCKS := requirements-pip.lock requirements.lock requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCKS) 2>/dev/null | cksum | cut -d' ' -f1)
PORT ?= 8000
WEB_WORKERS ?= 2

.PHONY: run test lint install browser lock audit typecheck coverage messages bench-search bench \
	upgrade-check

# Exactly the locked versions, every file checked against its hash: requirements.lock holds what
# production runs, requirements-dev.lock the same pins plus the tools of tests and checks.
# pip itself comes first from requirements-pip.lock: pip 23 (the machine's) treats an extra of
# a pinned package (pytest-cov's coverage[toml]) as a separate, unpinned requirement in
# --require-hashes mode, and fails as soon as a newer coverage is released.
# A production install is `pip install --require-hashes -r requirements-pip.lock`, the same with
# requirements.lock, then `pip install --no-deps .`.
$(STAMP): pyproject.toml $(LOCKS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
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

# Regenerate both lock files from pyproject.toml's ranges, keeping the current pins where they
# still fit (add --upgrade to UV_ARGS to move every pin to the newest allowed version). The
# development lock is constrained by the production one, so both pin the same versions.
lock: install
	echo 'pip>=26.3' | $(BIN)/uv pip compile - --python $(BIN)/python --generate-hashes --quiet \
		$(UV_ARGS) --no-header -o requirements-pip.lock
	$(BIN)/uv pip compile pyproject.toml --python $(BIN)/python --generate-hashes --quiet \
		$(UV_ARGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python $(BIN)/python --generate-hashes \
		--quiet $(UV_ARGS) -c requirements.lock -o requirements-dev.lock

# Outside checkers (docs/checks.md): known vulnerabilities in the locked versions (pip-audit,
# against PyPI's advisory data), Django's deployment checks under the production settings, and
# the served site with demo content (audit/run.py): axe-core, the Nu Html Checker and Lighthouse
# (npm packages pinned in audit/package-lock.json, installed by npm ci on first use), feeds,
# sitemaps against their XSDs, and a crawl.
audit: install
	@scripts/ensure-chromium
	@scripts/audit

# django-upgrade (the pre-commit hook's version and target) over every tracked Python file, run
# on a copy so the working tree stays as it is: fails, showing the diff, when it would rewrite
# one. Fix with `.venv/bin/pre-commit run django-upgrade --all-files`.
DJANGO_TARGET := 5.2
upgrade-check: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git ls-files -z '*.py' | tar --null --ignore-failed-read -T - -cf - 2>/dev/null \
		| tar -xf - -C "$$tmp" && \
	tool="$(abspath $(BIN))/django-upgrade" && \
	if (cd "$$tmp" && find . -name '*.py' -print0 \
		| xargs -0 "$$tool" --target-version $(DJANGO_TARGET)); then \
		echo "django-upgrade: nothing to rewrite"; \
	else \
		git ls-files -z '*.py' | (cd "$$tmp" && xargs -0 -I{} sh -c \
			'test ! -f "{}" || diff -u "$(CURDIR)/{}" "{}" || true' --); \
		echo "django-upgrade would rewrite the files above" >&2; exit 1; \
	fi

# Types (mypy with django-stubs; [tool.mypy] in pyproject.toml): strict on the fast path and
# the services, lenient elsewhere.
typecheck: install
	$(BIN)/mypy

# The suite on SQLite once, measuring which lines of infofinance/ run (at least 90 %).
coverage: install browser
	@scripts/test --sqlite-only --cov

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
	$(BIN)/python bench/search/run.py --precision
	$(BIN)/python bench/search/run.py $(or $(ARGS),--articles 100000)

# HTTP benchmark (bench/http/run.py): wrk against nginx's static-file ceiling, the application
# alone (warm and cold) and the production configuration; results in bench/results/http-*.
# ARGS="--sets postgres:1000 --duration 5" for a quick run.
bench: install
	@command -v wrk >/dev/null && command -v nginx >/dev/null && command -v redis-cli >/dev/null || \
		(apt-get update -q && apt-get install -y -q wrk nginx-light redis-tools)
	$(BIN)/python bench/http/run.py $(ARGS)
