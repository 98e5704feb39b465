PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

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

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
