# qedge — the front door. On a fresh Debian 12 machine, as root:
#   bash tools/setup.sh && make demo    # build everything, run the example
#   bash tools/setup.sh && make test    # build everything, run every test
PYTHON   := .venv/bin/python
BUILD    := build/release
ASAN     := build/asan
JOBS     ?= $(shell nproc)
PREFIX   ?= /usr/local
CMAKE_FLAGS ?=

.PHONY: all build install install-check crash-soak bench bench-server python lua-test c-test sanitize valgrind py-test conformance schemathesis-long test demo format format-check clean

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

# test_scenario runs 10000 points in ctest (Release and sanitizers); under
# valgrind a smaller shard keeps it near a minute.
VALGRIND_SCENARIO_POINTS ?= 2000

valgrind: build
	@set -e; for t in $(BUILD)/tests/c/test_*; do \
	  echo "valgrind $$t"; \
	  QEDGE_SOURCE_DIR=$(CURDIR) QEDGE_SCENARIO_POINTS=$(VALGRIND_SCENARIO_POINTS) valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t >/dev/null; \
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

# Opt-in: qedge-server under wrk beside the raw edge shard rate (installs
# Debian's wrk when missing; SECONDS per row, default 5). See BENCHMARKS.md.
bench-server:
	command -v wrk >/dev/null || apt-get install -y wrk
	cmake -S . -B build/dist -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQEDGE_LUA=OFF \
	  -DQEDGE_EXAMPLES=OFF -DQEDGE_WERROR=ON -DQEDGE_BENCH=ON
	cmake --build build/dist -j $(JOBS) --target qedge-server bench_shard_ops
	python3 bench/bench_server.py --server build/dist/server/qedge-server \
	  --raw build/dist/bench/bench_shard_ops --seconds $${SECONDS_PER_ROW:-5}

# Opt-in: hundreds of SIGKILL trials against a writing process.
crash-soak: build
	QEDGE_CRASH_TRIALS=$${TRIALS:-300} $(BUILD)/tests/c/test_shard

py-test: python build
	$(PYTHON) -m pytest -q tests/python
	$(PYTHON) -m pytest -q tests/server
	$(PYTHON) -m pytest -q tests/client

# The official clients (qdrant-client, @qdrant/js-client-rest) and a bounded
# schemathesis run against a qedge-server started on a free loopback port.
conformance: build
	$(PYTHON) -m pytest -q tests/conformance

# Opt-in: many more generated requests, and schemathesis's CLI with all phases.
schemathesis-long: build
	QEDGE_SCHEMATHESIS_LONG=1 QEDGE_SCHEMATHESIS_EXAMPLES=$${EXAMPLES:-100} \
	  $(PYTHON) -m pytest -q tests/conformance/test_schemathesis.py

lua-test: build
	bash tests/lua/run.sh lua5.4 $(BUILD)
	bash tests/lua/run.sh luajit $(BUILD)

test: format-check build install install-check c-test sanitize valgrind py-test conformance lua-test
	@echo "make test: all suites passed"

demo: install
	$(BUILD)/examples/example_edge_shard
	$(BUILD)/examples/example_fashion_mnist
	$(BUILD)/examples/example_quickstart
	$(PYTHON) examples/quickstart.py
	lua5.4 examples/quickstart.lua
	luajit examples/quickstart.lua

# Opt-in: Fashion-MNIST and GloVe against numpy and Qdrant Edge (BENCHMARKS.md).
bench: python
	$(PYTHON) bench/bench_real.py $(BENCH_ARGS)

format:
	clang-format -i core/include/qedge/*.h core/src/*/*.[ch] bindings/*/*.[ch] tests/c/*.[ch] examples/*.c server/*.[ch] bench/*.c

format-check:
	clang-format --dry-run -Werror core/include/qedge/*.h core/src/*/*.[ch] bindings/*/*.[ch] tests/c/*.[ch] examples/*.c server/*.[ch] bench/*.c

clean:
	rm -rf build
