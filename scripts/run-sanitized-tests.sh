#!/usr/bin/env bash
# Build the module, its examples and tests with AddressSanitizer and
# UndefinedBehaviorSanitizer into ./build-asan, and run the whole CTest suite
# there. Any sanitizer report makes the test that triggered it fail.
#
#   bash scripts/run-sanitized-tests.sh [ctest options]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
MLD_BUILD_DIR=build-asan bash scripts/build.sh -DMLD_SANITIZE=ON
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
ctest --test-dir build-asan --output-on-failure "$@" || status=$?
exit $status
