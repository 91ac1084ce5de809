# Two commands set up a fresh machine (Python 3.11 and the package registries only):
#   make demo   install everything into .venv/ and write the digest of examples/corpus
#   make test   install everything and run the test suite
# uv itself is bootstrapped into .tools/ from PyPI at a pinned version, then installs
# exactly what uv.lock says (hash-checked), including the spaCy English model, with
# bytecode compiled at install so the first `newsweave` starts as fast as later ones.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.installed
DEMO_DB := out/demo.db
DEMO_SITE := out/digest
NW := $(VENV)/bin/newsweave

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): $(UV) pyproject.toml uv.lock
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --all-extras --compile-bytecode --python $(PYTHON)
	touch $@

demo: install
	@mkdir -p out && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm && rm -rf $(DEMO_SITE)
	$(NW) digest examples/corpus -o $(DEMO_SITE) --db $(DEMO_DB)
	$(NW) storylines --db $(DEMO_DB)
	$(NW) stories --db $(DEMO_DB)
	$(NW) duplicates --db $(DEMO_DB)
	@echo "The digest of examples/corpus: open file://$(CURDIR)/$(DEMO_SITE)/index.html"

test: install
	$(VENV)/bin/python -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) $(TOOLS) out .pytest_cache .mypy_cache .ruff_cache
