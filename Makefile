# carecert — conformance and certification test suite for health devices.
#
#   make demo     install missing packages, build, certify the simulated devices
#   make check    install missing packages, build, run every test (also under ASan/UBSan),
#                 then every fuzz harness briefly
#   make bench    measure the runner's own overhead
#   make fuzz     build the libFuzzer harnesses (clang) and run each for FUZZ_TIME s
#
# Packages are installed by tools/install-deps.sh; the build itself runs in a
# sub-make so that pkg-config is asked only once the packages are there.

CC      ?= cc
BUILD   ?= build
PKGS    := yaml-0.1 json-c libserialport libxml-2.0 libcrypto libssl bluez libcurl libmicrohttpd libusb-1.0 sqlite3 libpq libarchive
VERSION := 0.1.0

# snprintf truncation is how bounded paths and messages are cut on purpose.
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
             $(SAN) -Irunner -Ihw/sim -I$(BUILD) $(shell pkg-config --cflags $(PKGS))
# libhttp-parser (Debian libhttp-parser-dev) ships no pkg-config file
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS)) -lhttp_parser -lm
CHECK_LIBS = $(shell pkg-config --libs check)

# runner/<concern>/ and hw/sim/<family>/: sources are found by folder, so a
# new module needs no edit here (docs/architecture.md names the folders).
LIB_SRC   := $(filter-out runner/cli/main.c,$(wildcard runner/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/runner/cli/main.o
SIM_SRC   := $(filter-out hw/sim/lib/%,$(wildcard hw/sim/*/*.c))
SIMLIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard hw/sim/lib/*.c))
SIMS      := $(foreach s,$(SIM_SRC),$(BUILD)/carecert-sim-$(basename $(notdir $(s))))
UNIT_SRC  := $(wildcard tests/test-*.c)
ITEST_SRC := $(wildcard tests/itest-*.c)
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/testutil.o $(BUILD)/tests/zhwords.o
ITEST_OBJ := $(ITEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/testutil.o $(BUILD)/tests/zhwords.o
ASAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Fuzzing (docs/fuzzing.md): one harness per tests/fuzz/fuzz-NAME.c, found by
# wildcard; the library is built again with clang and the fuzzer's
# instrumentation in its own folder, so the gcc builds are untouched.
FUZZ_CC   ?= clang
FUZZ_BUILD := build/fuzz
FUZZ_SAN  := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_BINS := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)
# seconds per harness: `make fuzz`, and the smoke run of `make check`;
# FUZZ="suite att" runs only those harnesses
FUZZ_TIME ?= 60
FUZZ_SMOKE_TIME ?= 1
FUZZ      ?=

.PHONY: all build deps check check-build test-bins unit integration demo demo-build \
        bench bench-build clean format deps-graph fuzz fuzz-build fuzz-bins fuzz-smoke

all: deps
	@$(MAKE) --no-print-directory build

deps:
	@sh tools/install-deps.sh

build: $(BUILD)/carecert $(SIMS)

$(BUILD)/version.h: FORCE
	@mkdir -p $(BUILD)
	@rev=$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown); \
	 if [ -n "$$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then rev="$$rev-dirty"; fi; \
	 printf '#define CARECERT_VERSION "%s"\n#define CARECERT_GIT_REVISION "%s"\n' \
	   "$(VERSION)" "$$rev" > $@.tmp; \
	 if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(BUILD)/%.o: %.c | $(BUILD)/version.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# suite_NAME() functions are declared by the generated list, not a header.
$(BUILD)/tests/%.o: WARN += -Wno-missing-prototypes

$(BUILD)/libcarecert.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/carecert: $(MAIN_OBJ) $(BUILD)/libcarecert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

# Simulators share hw/sim/lib (the GATT server) and the runner's codecs.
$(BUILD)/libsim.a: $(SIMLIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

define sim_rule
$(BUILD)/carecert-sim-$(basename $(notdir $(1))): $(BUILD)/$(1:.c=.o) $(BUILD)/libsim.a $(BUILD)/libcarecert.a
	$$(CC) $$(ALL_CFLAGS) -o $$@ $$^ $$(LDLIBS_ALL)
endef
$(foreach s,$(SIM_SRC),$(eval $(call sim_rule,$(s))))

# libcheck suites are found by their `Suite *suite_NAME(void)` definitions, so a
# new test file needs no edit here or in the runner.
$(BUILD)/suites-%.inc: $(wildcard tests/*.c)
	@mkdir -p $(BUILD)
	@files="$(if $(filter unit,$*),$(UNIT_SRC),$(ITEST_SRC))"; \
	 names=$$(grep -ho '^Suite \*suite_[a-z0-9_]*(void)' $$files | sed 's/^Suite \*\(suite_[a-z0-9_]*\)(void)/\1/'); \
	 { for n in $$names; do echo "Suite *$$n(void);"; done; \
	   echo "static Suite *(*const all_suites[])(void) = {"; \
	   for n in $$names; do echo "	$$n,"; done; echo "};"; \
	   echo "static const char *const all_suite_names[] = {"; \
	   for n in $$names; do echo "	\"$${n#suite_}\","; done; echo "};"; } > $@

$(BUILD)/tests/check-main-%.o: tests/check-main.c $(BUILD)/suites-%.inc
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DSUITES_INC='"suites-$*.inc"' -c $< -o $@

# libsim.a: the simulators' shared parts (the error model) are unit-tested too.
$(BUILD)/unit-tests: $(BUILD)/tests/check-main-unit.o $(UNIT_OBJ) $(BUILD)/libsim.a $(BUILD)/libcarecert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL) $(CHECK_LIBS)

$(BUILD)/integration-tests: $(BUILD)/tests/check-main-integration.o $(ITEST_OBJ) $(BUILD)/libcarecert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL) $(CHECK_LIBS)

# make check's phases, and why some of them run side by side (two cores,
# 20 minutes; docs/architecture.md, "Tests"):
#  - the three builds (gcc, gcc with ASan/UBSan, clang with libFuzzer) come
#    first, each -j$(CHECK_JOBS): nothing else runs while they compile;
#  - the plain unit tests run alone (22 s; with the two below, one of their
#    timing cases failed once on a loaded machine);
#  - the ASan unit tests and the plain build's integration suites other
#    than the profile table run together (tools/together.sh): both mostly
#    wait on devices, timeouts and child processes (about 1.2 of the 2
#    cores together), and share no port or folder;
#  - the profile table (itest-profiles: BLE intervals, response times, fall
#    replays) and the ASan integration tests run alone, as before: their
#    timing is judged, and the table's second round fills both cores;
#  - the fuzz smoke runs its harnesses two at a time (one core each).
# A failure in any of them fails make check; side-by-side output is kept in
# build/check-logs/ and printed whole after the part shown as it runs.
CHECK_JOBS ?= 2
ASAN_MAKE = $(MAKE) --no-print-directory BUILD=build/asan SAN="$(ASAN)" CFLAGS="-O1 -g" \
	    ITEST_PROFILES="$(ASAN_ITEST_PROFILES)" RENDER=none
check: deps
	@echo "== make check: builds and tests from $$(date +%T)"
	@sh tools/layout.sh check
	@echo "== builds (build, build/asan, build/fuzz; -j$(CHECK_JOBS)) $$(date +%T)"
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) test-bins
	@$(ASAN_MAKE) -j$(CHECK_JOBS) test-bins
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) fuzz-build
	@$(MAKE) --no-print-directory unit
	@sh tools/together.sh build/check-logs \
	  integration-others '$(MAKE) --no-print-directory SKIP_SUITES=itest-profiles integration' \
	  unit-asan '$(ASAN_MAKE) unit'
	@$(MAKE) --no-print-directory SUITE=itest-profiles integration
	@$(ASAN_MAKE) integration
	@$(MAKE) --no-print-directory FUZZ_JOBS=2 fuzz-smoke
	@echo "== make check passed $$(date +%T)"

# Under the sanitizers the profile table runs its demo rows (every
# transport, step family and report path) and the faults that end in an
# error or a disconnect; all its rows run in the plain build, and the
# parsers of device bytes are fuzzed under ASan. Twice the whole table
# would not fit make check's 20 minutes on two cores.
ASAN_ITEST_PROFILES := demo-,disconnect,garbage,malformed,hostile
ITEST_PROFILES ?=
# The render test (itest-profiles' test_render_all, docs/report.md) runs in
# the plain build: under ASan only carecert's HTML would differ, and
# itest-report renders that there. RENDER=runs or all widens it.
RENDER ?=
# integration: SUITE runs only that suite, SKIP_SUITES=a,b all but those
SUITE ?=
SKIP_SUITES ?=

test-bins: build $(BUILD)/unit-tests $(BUILD)/integration-tests

# One build's tests: unit tests, then the real binaries against the real
# simulators. unit and integration only run what is built (make check
# builds first, then runs several of them at once in one folder).
check-build: test-bins
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory integration

unit:
	@echo "== unit tests ($(BUILD)) $$(date +%T)"
	CK_DEFAULT_TIMEOUT=60 CARECERT_TOP=$(CURDIR) $(BUILD)/unit-tests

integration:
	@echo "== integration tests ($(BUILD)$(if $(SUITE), $(SUITE))$(if $(SKIP_SUITES), but $(SKIP_SUITES))) $$(date +%T)"
	CK_DEFAULT_TIMEOUT=300 CARECERT_BIN=$(BUILD) CARECERT_TOP=$(CURDIR) \
	  CARECERT_ITEST_PROFILES="$(ITEST_PROFILES)" CARECERT_RENDER="$(RENDER)" \
	  $(if $(SUITE),CK_RUN_SUITE=$(SUITE)) CARECERT_SKIP_SUITES="$(SKIP_SUITES)" \
	  $(BUILD)/integration-tests

demo: deps
	@$(MAKE) --no-print-directory demo-build

demo-build: build
	@sh tools/demo.sh $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory bench-build

bench-build: build $(BUILD)/bench
	$(BUILD)/bench $(BUILD)

$(BUILD)/bench: $(BUILD)/tests/bench.o $(BUILD)/tests/bench-store.o $(BUILD)/tests/bench-report.o \
		$(BUILD)/libcarecert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

# The runner's folders and the includes between them (Graphviz dot); each
# folder's README says what it may include, and `make check` enforces it.
deps-graph:
	@sh tools/layout.sh graph

# clang does not know gcc's -Wformat-truncation: tolerate unknown options.
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) SAN="$(FUZZ_SAN)" \
	  CFLAGS="-O1 -g -Wno-unknown-warning-option" fuzz-bins

fuzz-bins: $(FUZZ_BINS)
.SECONDARY: $(FUZZ_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/fuzz/fuzz.o

$(BUILD)/fuzz-%: $(BUILD)/tests/fuzz/fuzz-%.o $(BUILD)/tests/fuzz/fuzz.o $(BUILD)/libcarecert.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_ALL)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tools/fuzz.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ)

# Each harness briefly over its seeds: a parser that regressed shows in CI.
# FUZZ_JOBS harnesses at a time (make check: 2).
FUZZ_JOBS ?= 1
fuzz-smoke: fuzz-build
	@echo "== fuzz smoke ($(FUZZ_SMOKE_TIME) s per harness, $(FUZZ_JOBS) at a time) $$(date +%T)"
	@FUZZ_JOBS=$(FUZZ_JOBS) sh tools/fuzz.sh --smoke $(FUZZ_BUILD) $(FUZZ_SMOKE_TIME) $(FUZZ)

format:
	clang-format -i runner/*/*.[ch] hw/sim/*/*.[ch] tests/*.[ch] tests/fuzz/*.[ch]

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
