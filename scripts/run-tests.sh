#!/usr/bin/env bash
# Install what is missing, build, and run every test through CTest: the
# Boost.Test suites of test/ and the tshark conformance check of the
# examples' pcaps (scripts/tshark-check.sh). Exits with CTest's status.
#
#   bash scripts/run-tests.sh [ctest options, e.g. -R tshark or -j2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash scripts/build.sh

status=0
ctest --test-dir "${MLD_BUILD_DIR:-build}" --output-on-failure "$@" || status=$?
exit $status
