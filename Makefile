# Windows keeps a venv's programs in Scripts\ (with .exe), everyone else in bin/; GNU make on
# Windows sets OS=Windows_NT. Without make, README.md ("Without make") gives the same commands.
ifeq ($(OS),Windows_NT)
PYTHON ?= py -3
VBIN := Scripts
EXE := .exe
else
PYTHON ?= python3
VBIN := bin
EXE :=
endif
VENV := .venv
BIN := $(VENV)/$(VBIN)
STAMP := $(VENV)/.installed
LATEST := .venv-latest

.PHONY: demo test test-latest lock lint bench clean

$(BIN)/python$(EXE):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The exact versions the tests pass with (requirements.lock, every file's hash checked), then
# this package itself, editable, without touching them.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python$(EXE)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -c "open('$(STAMP)', 'w').close()"

demo: $(STAMP)
	$(BIN)/options validate
	$(BIN)/options screen --table short_list
	$(BIN)/options rank --weights commissioner.toml
	$(BIN)/options compare
	$(BIN)/options report --weights commissioner.toml -f html,pdf,md,docx
	$(BIN)/options report --weights commissioner.toml --kind submission -f html,pdf,md,docx \
		-o reports/commissioner-submission

test: $(STAMP)
	$(BIN)/python -m pytest

# The newest release of every dependency, in a fresh environment, with the package installed as
# users install it (not editable): the whole suite, the installed command's end-to-end tests among
# it. Run it before a release and before closing an issue: a new upstream release is found here,
# not by a user.
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/$(VBIN)/python -m pip install --quiet --upgrade pip
	$(LATEST)/$(VBIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager '.[test]'
	$(LATEST)/$(VBIN)/python -m pip freeze --exclude delivery-options
	OPTIONS_E2E_COMMAND="$(CURDIR)/$(LATEST)/$(VBIN)/options$(EXE)" $(LATEST)/$(VBIN)/python -m pytest

# Re-resolve requirements.lock: the newest versions that fit pyproject.toml, for every platform
# (Windows, macOS, Linux) and Python 3.11 on, with the hash of every file; then run `make test`.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/$(VBIN)/python -m pip install --quiet uv
	printf 'setuptools>=77\n' > .venv-lock/build.in
	.venv-lock/$(VBIN)/python -m uv pip compile pyproject.toml .venv-lock/build.in --extra test \
		--universal --fork-strategy fewest --python-version 3.11 --generate-hashes \
		--no-header --quiet -o requirements.body
	( printf '%s\n' \
		'# The exact versions the tests pass with, for every platform, each file'"'"'s hash checked.' \
		'# Made by `make lock` (uv pip compile --universal --generate-hashes) from pyproject.toml and' \
		'# its test extra, plus setuptools to build this package; used by make demo, make test and CI.' \
		'# Install by hand: python -m pip install --require-hashes -r requirements.lock' ; \
		cat requirements.body ) > requirements.lock
	rm -f requirements.body

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) $(LATEST) .venv-lock build src/*.egg-info .pytest_cache
