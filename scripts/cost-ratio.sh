#!/usr/bin/env bash
# What MLD costs a simulation: instructions executed inside Simulator::Run (callgrind)
# by examples/mld-benchmark with MLD, and by its baseline, which sends as many plain
# ICMPv6 packets as the MLD run sent MLD messages. Instruction counts are exact and
# repeatable, unlike wall time.
#
#   bash scripts/cost-ratio.sh [BENCH]                 one line per scenario, then ratios
#
# BENCH: the mld-benchmark binary (default build/bin/mld-benchmark; build it first).
# Scenarios: COST_SCENARIOS, "N:G:V ..." (default "100:20:1 100:20:2"), COST_SIM_TIME
# simulated seconds (30), churn as in scripts/benchmark.sh (--churnMean = N x 5 s).
# Prints "RATIO <N> <G> <V> <mld Ir> <baseline Ir> <mld/baseline>" per scenario, then one
# "TARGET" line per scenario against the target of issue 10: a ratio of at most 1.3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bench=${1:-build/bin/mld-benchmark}
[ -x "$bench" ] || { echo "cost-ratio: no $bench (bash scripts/build.sh)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "cost-ratio: valgrind is missing" >&2; exit 1; }
scenarios=${COST_SCENARIOS:-"100:20:1 100:20:2"}
sim_time=${COST_SIM_TIME:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ir ARGS...: instructions inside Simulator::Run of one benchmark run.
ir() {
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect='ns3::Simulator::Run()' \
    --callgrind-out-file="$tmp/out" "$bench" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  callgrind_annotate "$tmp/out" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}'
}

target=1.3
targets=()
for s in $scenarios; do
  IFS=: read -r n g v <<<"$s"
  common=(--hosts="$n" --groups="$g" --simTime="$sim_time" --churnMean="$((n * 5))")
  mld_ir=$(ir "${common[@]}" --mldVersion="$v")
  msgs=$(tail -n 1 "$tmp/stdout" | awk '{print $11}')
  base_ir=$(ir "${common[@]}" --baseline --baselinePackets="$msgs")
  ratio=$(awk -v a="$mld_ir" -v b="$base_ir" 'BEGIN {printf "%.3f", a / b}')
  echo "RATIO $n $g $v $mld_ir $base_ir $ratio"
  met=$(awk -v r="$ratio" -v t="$target" 'BEGIN {print (r <= t) ? "met" : "NOT met"}')
  targets+=("TARGET control-plane N=$n G=$g v$v Ir ratio MLD / baseline <= $target: $ratio $met")
done
printf '%s\n' "${targets[@]}"
