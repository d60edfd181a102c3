# trogiup — the two commands of the README and their parts.
#   make run    install what is missing, build, create var/trogiup.db with
#               real units and demo data, serve on 127.0.0.1:8080
#   make check  build and run every test (unit, API on SQLite and on
#               PostgreSQL, browser; unit and API on both stores again
#               under AddressSanitizer + UBSan; the fuzz corpora once)
#   make fuzz   fuzz each parser of tests/fuzz for FUZZ_SECONDS (clang)
# The real build is CMake (CMakeLists.txt); this file only sequences it.

SHARED   ?= ../shared
DB       ?= var/trogiup.db
LISTEN   ?= 127.0.0.1:8080
JOBS     ?= $(shell nproc)
FUZZ_SECONDS ?= 60

.PHONY: run check deps build build-asan web unit api e2e unit-asan api-asan bench clean \
        build-fuzz fuzz fuzz-regress api-pg api-pg-asan soak gen-check

run: deps build web
	@scripts/run "$(DB)" "$(LISTEN)" "$(SHARED)"

check: deps build web unit gen-check api api-pg e2e build-asan unit-asan api-asan api-pg-asan fuzz-regress
	@echo "make check: all suites passed"

deps:
	@scripts/deps

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build -j $(JOBS) -- --no-print-directory

build-asan:
	@cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DTROGIUP_SANITIZE=ON >/dev/null
	@cmake --build build/asan -j $(JOBS) -- --no-print-directory

# The fuzz build is clang's, in a directory of its own (tests/fuzz).
build-fuzz:
	@cmake -S . -B build/fuzz -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTROGIUP_FUZZ=ON >/dev/null
	@cmake --build build/fuzz -j $(JOBS) -- --no-print-directory

fuzz: deps build-fuzz
	@tests/fuzz/run fuzz $(FUZZ_SECONDS)

fuzz-regress: build-fuzz
	@tests/fuzz/run regress

web:
	@scripts/build-web

unit: build
	@cd build && ctest --output-on-failure

unit-asan: build-asan
	@cd build/asan && ctest --output-on-failure

api: build
	@TROGIUP_BIN=$(CURDIR)/build/trogiup TROGIUP_SHARED=$(abspath $(SHARED)) \
	  node --test --test-concurrency=1 tests/api/

# The data generator's quick check: same seed → same file, the schema of a
# fresh init, every record kind, sums consistent, a server that answers.
gen-check: build
	@bench/gen/check

# The same suite on a throwaway PostgreSQL 15 cluster (tests/api/run-pg),
# after checking that the PostgreSQL schema matches SQLite's and that every
# statement prepares on it (each starts its own cluster).
api-pg: build
	@tests/store/pg_schema_check
	@tests/store/pg_sql_check >/dev/null || tests/store/pg_sql_check
	@TROGIUP_BIN=$(CURDIR)/build/trogiup TROGIUP_SHARED=$(abspath $(SHARED)) \
	  tests/api/run-pg

# PostgreSQL under AddressSanitizer + UBSan too: the libpq driver's
# memory is only exercised there.
api-pg-asan: build-asan
	@TROGIUP_BIN=$(CURDIR)/build/asan/trogiup TROGIUP_SHARED=$(abspath $(SHARED)) \
	  TROGIUP_SANITIZED=1 tests/api/run-pg

api-asan: build-asan
	@TROGIUP_BIN=$(CURDIR)/build/asan/trogiup TROGIUP_SHARED=$(abspath $(SHARED)) \
	  TROGIUP_SANITIZED=1 node --test --test-concurrency=1 tests/api/

e2e: build web
	@TROGIUP_BIN=$(CURDIR)/build/trogiup TROGIUP_SHARED=$(abspath $(SHARED)) \
	  node --test --test-concurrency=1 tests/e2e/

# Every benchmark on SQLite and on PostgreSQL (bench/run-all; BENCH_CASES
# sets the size, 1 000 000 by default; the data is made once and cached
# under build/bench).
bench: deps build web
	@bench/run-all

# Load and soak (docs/security.md): 200 connections for 10 minutes by
# default (SOAK_SECONDS, SOAK_CONNECTIONS, SOAK_BIN, SOAK_VALGRIND=1).
soak: deps build
	@scripts/deps bench
	@bench/soak/run

clean:
	rm -rf build web/dist
