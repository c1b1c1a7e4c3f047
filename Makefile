# recert — top-level entry points. `make run` and `make test` work on a fresh
# Debian 12 machine as root: they install what is missing first.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= recert.db

DEB_PACKAGES = cmake make gcc pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev \
               libssl-dev libcmocka-dev libcurl4-openssl-dev sqlite3 curl
NODE_PACKAGES = nodejs npm
# The Python SDK suite needs `python3 -m venv` (with ensurepip, which Debian
# ships in python3-venv). Go must be on the machine already (Debian 12's
# golang is too old for the Go SDK's go.mod).
PYTHON_PACKAGES = python3 python3-venv

.PHONY: all deps build release asan run test test-unit test-api clean help install fuzz lint bench

all: build

help:
	@echo "make run      build, create a demo org in $(DB) if none, serve it on 127.0.0.1:8080"
	@echo "make test     everything CI runs: unit, API, SDK and client tests on the plain and"
	@echo "              ASan+UBSan builds, lint, a short fuzz pass"
	@echo "make build    optimized build with debug info in $(BUILD)/"
	@echo "make asan     ASan+UBSan build in $(ASAN_BUILD)/"
	@echo "make test-unit  unit tests (ctest) of $(BUILD)/"
	@echo "make test-api   unit, API, SDK and client tests of $(BUILD)/ only"
	@echo "make lint     cppcheck and clang-tidy"
	@echo "make fuzz     libFuzzer on every parser, FUZZ_SECONDS each (default 5)"
	@echo "make bench    recertd against nginx on loopback (see bench/run.sh for knobs)"
	@echo "make install  install recertd, recert, librecert and the man pages under PREFIX"
	@echo "              (default /usr/local)"
	@echo "make deps     install the Debian packages the build needs (root)"
	@echo "make clean    remove $(BUILD)/ and $(ASAN_BUILD)/"

# Installs the Debian packages that are missing (only those).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing="$$missing $(NODE_PACKAGES)"; \
	python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="$$missing $(PYTHON_PACKAGES)"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DRECERT_SANITIZE=ON >/dev/null

asan: deps $(ASAN_BUILD)/Makefile
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD)/recertd $(DB)

# Everything CI proves: unit, API, SDK and client suites on the plain and the
# sanitizer builds, then static analysis and a bounded fuzz pass.
test: build asan
	@scripts/test.sh $(BUILD) $(ASAN_BUILD)
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-5}

test-unit: build
	cd $(BUILD) && ctest --output-on-failure

test-api: build
	@scripts/test.sh $(BUILD) ""

PREFIX ?= /usr/local
# Configured with PREFIX first: the systemd unit names PREFIX/bin/recertd.
install: deps
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cmake --install $(BUILD)

# Bounded fuzzing of every untrusted parser (clang + libFuzzer); FUZZ_SECONDS each.
fuzz: deps
	@scripts/fuzz.sh

# Static analysis: cppcheck and clang-tidy, clean.
lint: build
	@scripts/lint.sh $(BUILD)

# Benchmarks against loopback (not part of make test).
bench: deps
	@bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
