# qedge — the front door. On a fresh Debian 12 machine, as root:
#   bash tools/setup.sh && make demo    # build everything, run the example
#   bash tools/setup.sh && make test    # build everything, run every test
PYTHON   := .venv/bin/python
BUILD    := build/release
ASAN     := build/asan
JOBS     ?= $(shell nproc)
PREFIX   ?= /usr/local
CMAKE_FLAGS ?=

.PHONY: all build install install-check crash-soak python lua-test c-test sanitize valgrind py-test test demo format format-check clean

all: build

build:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQEDGE_WERROR=ON \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

# Installs the C library, headers, pkg-config/CMake files and the Lua modules
# under PREFIX, and the Python package into .venv.
install: build python
	cmake --install $(BUILD)

python:
	$(PYTHON) -m pip install -q --disable-pip-version-check --no-build-isolation .

c-test: build
	ctest --test-dir $(BUILD) --output-on-failure

sanitize:
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQEDGE_WERROR=ON -DQEDGE_SANITIZE=ON \
	  -DQEDGE_LUA=OFF -DQEDGE_EXAMPLES=OFF
	cmake --build $(ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN) --output-on-failure
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  QEDGE_SERVER_BIN=$(CURDIR)/$(ASAN)/server/qedge-server $(PYTHON) -m pytest -q tests/server

valgrind: build
	@set -e; for t in $(BUILD)/tests/c/test_*; do \
	  echo "valgrind $$t"; \
	  QEDGE_SOURCE_DIR=$(CURDIR) valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t >/dev/null; \
	done

# The installed library works for users: pkg-config and find_package(qedge).
install-check: install
	cc -o build/consumer-pc examples/quickstart.c $$(pkg-config --cflags --libs qedge)
	LD_LIBRARY_PATH=$(PREFIX)/lib build/consumer-pc >/dev/null
	cmake -S tests/consumer -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH=$(PREFIX) >/dev/null
	cmake --build build/consumer
	LD_LIBRARY_PATH=$(PREFIX)/lib build/consumer/consumer >/dev/null
	lua5.4 -e 'assert(require("qedge").models.Distance.COSINE == "Cosine")'
	luajit -e 'assert(require("qedge").models.Distance.COSINE == "Cosine")'

# Opt-in: hundreds of SIGKILL trials against a writing process.
crash-soak: build
	QEDGE_CRASH_TRIALS=$${TRIALS:-300} $(BUILD)/tests/c/test_shard

py-test: python build
	$(PYTHON) -m pytest -q tests/python
	$(PYTHON) -m pytest -q tests/server
	$(PYTHON) -m pytest -q tests/client

lua-test: build
	bash tests/lua/run.sh lua5.4 $(BUILD)
	bash tests/lua/run.sh luajit $(BUILD)

test: format-check build install install-check c-test sanitize valgrind py-test lua-test
	@echo "make test: all suites passed"

demo: install
	$(BUILD)/examples/example_edge_shard
	$(BUILD)/examples/example_quickstart
	$(PYTHON) examples/quickstart.py
	lua5.4 examples/quickstart.lua
	luajit examples/quickstart.lua

format:
	clang-format -i core/include/qedge/*.h core/src/*/*.[ch] bindings/*/*.[ch] tests/c/*.[ch] examples/*.c server/*.[ch]

format-check:
	clang-format --dry-run -Werror core/include/qedge/*.h core/src/*/*.[ch] bindings/*/*.[ch] tests/c/*.[ch] examples/*.c server/*.[ch]

clean:
	rm -rf build
