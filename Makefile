VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install model demo test fuzz bench clean vendor-map

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The typing model of this version of the code and data, built into the cache once (about a minute).
model: install
	$(VENV)/bin/frontlines build-model

demo: model
	$(VENV)/bin/frontlines extract examples/ --format table

test: install
	$(PY) -m pytest

# The long fuzzing run (RELIABILITY.md): over 100,000 generated and mutated inputs, with the count
# and time of each target.
fuzz: install
	$(PY) -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz --hypothesis-show-statistics

bench: model
	$(PIP) install -q -e '.[test,bench]'
	$(PY) benchmarks/run_all.py

# The map's JavaScript, CSS and basemap, from npm at the versions pinned in the script.
vendor-map:
	python3 scripts/vendor_map_assets.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
