# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   -- venv, collection, a simulated fleet with mDNS, the demo playbook
#   make test   -- lint, sanity, unit (also on the older ansible-core releases), conformance, integration (+ ecosystem checks)
#   make check  -- the inner loop: lint, unit, one integration target (CHECK_TARGET)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COLLECTIONS := $(CURDIR)/.collections
# ansible-test resolves symlinks and asks git which files belong to the
# content, so it works on a fresh copy outside this work tree; .build links to
# the newest copy (older copies are left to runs still using them for an hour).
TMP_ROOT := $(or $(TMPDIR),/tmp)
BUILD_LINK ?= $(CURDIR)/.build
BUILD_COLL := $(BUILD_LINK)/ansible_collections/xerus/pdu
ANSIBLE_TEST := cd $(BUILD_COLL) && PATH=$(BIN):$$PATH $(BIN)/ansible-test

export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export PATH := $(BIN):$(PATH)

.PHONY: help venv collection build-tree demo test check lint deadcode sanity unit cores conformance integration ecosystem bench clean sync-protocol

help:
	@echo "make demo   - set up .venv, start a simulated fleet, run playbooks/demo.yml through the zeroconf inventory"
	@echo "make test   - lint, sanity, unit (on every claimed ansible-core), conformance, integration and ecosystem checks against the simulator;"
	@echo "              a table at the end, the full output in tests/output/make-test.log"
	@echo "make check  - lint, unit tests and one integration target ($(CHECK_TARGET)): the inner loop"
	@echo "make lint   - ruff check and ruff format --check ($(LINT_PATHS)); make deadcode - vulture"
	@echo "make cores  - the unit tests that import Ansible on the older ansible-core releases we claim"
	@echo "make bench  - measure the figures in bench/RESULTS.md"

$(STAMP): requirements.txt tests/requirements.txt
	@echo "==> creating $(VENV) and installing pinned requirements"
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt -r tests/requirements.txt
	$(BIN)/python -c 'import site, sys; open(site.getsitepackages()[0] + "/xerus_sim.pth", "w").write(sys.argv[1] + "\n")' $(CURDIR)/simulator
	touch $@

venv: $(STAMP)

# The repository root is the collection root: link it where Ansible looks.
collection: venv
	@mkdir -p $(COLLECTIONS)/ansible_collections/xerus
	@ln -sfn $(CURDIR) $(COLLECTIONS)/ansible_collections/xerus/pdu

# A copy of the collection content (tracked and untracked-but-not-ignored files).
build-tree: venv
	@find $(TMP_ROOT) -maxdepth 1 -name 'xerus-pdu-build.*' -mmin +60 -exec rm -rf {} + 2>/dev/null || true
	@root=$$(mktemp -d $(TMP_ROOT)/xerus-pdu-build.XXXXXX) && mkdir -p $$root/ansible_collections/xerus/pdu \
	  && git ls-files -co --exclude-standard -z | grep -zvE '^(simulator|bench|\.ci)/' \
	  | tar --null -T - -cf - | tar -xf - -C $$root/ansible_collections/xerus/pdu \
	  && ln -sfn $$root $(BUILD_LINK)

demo: collection
	@bash playbooks/run-demo.sh

# Every stage in turn (each also runs alone: make sanity, make unit, ...), quietly; the full output in
# tests/output/make-test.log, then the fault table and a table of the stages. Temporary files go to one
# folder under $$TMPDIR that is removed at the end. STAGES="unit conformance" runs a subset.
test: venv
	@$(BIN)/python .ci/stages.py $(STAGES)

# The inner loop: lint, the unit tests (two workers) and one integration target.
CHECK_TARGET ?= xerus_outlet
check: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/unit
	$(MAKE) --no-print-directory integration TARGETS="$(CHECK_TARGET)"

# Paths under lint (pyproject.toml holds the rules); the simulator, bench and the other test folders follow.
LINT_PATHS ?= plugins simulator tests bench .ci
LICENCE_LINE := \# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
lint: venv
	@echo "==> lint: ruff check, ruff format --check"
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	@missing=$$(git ls-files $(LINT_PATHS) | grep '\.py$$' | xargs grep -L '^$(LICENCE_LINE)$$' || true); \
	  if [ -n "$$missing" ]; then echo "without the licence line '$(LICENCE_LINE)':" $$missing; exit 1; fi

# Dead code in plugins/ and simulator/ (pyproject.toml [tool.vulture] lists what is kept on purpose, and why).
deadcode: venv
	$(BIN)/vulture


sanity: build-tree
	@echo "==> ansible-test sanity"
	@pip_version=$$(grep -o "pip='[0-9.]*'" $(VENV)/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py | tr -dc '0-9.'); \
	  cache=$(HOME)/.ansible/test/cache/get_pip_$${pip_version//./_}.py; \
	  test -s $$cache || install -D -m 0644 tests/sanity/bootstrap_pip.py $$cache
	$(ANSIBLE_TEST) sanity --venv --python 3.11 --color no $(SANITY_ARGS)

unit: collection
	@echo "==> unit tests (client, modules, simulator)"
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/unit
	@echo "==> simulator tests"
	cd simulator && $(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests

# The vendor's other clients come from Debian's archive: apt-get download + dpkg-deb -x into
# ~/.cache/xerus-pdu/vendor (XERUS_VENDOR_CACHE); the Perl modules they use via apt-get when missing.
conformance: collection
	@echo "==> conformance: the vendor's clients (SDK 4.4.1, Debian's 4.0.20 Python and Perl bindings) against the simulator"
	bash tests/conformance/vendor/setup.sh >/dev/null
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/conformance

integration: build-tree
	@echo "==> ansible-test integration against the simulator"
	$(ANSIBLE_TEST) integration --local --python 3.11 --color no $(INTEGRATION_ARGS) $(TARGETS)

# The other ansible-core releases that meta/runtime.yml claims (requires_ansible), each in its own venv under
# .venv-cores/. Only the unit tests that import Ansible run there: the others import no Ansible at all (the
# module_utils area files are Ansible-free), so the core cannot change their outcome.
OLDER_CORES ?= 2.16.19 2.17.14 2.18.19
ANSIBLE_UNIT_TESTS = $(shell grep -rlE '^\s*(from|import) ansible(\.| )|plugins\.(modules|action|plugin_utils|inventory)|xerus_module' tests/unit/plugins | sort)
CORE_TEST_PINS = $(shell grep -E '^(pytest|pytest-xdist|psutil)==' tests/requirements.txt)
cores: collection
	@echo "==> unit tests that import Ansible, on ansible-core $(OLDER_CORES)"
	@set -e; for core in $(OLDER_CORES); do \
	  venv=$(CURDIR)/.venv-cores/$$core; \
	  if [ ! -e $$venv/.installed ]; then \
	    $(PYTHON) -m venv $$venv; \
	    $$venv/bin/pip install -q --disable-pip-version-check ansible-core==$$core \
	      $$(grep -vE '^(#|ansible-core)' requirements.txt) $(CORE_TEST_PINS); \
	    touch $$venv/.installed; \
	  fi; \
	  echo "==> cores: ansible-core $$core"; \
	  $$venv/bin/python -m pytest -q -p no:cacheprovider -n 2 $(ANSIBLE_UNIT_TESTS); \
	done

ecosystem: collection
	@echo "==> ecosystem checks"
	@bash tests/ecosystem/run.sh

bench: collection
	@bash bench/run.sh

clean:
	rm -rf $(TMP_ROOT)/xerus-pdu-build.* $(CURDIR)/.build $(CURDIR)/.build-* $(COLLECTIONS) $(CURDIR)/.venv-cores tests/output demo-output

# The protocol reference, captures and evidence are upstream in ../shared/protocol;
# the repository carries its own copy so that a clone alone can run make test.
SHARED_PROTOCOL ?= $(CURDIR)/../shared/protocol
sync-protocol:
	install -m 0644 $(SHARED_PROTOCOL)/XERUS-PROTOCOL.md docs/protocol/XERUS-PROTOCOL.md
	for d in captures evidence; do rm -rf tests/protocol/$$d && cp -r $(SHARED_PROTOCOL)/$$d tests/protocol/$$d && chmod -R u+w tests/protocol/$$d; done
	@echo "docs/protocol and tests/protocol now match $(SHARED_PROTOCOL)"
