#!/usr/bin/env bash
# What MLD adds to each multicast data packet: instructions (callgrind) executed by the
# source, the receivers and the forwarding router per data packet, with MLD and with
# ns-3 doing the same delivery without MLD (examples/mld-dataplane-benchmark.cc).
# Instruction counts are exact and repeatable, unlike wall time.
#
#   bash scripts/dataplane-cost.sh [BENCH]
#
# BENCH: the mld-dataplane-benchmark binary (default build/bin/mld-dataplane-benchmark;
# build it first). For each scenario (lan, routed), each mode (MLD; without MLD: "none"
# on the LAN, "static" multicast routes on the router) and each node group (source,
# receivers, router), one callgrind run collects only the events of that group inside
# the measurement window (--measure). Instructions per packet: the source's and the
# router's per packet sent (forwarded), the receivers' per packet delivered to a socket.
#
# Environment: DP_RECEIVERS (10), DP_PACKETS (2000), DP_VERSIONS ("1 2"),
# DP_SCENARIOS ("lan routed").
# Prints "DATAPLANE <scenario> v<V> <group> <Ir/packet with MLD> <without> <ratio>" per
# line, then one "TARGET" line per line against the target: at most 1 % more.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bench=${1:-build/bin/mld-dataplane-benchmark}
[ -x "$bench" ] || { echo "dataplane-cost: no $bench (bash scripts/build.sh)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "dataplane-cost: valgrind is missing" >&2; exit 1; }
receivers=${DP_RECEIVERS:-10}
packets=${DP_PACKETS:-2000}
versions=${DP_VERSIONS:-"1 2"}
scenarios=${DP_SCENARIOS:-"lan routed"}
target=1.01
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# per_packet ARGS...: instructions collected / packets of the window, for one run.
per_packet() {
  local measure=$1
  shift
  valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$tmp/out" \
    "$bench" --receivers="$receivers" --packets="$packets" --measure="$measure" "$@" \
    >"$tmp/stdout" 2>"$tmp/stderr"
  local ir line packets_w
  ir=$(awk '/^summary:/ {print $2}' "$tmp/out")
  line=$(tail -n 1 "$tmp/stdout")
  # Columns: scenario mode ver N packets sent_w fwd_w deliv_w events wall measure
  case $measure in
    receivers) packets_w=$(echo "$line" | awk '{print $8}') ;;
    router) packets_w=$(echo "$line" | awk '{print $7}') ;;
    *) packets_w=$(echo "$line" | awk '{print $6}') ;;
  esac
  awk -v ir="$ir" -v n="$packets_w" 'BEGIN {printf "%.1f", ir / n}'
}

results=()
for scenario in $scenarios; do
  groups="source receivers"
  base_mode=none
  if [ "$scenario" = routed ]; then
    groups="source router receivers"
    base_mode=static
  fi
  for v in $versions; do
    for group in $groups; do
      with=$(per_packet "$group" --scenario="$scenario" --mld=true --mldVersion="$v")
      without=$(per_packet "$group" --scenario="$scenario" --mld=false)
      ratio=$(awk -v a="$with" -v b="$without" 'BEGIN {printf "%.4f", a / b}')
      echo "DATAPLANE $scenario v$v $group $with $without $ratio"
      results+=("$scenario v$v $group $base_mode $ratio")
    done
  done
done
for r in "${results[@]}"; do
  read -r scenario v group mode ratio <<<"$r"
  met=$(awk -v r="$ratio" -v t="$target" 'BEGIN {print (r <= t) ? "met" : "NOT met"}')
  echo "TARGET data-plane $scenario $v $group Ir/packet, MLD / $mode <= $target: $ratio $met"
done
