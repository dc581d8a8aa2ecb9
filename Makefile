# Thin wrapper over CMake (Neovim's model): no build logic lives here.
BUILD_DIR ?= build
CMAKE_BUILD_TYPE ?= RelWithDebInfo
CMAKE_EXTRA_FLAGS ?=
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")
CTEST_FLAGS ?=
FUZZ_SECONDS ?= 20
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps run test c-test lua-test install bench memcheck asan fuzz \
        format lint clean distclean

all: $(BUILD_DIR)/.ran-cmake
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	@sh tools/install-deps.sh

$(BUILD_DIR)/.ran-cmake: | deps
	cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" \
	  -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) $(CMAKE_EXTRA_FLAGS)
	@touch $@

run: all
	$(BUILD_DIR)/newslua scripts/timeline.lua

test: all
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

c-test: all
	ctest --test-dir $(BUILD_DIR) --output-on-failure -R '^c\.'

lua-test: all
	cd tests/lua && NEWSLUA_EXE=$(CURDIR)/$(BUILD_DIR)/newslua \
	  NEWSLUA_MODULE_DIR=$(CURDIR)/$(BUILD_DIR) NEWSLUA_SOURCE_DIR=$(CURDIR) \
	  ../../$(BUILD_DIR)/newslua run.lua --helper=helper.lua \
	  $(if $(TEST_FILTER),--filter='$(TEST_FILTER)') $(or $(TEST_FILE),.)

install: all
	cmake --install $(BUILD_DIR) $(if $(PREFIX),--prefix $(PREFIX))

# Sanitizer build (ASan + UBSan) running the whole suite.
asan:
	$(MAKE) test BUILD_DIR=build-asan CMAKE_BUILD_TYPE=Debug \
	  CMAKE_EXTRA_FLAGS='-DNEWSLUA_SANITIZE="address;undefined"'

# valgrind over the C tests (c.crash kills child processes on purpose and
# is covered by the sanitizer suite instead).  valgrind is installed here,
# and the build told where it is: its configure may have run before it was.
memcheck: all
	NEWSLUA_DEPS_EXTRA="valgrind" sh tools/install-deps.sh
	cmake -S . -B $(BUILD_DIR) -DMEMORYCHECK_COMMAND="$$(command -v valgrind)" >/dev/null
	ctest --test-dir $(BUILD_DIR) -R '^c\.' -E '^c\.crash$$' -T memcheck --output-on-failure -j $(JOBS)

fuzz:
	NEWSLUA_DEPS_EXTRA="clang-14 libclang-rt-14-dev" sh tools/install-deps.sh
	$(MAKE) all BUILD_DIR=build-fuzz CMAKE_BUILD_TYPE=Debug \
	  CMAKE_EXTRA_FLAGS='-DCMAKE_C_COMPILER=clang-14 -DNEWSLUA_FUZZ=ON -DBUILD_TESTING=OFF'
	sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

bench: all
	NEWSLUA_DEPS_EXTRA="ripgrep" sh tools/install-deps.sh
	sh bench/run.sh $(BUILD_DIR)

format:
	clang-format -i core/src/*.c core/src/*.h core/include/newslua/*.h bindings/*.c bindings/*.h tests/c/*.c

lint:
	cppcheck --quiet --enable=warning,performance core/src bindings
	luacheck scripts tests/lua

clean:
	cmake --build $(BUILD_DIR) --target clean

distclean:
	rm -rf build build-*

-include local.mk
