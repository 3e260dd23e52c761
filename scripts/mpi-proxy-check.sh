#!/usr/bin/env bash
# Check that the proxy tree gives the same result over MPI as in one process.
#
#   bash scripts/mpi-proxy-check.sh [TREE]
#
# TREE: an ns-3 source tree configured with --enable-mpi in which mld-proxy-tree-distributed
# is built (scripts/check-ns3-tree.sh --configure-arg --enable-mpi TREE); default:
# build-ns3-debian/ns3-3.37/ns-3.37, where scripts/ci-ns3-tree.sh puts it.
# Runs the example sequentially (default simulator, every node local), then under
# mpirun -np 1, 2 and 4 (granted time window) and -np 2 --nullmsg (null messages), each
# rank writing its lines to its own file. The lines (listener tables, proxy databases,
# per-receiver delivery count and first/last times) of all ranks, sorted, must be those of
# the sequential run, which must show deliveries to all three receivers.
# One line per run: "PASS ..." or "FAIL ..." (with the first differences); exits non-zero
# on any FAIL. Files in TREE/mld-check-logs/mpi/. MLD_MPI_ARGS: more arguments for every
# run, e.g. "--RngRun=3 --delay=1ms".
set -uo pipefail
export LC_ALL=C
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tree=$(cd "${1:-$src/build-ns3-debian/ns3-3.37/ns-3.37}" 2>/dev/null && pwd) ||
  { echo "FAIL tree: no folder ${1:-$src/build-ns3-debian/ns3-3.37/ns-3.37}"; exit 1; }
out=$tree/mld-check-logs/mpi
rm -rf "$out" && mkdir -p "$out"

exe=$(find "$tree/build" -type f -perm -u+x -name '*mld-proxy-tree-distributed*' | head -n 1)
[ -n "$exe" ] || { echo "FAIL build: no mld-proxy-tree-distributed under $tree/build"; exit 1; }
command -v mpirun >/dev/null || { echo "FAIL mpirun: not installed (openmpi-bin)"; exit 1; }
export LD_LIBRARY_PATH=$tree/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# More ranks than cores: ranks waiting for a message yield the core (Open MPI).
export OMPI_MCA_mpi_yield_when_idle=1
mpi=(mpirun --oversubscribe -x LD_LIBRARY_PATH)
[ "$(id -u)" -ne 0 ] || mpi+=(--allow-run-as-root)

# elapsed T0: seconds since T0 (a date +%s.%N), to the millisecond.
elapsed() { awk -v now="$(date +%s.%N)" -v t0="$1" 'BEGIN { printf "%.3f", now - t0 }'; }

read -r -a args <<<"${MLD_MPI_ARGS:-}"
t0=$(date +%s.%N)
timeout 120 "$exe" "${args[@]}" >"$out/sequential.0" 2>"$out/sequential.err"
rc=$?
if [ $rc -ne 0 ]; then
  echo "FAIL sequential: exit status $rc; see $out/sequential.err"
  exit 1
fi
sort "$out/sequential.0" >"$out/sequential.sorted"
receivers=$(grep -c '^RECEIVER .* count=[1-9]' "$out/sequential.sorted")
if [ "$receivers" -ne 3 ]; then
  echo "FAIL sequential: $receivers of 3 receivers got data"
  exit 1
fi
echo "PASS sequential: $(wc -l <"$out/sequential.sorted") lines, $(elapsed "$t0") s"

failed=0
# run NAME NP ARGS...: NP ranks, each writing NAME.<rank>; compares with the sequential run.
run() {
  local name=$1 np=$2 t0
  t0=$(date +%s.%N)
  shift 2
  # Each rank its own file: mpirun's merged stdout may mix lines of different ranks.
  local rc
  # shellcheck disable=SC2016 # expanded by each rank's shell: $0 the program, $1 the prefix
  timeout 120 "${mpi[@]}" -np "$np" sh -c \
    'to=$1; shift; exec "$0" --mpi "$@" >"$to.${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-0}}"' \
    "$exe" "$out/$name" "${args[@]}" "$@" 2>"$out/$name.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: exit status $rc; see $out/$name.err"
    failed=1
    return
  fi
  cat "$out/$name".[0-9]* | sort >"$out/$name.sorted"
  if diff "$out/sequential.sorted" "$out/$name.sorted" >"$out/$name.diff"; then
    echo "PASS $name: $(wc -l <"$out/$name.sorted") lines, identical to the sequential run, $(elapsed "$t0") s"
  else
    echo "FAIL $name: differs from the sequential run (< sequential, > $np ranks):"
    grep '^[<>]' "$out/$name.diff" | head -n 10 | sed 's/^/    /'
    failed=1
  fi
}
run np1 1
run np2 2
run np4 4
run np2-nullmsg 2 --nullmsg
exit $failed
