# A thin layer over CMake, so that two commands set up a fresh Debian bookworm machine:
#   make run    installs what is missing, builds, starts the registry stub and the kiosk on the demo content
#   make test   installs what is missing, builds with AddressSanitizer + UBSan, runs every test in CTest
# Other targets: make build, make bench, make package (Debian packages in build-package/), make check-content,
# make clean.

BUILD_DIR ?= build
TEST_BUILD_DIR ?= build-test
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
# Debian's ccache (from scripts/debian-packages.txt) when it is there: a rebuild of unchanged files costs nothing.
# Paths relative to this tree in ccache's keys, so another clone (CI's) reuses what this one compiled.
export CCACHE_BASEDIR := $(CURDIR)
LAUNCHER = $$(command -v ccache >/dev/null && echo -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all deps build run test bench package check-content clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DBK_SANITIZE=OFF $(LAUNCHER)
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	scripts/run-demo.sh $(BUILD_DIR)

test: deps
	cmake -S . -B $(TEST_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DBK_SANITIZE=ON -DBK_BUILD_BENCH=OFF $(LAUNCHER)
	cmake --build $(TEST_BUILD_DIR) -j$(JOBS)
	cd tests/web && npm ci --no-audit --no-fund
	$(TEST_BUILD_DIR)/app/borgerkiosk --check-content content
	backend-stub/fuzz/run.sh 20
	cd $(TEST_BUILD_DIR) && ctest --output-on-failure --timeout 600 -j$(JOBS)

bench: build
	scripts/bench.sh $(BUILD_DIR)

package: deps
	scripts/package.sh build-package

check-content: build
	$(BUILD_DIR)/app/borgerkiosk --check-content content

clean:
	rm -rf $(BUILD_DIR) $(TEST_BUILD_DIR) build-package
