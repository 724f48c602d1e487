# Two commands on a fresh machine: `make run` and `make test`.
# Stamps make re-runs free: nothing is reinstalled that is already there.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.stamp
WHEELS := $(wildcard /opt/wheels)
PIPFLAGS := $(if $(WHEELS),--find-links /opt/wheels,)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install run build test test-fast eval bench browser-deps serve clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)

# torch first, pinned: the CPU build on disk; anything unpinned would pull CUDA.
$(VENV)/.torch: $(VENV)/bin/python
	$(PIP) install -q $(PIPFLAGS) torch==2.13.0
	touch $@

$(STAMP): $(VENV)/.torch pyproject.toml
	$(PIP) install -q $(PIPFLAGS) -e '.[test]'
	touch $@

install: $(STAMP)

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; fi

browser-deps: /usr/bin/chromium

build: install
	$(VENV)/bin/councilkg build

run: build
	$(VENV)/bin/councilkg serve

test: install browser-deps build
	$(PY) -m pytest -q -p no:cacheprovider

test-fast: install
	$(PY) -m pytest -q -m "not slow and not browser and not server"

eval: build
	$(VENV)/bin/councilkg eval segmentation
	$(VENV)/bin/councilkg eval graph
	$(VENV)/bin/councilkg eval retrieval ../shared/eval/dev_qa.jsonl
	$(VENV)/bin/councilkg eval retrieval tests/data/qa_set.jsonl
	$(VENV)/bin/councilkg eval qa ../shared/eval/dev_qa.jsonl
	$(VENV)/bin/councilkg eval qa tests/data/qa_set.jsonl

bench: build
	$(PY) bench/run.py

clean:
	rm -rf build
