# Two commands for a fresh machine with only Python 3.11+:
#   make run   set everything up and serve the room's network on port 8000 (SQLite, in-memory
#              layer): HOST=127.0.0.1 keeps it to this machine, PUBLIC_URL names the join address
#   make test  run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: run test setup lint bench clean constraints messages

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

	$(BIN)/python manage.py load_default_decks
	$(BIN)/python manage.py load_default_plans
	PORT=$(PORT) $(BIN)/python manage.py ensure_facilitator
	$(BIN)/python manage.py collectstatic --noinput -v0

# Debug pages off (the room's network sees this server), static files served by WhiteNoise.
run: setup
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python scripts/serve.py

test: $(STAMP)
	$(BIN)/python scripts/test.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Exact versions for reproducible installs: after changing pyproject.toml's dependencies, install
# them into the venv and write them down (review the diff before committing).
constraints: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^atelier'; } > constraints.new
	mv constraints.new constraints.txt

# The scripts' catalogue after changing their words (djangojs, from static/js gettext calls);
# a script's word already translated for the pages is taken from there.
# (makemessages' fuzzy guesses are emptied first: they are never right) Translate what is left
# empty in locale/*/LC_MESSAGES/*.po, then run this again to compile.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -d djangojs -l fr -l en --no-location --no-wrap --ignore=.venv --ignore=staticfiles
	for l in fr en; do d=locale/$$l/LC_MESSAGES; \
	  msgattrib --no-wrap --clear-fuzzy --empty -o $$d/djangojs.po $$d/djangojs.po; \
	  msgmerge -q -N --no-wrap --compendium=$$d/django.po -o $$d/djangojs.po $$d/djangojs.po $$d/djangojs.po; done
	$(BIN)/python manage.py compilemessages -l fr -l en
