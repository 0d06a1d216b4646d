# The README's contract: `make site` and `make test` work on a fresh machine
# that has only Python 3.11 and make. Both create .venv and install the pinned
# dependencies (requirements.lock) and this package before doing their work.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install site serve test lint format bench validate messages guides chromium clean

PORT ?= 8000
# The site engine: mkdocs (default), properdocs or zensical (see the README).
ENGINE ?= mkdocs
# The address the site is served from (sitemaps, canonical links, 404 pages);
# empty: mkdocs.yml's site_url. The publish workflow passes the Pages address.
SITE_URL ?=

# Only the environment: .venv with the pinned dependencies and this package.
install: $(STAMP)

site: $(STAMP)
	$(BIN)/amnistia build . --out build --engine $(ENGINE) $(if $(SITE_URL),--site-url "$(SITE_URL)")

# Preview on http://127.0.0.1:$(PORT)/ ; every saved edit rebuilds and reloads.
serve: $(STAMP)
	$(BIN)/amnistia serve . --port $(PORT)

validate: $(STAMP)
	$(BIN)/amnistia validate .

# AMNISTIA_MAKE_TEST: tests of an optional engine fail, not skip, when it is missing.
test: lint chromium
	AMNISTIA_MAKE_TEST=1 $(BIN)/pytest

# The browser tests drive Debian's chromium (never a browser downloaded by a
# test tool); install it when the machine does not have it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: $(STAMP)
	$(BIN)/python -m amnistia.benchmarks

# Collect new translatable strings into the catalogs (keeps translations).
messages: $(STAMP)
	$(BIN)/python -m amnistia.catalogs

# CONTRIBUTING.md and CONTRIBUYENDO.md are made from docs/<lang>/contribute.md.
guides: $(STAMP)
	$(BIN)/python -m amnistia.guides .

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# pip compiles what it installs, but not an editable package's sources: start-up compiles
	@# them on every run where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q src
	touch $@

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
