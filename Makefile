# kokka — make help lists every target.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv browser reports test lint format hooks lab clean-reports bench

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the package with its dev tools (done by the other targets when needed)

reports: $(STAMP) ## build every report on the embedded demo data into reports/ (no network)
	$(BIN)/kokka build

browser: ## install headless Chromium for the browser test when missing (Debian apt-get, as root)
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Chromium (apt-get) for the browser test..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium not found: install it (e.g. apt-get install chromium) for the browser test"; fi

test: $(STAMP) browser ## lint, check notebooks are stripped, run the whole test suite (incl. nbval)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m kokka_analysis.publish.stripcheck notebooks
	$(BIN)/pre-commit validate-config
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --doctest-modules kokka_analysis tests notebooks

lint: $(STAMP) ## ruff lint + format check only
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP) ## format the code and strip notebook outputs
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .
	$(BIN)/nbstripout --keep-id notebooks/*.ipynb

hooks: $(STAMP) ## install the pre-commit hooks (ruff, nbstripout, stripped-notebook and large-file checks)
	$(BIN)/pre-commit install

LAB_PORT ?= 8888
lab: $(STAMP) ## open the notebooks in JupyterLab (as root too); it prints the address it listens on
	@echo "JupyterLab on http://127.0.0.1:$(LAB_PORT)/lab (the full address with its token follows; Ctrl-C stops it)"
	$(BIN)/jupyter lab notebooks/ --no-browser --ip=127.0.0.1 --port=$(LAB_PORT) $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

bench: $(STAMP) ## run the benchmarks (prints speed and memory figures)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean-reports: ## remove the built site
	rm -rf reports/
