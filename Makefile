# The whole interface for a newcomer. Needs only Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
TOOLS := .tools
UV_VERSION := 0.13.9
BIN := $(VENV)/bin
RUN_DATE ?= $(shell date +%F)
N ?= 10000
NIGHTS ?= 30
SHARED ?= ../shared

# Prefect runs serverless (ephemeral), offline, with a project-local home.
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 180
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install chromium run test test-fast lint format sql serve model eval eval-ner eval-entities eval-quotes eval-extract eval-dedup bench-dedup bench reliability plausibility fuzz soak clean

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(TOOLS)/bin/uv
	$(TOOLS)/bin/uv sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

install: $(VENV)/.installed  ## create .venv with the locked dependencies

# The browser test drives Debian's chromium through Playwright (no browser download). Installed when missing, as
# root (CI); elsewhere the test is skipped and says why.
chromium:  ## Debian's chromium and CJK fonts for the browser test, when missing
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; } || \
		echo "chromium is missing and cannot be installed here (not root): tests/test_browser.py will be skipped"

run: install  ## run the nightly flow over data/landing into warehouse/news.duckdb
	$(BIN)/newsetl run --input data/landing --warehouse warehouse/news.duckdb --run-date $(RUN_DATE)

test: install chromium  ## the full suite (what CI runs, the browser test included), the 15 slowest printed
	$(BIN)/python -m pytest -q --durations=15

test-fast: install  ## the edit loop: everything but the end-to-end Prefect runs (under a minute)
	$(BIN)/python -m pytest -q -m "not slow" --durations=5

lint: install  ## ruff lint + format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

sql: install  ## open the DuckDB CLI on the warehouse (read-only)
	$(BIN)/newsetl sql warehouse/news.duckdb

serve: install  ## local Prefect server + UI on 127.0.0.1:4200, nightly schedule and per-stage deployments
	$(BIN)/newsetl serve

model: install  ## train the NER tagger on KLUE dev_A + 5,000 train sentences (deterministic)
	$(BIN)/python bench/train_ner.py

eval-ner: install  ## per-label P/R/F1 of the tagger on KLUE dev_B
	$(BIN)/python bench/eval_ner.py

eval-extract: install  ## HTML main-text F1 on the Zyte, Readability and newspaper4k pages vs trafilatura defaults
	$(BIN)/python bench/eval_extract.py

eval-entities: install  ## people, roles, short forms, organizations, places on the 36 hand-annotated gold articles
	$(BIN)/python $(SHARED)/gold/score_entities.py $(SHARED)/gold/news_entities_dev.jsonl $(SHARED)/corpora \
		"$$(mktemp -d)" $(CURDIR)/$(BIN)/newsetl $(V)

eval-quotes: install  ## quotations and their speakers on the 36 hand-annotated gold articles (205 quotations)
	$(BIN)/python $(SHARED)/gold/score_quotes.py $(SHARED)/gold/news_quotes_dev.jsonl $(SHARED)/corpora \
		"$$(mktemp -d)" $(CURDIR)/$(BIN)/newsetl $(V)

eval-dedup: install  ## duplicate detection quality on real revisions and re-scrapes
	$(BIN)/python bench/eval_dedup.py

bench-dedup: install  ## dedup throughput vs datasketch at N documents (same corpus, same run)
	$(BIN)/python bench/bench_dedup.py --n $(N) --ds-n $(N)

bench: install  ## the pipeline benchmark at N articles (default 10k): per stage, end to end, baselines
	$(BIN)/python bench/run_bench.py --n $(N)

reliability: install  ## hostile inputs and faults: kind -> expected -> actual -> pass
	$(BIN)/python bench/reliability.py

plausibility: install  ## the garbage filter on every real corpus: articles loaded, real ones rejected (must be 0)
	$(BIN)/python bench/plausibility.py --shared $(SHARED)

fuzz: install  ## mutation fuzzing of every reader: cases tried, rejects by reason, crashes (must be 0), slowest case
	$(BIN)/python bench/fuzz.py --n $(N)

soak: install  ## a month of nights (NIGHTS=30) with kill -9, a full disk, two runs, an open CLI; then = a clean replay
	$(BIN)/python bench/soak.py --nights $(NIGHTS)

eval: eval-ner eval-entities eval-quotes eval-extract eval-dedup

clean:
	rm -rf $(VENV) $(TOOLS) .prefect data/runs warehouse/news.duckdb reports
