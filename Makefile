# kommplan: `make run` to try it, `make test` to check it. Both install what they need.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

UV := python3 -m uv
RUN := $(UV) run --locked

.PHONY: help install chromium ocr doctools run test test-sqlite test-postgres lint format bench bench-national loadtest

help:
	@echo "make run   installs, migrates, loads the demo plans and serves http://127.0.0.1:8000"
	@echo "make test  installs, lints and runs the whole suite on SQLite and PostgreSQL 15"

# uv itself comes from PyPI the first time; everything else is pinned in uv.lock.
install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --locked --quiet

# The browser tests (tests/browser/) drive Debian's Chromium through Playwright, which must not
# download browsers of its own; install the package when it is missing (root, as in CI).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" -ne 0 ]; then \
			echo "error: /usr/bin/chromium is missing; as root: apt-get install --no-install-recommends chromium" >&2; \
			exit 1; \
		fi; \
		echo "== installing chromium with apt"; \
		DEBIAN_FRONTEND=noninteractive apt-get -q update </dev/null; \
		DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends chromium </dev/null; \
	fi

# OCR of scanned PDFs (and its test) needs Tesseract with Norwegian data; `make run` works
# without it and says so when a scanned PDF is uploaded.
ocr:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>&1 | grep -x nor >/dev/null; then \
		if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
			echo "== installing tesseract-ocr and tesseract-ocr-nor with apt (OCR of scanned PDFs)"; \
			DEBIAN_FRONTEND=noninteractive apt-get -q update </dev/null; \
			DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends tesseract-ocr tesseract-ocr-nor </dev/null; \
		else \
			echo "note: OCR of scanned PDFs needs tesseract-ocr and tesseract-ocr-nor (apt-get install as root); the OCR test fails without them" >&2; \
		fi; \
	fi

# Documents out: WeasyPrint needs Pango and fonts; the tests look at PDFs with poppler's pdftoppm
# and pdftotext. Installed with apt when missing (root, as in CI).
doctools:
	@if ! command -v pdftoppm >/dev/null || ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then \
		if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
			echo "== installing poppler-utils, Pango and fonts with apt (PDF documents)"; \
			DEBIAN_FRONTEND=noninteractive apt-get -q update </dev/null; \
			DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra </dev/null; \
		else \
			echo "error: PDF documents need poppler-utils, libpango-1.0-0, libpangoft2-1.0-0 and fonts-dejavu (apt-get install as root)" >&2; \
			exit 1; \
		fi; \
	fi

run: install doctools
	@# Background tasks (document import) run in-process here; production runs `kommplan run_huey`.
	DEBUG=$${DEBUG:-true} HUEY_IMMEDIATE=$${HUEY_IMMEDIATE:-true} $(RUN) kommplan demo 127.0.0.1:8000

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

test-sqlite: install chromium ocr doctools
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(RUN) pytest -q

test-postgres: install chromium ocr doctools
	@echo "== tests on PostgreSQL 15"
	scripts/with-postgres.sh $(RUN) pytest -q

test: lint test-sqlite test-postgres

# Speed and memory targets are measured here, not in timed tests; results go to docs/benchmarks.md.
bench: install
	scripts/bench.sh

# National scale: seed, latency and queries per request at S=0.1 and 1, SQLite and PostgreSQL
# (about 30 min); results go to the "Nasjonal skala" section of docs/benchmarks.md.
bench-national: install
	scripts/bench-national.sh

# Load test: gunicorn with several workers + locust, mixed read/write, S=0.1 (~3 min per database).
loadtest: install
	scripts/loadtest.sh sqlite && scripts/loadtest.sh postgres

# Translations: the msgids are Bokmål, in the templates and the code; Nynorsk and English live
# in kommplan/locale. `make messages` brings new strings into both .po files (translate them
# there, leave no fuzzy entries, then run it again) and compiles the .mo files, which are
# committed so that running kommplan needs no gettext. Extracting needs GNU gettext.
MAKEMESSAGES := $(RUN) kommplan makemessages -l nn -l en --no-obsolete --add-location=file --ignore=.venv --ignore=var --ignore=node_modules

.PHONY: messages
messages: install
	@command -v msgmerge >/dev/null || { echo "error: make messages needs GNU gettext; as root: apt-get install gettext" >&2; exit 1; }
	$(MAKEMESSAGES)
	$(RUN) kommplan compilemessages -l nn -l en --ignore=.venv --ignore=var --ignore=node_modules
