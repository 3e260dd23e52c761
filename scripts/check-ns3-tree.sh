#!/usr/bin/env bash
# Check the module inside an ns-3 source tree, as a user who drops it into contrib/.
#
#   bash scripts/check-ns3-tree.sh [--jobs N] [--configure-arg ARG]... TREE
#
# TREE is an unpacked ns-3 source tree: CMake (ns-3.36 on, ./ns3) or waf (ns-3.35,
# ./waf). The steps, one line each ("PASS step: ..." or "FAIL step: ..."):
#   copy       the module's files into TREE/contrib/mld (build folders left out);
#   configure  only mld and what it pulls in (MLD_NS3_MODULES: mld fd-net-device;
#              point-to-point is added to a list with mpi),
#              examples and tests on,
#              and, with CMake, examples and tests of mld alone;
#   build      the whole configured tree;
#   test.py    ./test.py -s mld: every Boost.Test case of the module in ns-3's runner;
#   examples   CMake trees: ./test.py, which runs the suite and the examples that
#              test/examples-to-run.py lists (mld's alone, thanks to the filter); waf
#              trees build every enabled module's examples, so this step is skipped;
#   example    the flagship, mld-router-lan, through ./ns3 run or ./waf --run;
#   tshark     scripts/tshark-check.sh on the flagship's pcaps.
# Logs go to TREE/mld-check-logs/. Exits non-zero at the first failed step.
# --configure-arg adds an option to the configure step (e.g. --enable-mpi).
# MLD_NS3_PROFILE picks the build profile (default: default, with asserts and logs).
set -uo pipefail
export LC_ALL=C

usage() {
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

jobs=${MLD_JOBS:-2}
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) jobs=$2; shift 2 ;;
    --configure-arg) extra+=("$2"); shift 2 ;;
    -h|--help) usage ;;
    -*) echo "check-ns3-tree: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
tree=$(cd "$1" 2>/dev/null && pwd) || { echo "FAIL tree: no folder $1"; exit 1; }
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
modules=${MLD_NS3_MODULES:-mld fd-net-device}
# With mpi, point-to-point too: the links between ranks of mld-proxy-tree-distributed.
case " $modules " in
  *" mpi "*) case " $modules " in *" point-to-point "*) ;; *) modules="$modules point-to-point" ;; esac ;;
esac
profile=${MLD_NS3_PROFILE:-default}
logs=$tree/mld-check-logs
mkdir -p "$logs"
version=$(cat "$tree/VERSION" 2>/dev/null || echo unknown)
if [ -x "$tree/ns3" ]; then
  system=cmake
elif [ -x "$tree/waf" ]; then
  system=waf
else
  echo "FAIL tree: $tree has neither ./ns3 nor ./waf"
  exit 1
fi
echo "check-ns3-tree: ns-$version ($system) at $tree, logs in $logs"
started=$SECONDS

# step NAME LOG COMMAND...: runs COMMAND in TREE, prints one line, stops on failure.
step() {
  local name=$1 log=$logs/$2.log t0=$SECONDS
  shift 2
  if (cd "$tree" && "$@") >"$log" 2>&1; then
    echo "PASS $name: $((SECONDS - t0)) s"
  else
    echo "FAIL $name: exit status $?, $((SECONDS - t0)) s; last lines of $log:"
    tail -n 25 "$log" | sed 's/^/    /'
    exit 1
  fi
}

copy_module() {
  # A file whose content changed is written with the time of the copy, not its own: a
  # tree last built from another checkout may hold objects newer than this checkout's
  # files, and the build would keep those stale objects.
  local stage
  stage=$(mktemp -d) &&
    tar -C "$src" --exclude=.git --exclude='./build*' --exclude=./mld-output \
      --exclude=./fuzz/corpus -cf - . | tar -C "$stage" -xf - &&
    mkdir -p contrib/mld &&
    (cd "$stage" && find . -type f -print0) | while IFS= read -r -d '' f; do
      if ! cmp -s "$stage/$f" "contrib/mld/$f"; then
        mkdir -p "contrib/mld/$(dirname "$f")" && cp "$stage/$f" "contrib/mld/$f"
      fi
    done
  local rc=$?
  rm -rf "$stage"
  return $rc
}

case $system in
  cmake)
    configure() {
      ./ns3 configure -d "$profile" --enable-examples --enable-tests --disable-werror \
        --disable-python --enable-modules="${modules// /;}" \
        --filter-module-examples-and-tests=mld "${extra[@]}"
    }
    # ./ns3 build caps its jobs at the number of cores minus one: ask CMake directly.
    build() { cmake --build cmake-cache -j "$jobs"; }
    run_flagship() { ./ns3 run --no-build "mld-router-lan --outputDir=$logs/pcaps"; }
    ;;
  waf)
    configure() {
      # ns-3.35 and 3.36 with GCC 12 warn in ns-3's own headers: no -Werror.
      ./waf configure -d "$profile" --enable-examples --enable-tests --disable-werror \
        --disable-python --enable-modules="${modules// /,}" "${extra[@]}"
    }
    # A plain build: --targets= on a fresh tree skips copying headers to build/ns3.
    build() { ./waf build -j "$jobs"; }
    run_flagship() { ./waf --run "mld-router-lan --outputDir=$logs/pcaps"; }
    ;;
esac

run_tests() {
  ./test.py -n -v --nocolor -s mld >"$logs/test.py.out" 2>&1
  local rc=$?
  cat "$logs/test.py.out"
  # test.py exits 0 also when it found no suite: ask for the PASS line.
  [ $rc -eq 0 ] && grep -q 'PASS: TestSuite mld' "$logs/test.py.out"
}

run_all_tests() {
  ./test.py -n --nocolor >"$logs/test.py-all.out" 2>&1
  local rc=$?
  cat "$logs/test.py-all.out"
  [ $rc -eq 0 ] && grep -q 'PASS: Example contrib/mld/examples/mld-router-lan' "$logs/test.py-all.out"
}

# The flagship's binary, behind a wrapper that tshark-check.sh runs as mld-router-lan.
check_pcaps() {
  local exe wrappers=$logs/bin
  exe=$(find build -type f -perm -u+x -name '*mld-router-lan*' | head -n 1)
  [ -n "$exe" ] || { echo "no mld-router-lan binary under $tree/build"; return 1; }
  mkdir -p "$wrappers"
  printf '#!/bin/sh\nLD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec %s "$@"\n' \
    "$tree/build/lib" "$tree/$exe" >"$wrappers/mld-router-lan"
  chmod +x "$wrappers/mld-router-lan"
  bash "$src/scripts/tshark-check.sh" "$wrappers" mld-router-lan=2000,1000
}

rm -rf "$tree/contrib/mld" "$logs/pcaps"
step copy copy copy_module
step configure configure configure
step build build build
step test.py test run_tests
echo "     $(grep -E '^mld_[a-z0-9_]+: [0-9]+ passed|tests passed' "$logs/test.py.out" | tr '\n' ' ')"
if [ "$system" = cmake ]; then
  step examples test-all run_all_tests
  echo "     $(grep -E 'tests passed' "$logs/test.py-all.out")"
else
  echo "SKIP examples: a waf tree runs every enabled module's examples"
fi
step example example run_flagship
step tshark tshark check_pcaps
echo "     $(tail -n 1 "$logs/tshark.log")"
echo "PASS ns-$version ($system): all steps, $((SECONDS - started)) s"
