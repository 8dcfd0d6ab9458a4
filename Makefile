# Newsroom: `make run` serves the demo site, `make test` runs the suite.
# Both create or update the virtualenv in .venv first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test install messages migrate lint bench bench-search backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed messages

# The French catalogue ships as .po; the compiled .mo is built here (Babel:
# no system gettext needed).
messages: $(VENV)/.installed
	@for po in locale/*/LC_MESSAGES/*.po; do \
		[ -f "$$po" ] || continue; \
		$(BIN)/pybabel compile --use-fuzzy --statistics -i "$$po" -o "$${po%.po}.mo" >/dev/null || exit 1; \
	done

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	NEWSROOM_BASE_URL=$${NEWSROOM_BASE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py load_demo
	@echo "Serving Newsroom on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Seeds a scratch database, serves it with gunicorn and loads it with wrk: bench/run.py --help.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Times articles.search.search() against DATABASE_URL: bench/search_bench.py --help.
bench-search: install
	$(BIN)/python bench/search_bench.py $(BENCH_ARGS)

# Style, formatting, the layering contracts of pyproject.toml, and complexity (radon, 15 at most).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python .ci/complexity.py

# `make backup` writes var/backups/newsroom-<date>.tar.gz (or FILE=...);
# `make restore FILE=...` loads one into an empty install (FORCE=1 replaces).
backup: install
	$(BIN)/python manage.py backup $(if $(FILE),--output "$(FILE)")

restore: migrate
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=path/to/backup.tar.gz [FORCE=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) var staticfiles
