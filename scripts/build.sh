#!/usr/bin/env bash
# Configure (first time only) and build the module, its examples and its
# tests into ./build. Incremental: a second run rebuilds nothing that is up
# to date. CMake re-configures by itself when a CMakeLists.txt changes.
#
#   bash scripts/build.sh [extra cmake -D options, e.g. -DMLD_SANITIZE=ON]
#
# Environment: MLD_BUILD_DIR (default: build), MLD_JOBS (default: 2),
# MLD_TARGETS (default: all; e.g. "mld-router-lan" builds only that example
# and the library).
# The default build type is RelWithDebInfo (cmake/standalone.cmake).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${MLD_BUILD_DIR:-build}
jobs=${MLD_JOBS:-2}

if [ ! -f "$build_dir/CMakeCache.txt" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$build_dir" "$@"
fi
targets=()
for target in ${MLD_TARGETS:-}; do
  targets+=(--target "$target")
done
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
