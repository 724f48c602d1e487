# Two commands on a fresh machine: `make run` and `make test`.
# Stamps make re-runs free: nothing is reinstalled that is already there.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
# uv installs the locked packages: from its cache a fresh venv takes seconds where pip took three minutes.
UV_VERSION := 0.13.9
PIP_VERSION := 23.2.1
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.stamp
LOCK   := requirements.lock
# The CPU build of torch lies on disk (/opt/wheels); anything else would pull gigabytes of CUDA.
TORCH  := torch==2.13.0
WHEELS := $(wildcard /opt/wheels)
PIPFLAGS := $(if $(WHEELS),--find-links /opt/wheels,)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false
# Some shells (this machine's among them) set PYTHONDONTWRITEBYTECODE=1, and uv installs without compiling:
# every process then compiles what it imports from source, each time (importing sentence-transformers costs
# ~23 CPU-s instead of ~9, gradio ~7 instead of ~4). make's processes write their bytecode, once.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install lock run build test test-fast test-slow eval bench browser-deps server-deps sparql-server sparql-server-stop serve clean

# The venv starts without pip (ensurepip alone cost ~6 CPU-s): the system's pip puts uv into it, then uv
# adds pip (for `make lock` and the wheel test). A python3 whose pip lacks --python falls back to ensurepip.
$(VENV)/bin/python:
	python3 -m venv --without-pip $(VENV)

$(UV): $(VENV)/bin/python
	python3 -m pip --python $(PY) install -q uv==$(UV_VERSION) || { $(PY) -m ensurepip -q && $(PIP) install -q uv==$(UV_VERSION); }
	$(UV) pip install -q --python $(PY) pip==$(PIP_VERSION)

# torch FIRST, pinned exactly: installed after it, sentence-transformers keeps it.
# (uv takes the CPU build from --find-links /opt/wheels: 2.13.0+cpu satisfies ==2.13.0.)
$(VENV)/.torch: $(UV)
	$(UV) pip install -q --python $(PY) $(PIPFLAGS) $(TORCH)
	touch $@

# LightGBM (the ranker's trees, bench/fit_qa.py) links the system's OpenMP runtime: Debian's libgomp1.
$(VENV)/.libgomp: $(VENV)/bin/python
	@ldconfig -p | grep -q 'libgomp\.so\.1' || { if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends libgomp1 >/dev/null; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends libgomp1 >/dev/null; fi; }
	touch $@

# Then every other dependency at the versions the lock file pins, then the package itself (no resolving).
$(STAMP): $(VENV)/.torch $(VENV)/.libgomp pyproject.toml $(LOCK)
	$(UV) pip install -q --python $(PY) $(PIPFLAGS) -r $(LOCK)
	$(UV) pip install -q --python $(PY) --no-deps -e .
	touch $@

install: $(STAMP)

# Regenerate requirements.lock after changing the dependencies in pyproject.toml (then commit it).
# pip-tools resolves against the torch CPU build on disk; the lock names it by its public version.
lock: $(VENV)/.torch
	$(PIP) install -q $(PIPFLAGS) pip-tools
	echo "$(TORCH)" > $(VENV)/torch-pin.txt
	cp $(LOCK) $(VENV)/lock.tmp   # pip-compile keeps the pins it finds in its output file: only what changed moves
	$(VENV)/bin/pip-compile -q --no-header --extra test --extra ray --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -c $(VENV)/torch-pin.txt -o $(VENV)/lock.tmp pyproject.toml
	printf '%s\n' "# requirements.lock: every dependency of councilkg (and its test and ray extras), pinned. 'make install'" \
		"# installs torch 2.13.0 (CPU) first, then exactly this file, then the package with --no-deps." \
		"# Regenerate after changing dependencies in pyproject.toml: 'make lock' (pip-tools' pip-compile," \
		"# torch held at 2.13.0), then commit the file. Do not edit by hand." > $(LOCK)
	sed -e 's/^torch==.*/$(TORCH)/' -e 's|-c $(VENV)/torch-pin.txt|the Makefile (TORCH)|' $(VENV)/lock.tmp >> $(LOCK)
	rm -f $(VENV)/lock.tmp

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; fi

browser-deps: /usr/bin/chromium

# Debian's Virtuoso: the second SPARQL engine the server-store tests run against (started by a fixture).
/usr/bin/virtuoso-t:
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; fi

server-deps: /usr/bin/virtuoso-t

# An Oxigraph SPARQL server for COUNCILKG_STORE=sparql (data in build/oxigraph, 127.0.0.1 only):
#   make sparql-server && COUNCILKG_STORE=sparql COUNCILKG_SPARQL_QUERY_URL=http://127.0.0.1:7878/query \
#     COUNCILKG_SPARQL_UPDATE_URL=http://127.0.0.1:7878/update COUNCILKG_SPARQL_STORE_URL=http://127.0.0.1:7878/store councilkg build
SPARQL_PORT ?= 7878
sparql-server: install
	@mkdir -p build/oxigraph
	@if [ -f build/oxigraph.pid ] && kill -0 $$(cat build/oxigraph.pid) 2>/dev/null; then echo "oxigraph already running (pid $$(cat build/oxigraph.pid))"; \
	else $(VENV)/bin/oxigraph serve --location build/oxigraph --bind 127.0.0.1:$(SPARQL_PORT) --union-default-graph --timeout-s 30 \
	  >build/oxigraph.log 2>&1 & echo $$! > build/oxigraph.pid; sleep 1; echo "oxigraph serving on http://127.0.0.1:$(SPARQL_PORT) (pid $$(cat build/oxigraph.pid))"; fi

sparql-server-stop:
	@if [ -f build/oxigraph.pid ]; then kill $$(cat build/oxigraph.pid) 2>/dev/null || true; rm -f build/oxigraph.pid; fi

build: install
	$(VENV)/bin/councilkg build

run: build
	$(VENV)/bin/councilkg serve

# Tests run on TEST_WORKERS processes (pytest-xdist), a test file per worker at a time so a file's
# servers and fixtures start once, in the order tests/conftest.py gives (heaviest first: --no-loadscope-reorder
# keeps xdist from reordering by test count); each worker shares one real build among its slow tests.
# Three on this 2-core machine: the suite waits a good deal (servers starting, subprocesses, time limits,
# a Ray cluster), and a third worker fills those waits — make test on a fresh clone 376-385 s with 2, a median
# of 320 s (277-378, five runs) with 3, 350 s with 4; make test-fast ~60 s either way (README, "Test lanes").
TEST_WORKERS ?= 3
PYTEST := $(PY) -m pytest -q -p no:cacheprovider $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder,)

# The whole suite: the fast lane and the slow lane.
test: install browser-deps server-deps build
	$(PYTEST) --durations=15

# Unit tests on synthetic text and small fakes; no build needed (passes on a fresh clone).
test-fast: install
	$(PYTEST) -m "not slow and not browser and not server"

test-slow: install browser-deps server-deps build
	$(PYTEST) -m "slow or browser or server" --durations=15

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
