# Two commands: `make run` (set up and serve the app with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed


.PHONY: run test lint format bench venv migrate clean lock check-deploy screenshots

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

venv: $(STAMP)

run: export DEBUG ?= 1
run: export PORT
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "Jeugdcasus draait op http://127.0.0.1:$(PORT)/  (stoppen: Ctrl+C)"
	@echo
	@trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run_periodic_jobs & jobs=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The production build with DEBUG off: collectstatic, check --deploy, migrate, gunicorn serving pages.
check-deploy: $(STAMP)
	$(BIN)/python -m scripts.check_deploy

# README's screenshots (docs/screenshots/*.png): every demo role's home page and the case page, taken
# in headless Chromium from a scratch database with the demo data.
screenshots: $(STAMP)
	$(BIN)/python -m scripts.screenshots

bench: $(STAMP)
	DEBUG=1 $(BIN)/python -m benchmarks.run

# Re-pin the lock file after changing pyproject.toml (needs network access to PyPI).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var db.sqlite3*
