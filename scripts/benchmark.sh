#!/usr/bin/env bash
# Performance grid of the MLD module (examples/mld-benchmark.cc).
#
#   bash scripts/benchmark.sh            # build (Release) and run everything
#   bash scripts/benchmark.sh grid       # only the N x G x version grid
#   bash scripts/benchmark.sh idle       # only the idle-membership probe
#   bash scripts/benchmark.sh memory     # only the steady-state memory probe
#   bash scripts/benchmark.sh control    # only N=1000 G=20, MLDv1 and MLDv2, and baselines
#   bash scripts/benchmark.sh snooping   # only the snooping switch against flooding
#
# Each part ends with "TARGET" lines: the figure against its target (issue 10 §3),
# "met" or "NOT met". Control plane at N=1000 G=20 (grid and control): MLD run's wall
# time at most 1.5x its baseline's, peak RSS at most 1.2x. Idle probe: 0 events.
# Memory probe: at most 256 B per record, with and without ns-3's FqCoDel.
#
# Grid: one CSMA LAN, a querier and N hosts joined to G groups each, for
# N = 10, 100, 1000, G = 1, 20, MLDv1 and MLDv2, SIM_TIME simulated seconds
# with churn during the first two thirds: hosts leave a random group and rejoin
# it 1 s later, one such churn every LAN_CHURN_GAP s on average on the whole
# LAN (--churnMean = N x LAN_CHURN_GAP per host). The churn rate is per LAN,
# not per host: with a per-host rate, MLDv2 (no report suppression, RFC 9777)
# answers each leave's two Multicast Address Specific Queries with ~2 N
# reports, each delivered to N nodes, so the 1000-host runs grow as N^3 and
# cannot finish in the time budget. Every scenario runs in its own
# process, followed by its baseline: the same topology without MLD carrying
# as many plain ICMPv6 packets as the MLD run sent (--baselinePackets).
#
# Idle probe: no churn, QueryInterval 100000 s (one startup General Query),
# events counted in [IDLE_FROM, IDLE_SIM_TIME): after the initial reports an
# idle membership must not schedule anything, so the count is 0 for any N x G.
# The window starts after ns-3's own Router Solicitation retransmissions
# (RFC 7559 backoff, 4 at most), which the 0-packet baseline also shows.
#
# Memory probe: no churn, no queue discs (--queueDisc=false: ns-3's default
# FqCoDel keeps a child queue disc per flow, i.e. per group an MLDv1 host
# reports to), heap in use once idle, for N = MEM_HOSTS and 2 x MEM_HOSTS and
# G = 1 and 20; the N x G coefficient of heap = a + bN + cG + dNG is the
# steady-state heap cost of one membership record (per-group state of the
# querier and per-host state drop out).
#
# Snooping: examples/mld-snooping-benchmark.cc, one switch with a router port (R, MLDv1
# querier and source of one group at 100 pkt/s from 5 to SNOOP_SIM_TIME s) and N host
# ports, SNOOP_MEMBERS of them listening, N in SNOOP_PORTS; snooping on, then off
# (flooding, as BridgeNetDevice): data frames delivered to hosts, wall time, peak RSS.
#
# Environment: BENCH_BUILD_DIR (build-bench), SNOOP_PORTS ("100 1000"), SNOOP_MEMBERS (10),
# SNOOP_SIM_TIME (30), SIM_TIME (60), LAN_CHURN_GAP (5),
# HOSTS ("10 100 1000"), GROUPS_LIST ("1 20"), VERSIONS ("1 2"),
# IDLE_HOSTS ("10 1000"), IDLE_SIM_TIME (300), IDLE_FROM (120),
# MEM_HOSTS (100), BENCH_SKIP_BUILD (unset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${BENCH_BUILD_DIR:-build-bench}
sim_time=${SIM_TIME:-60}
lan_churn_gap=${LAN_CHURN_GAP:-5}
hosts_list=${HOSTS:-"10 100 1000"}
groups_list=${GROUPS_LIST:-"1 20"}
versions=${VERSIONS:-"1 2"}
idle_hosts=${IDLE_HOSTS:-"10 1000"}
idle_sim_time=${IDLE_SIM_TIME:-300}
idle_from=${IDLE_FROM:-120}
mem_hosts=${MEM_HOSTS:-100}
snoop_ports=${SNOOP_PORTS:-"100 1000"}
snoop_members=${SNOOP_MEMBERS:-10}
snoop_sim_time=${SNOOP_SIM_TIME:-30}
what=${1:-all}

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build_dir" -j 2 --target mld-benchmark mld-snooping-benchmark >/dev/null
fi
snoop_bench=$build_dir/bin/mld-snooping-benchmark

if [ "$what" = snooping ]; then
  # Only the snooping switch: the other parts need mld-benchmark's header.
  echo "== Snooping switch: 1 router port + N host ports, ${snoop_members} members," \
       "100 pkt/s from 5 to ${snoop_sim_time} s; snooping on, then off (flooding)"
  for n in $snoop_ports; do
    for snooping in true false; do
      "$snoop_bench" --ports="$n" --members="$snoop_members" --simTime="$snoop_sim_time" \
        --snooping="$snooping" | tail -1
    done
  done | awk '{ print }
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      key = f["ports"]
      if (f["snooping"] == "on") { on[key] = f["delivered"]; onw[key] = f["wall_s"]; onr[key] = f["peak_rss_mib"] }
      else { off[key] = f["delivered"]; offw[key] = f["wall_s"]; offr[key] = f["peak_rss_mib"]; order[++n] = key } }
    END { for (i = 1; i <= n; i++) { k = order[i]; x = (on[k] > 0) ? off[k] / on[k] : 0
      printf "SNOOPING ports=%s delivered on/off = %d / %d (%.0fx fewer), wall on/off = %.2f / %.2f s, peak RSS on/off = %.1f / %.1f MiB\n",
        k, on[k], off[k], x, onw[k], offw[k], onr[k], offr[k] } }'
  exit 0
fi
bench=$build_dir/bin/mld-benchmark
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

header=$("$bench" --header --hosts=1 --simTime=0.001 | head -1)

# Columns of a result line (see the header):
#  1 mode 2 ver 3 N 4 G 5 wall_s 6 events 7 sim/real 8 peakRSS_MiB 9 B/record
# 10 ns3_B/rec 11 mld_msgs 12 idle_events 13 heapIdle_B
run() {
  "$bench" "$@" | tail -1
}

# control_targets LABEL MLD_LINE BASELINE_LINE: the control-plane targets of one pair.
control_targets() {
  echo "$2 $3" | awk -v label="$1" '{
    wall = $18 > 0 ? $5 / $18 : 0; rss = $21 > 0 ? $8 / $21 : 0
    printf "TARGET control-plane %s wall MLD / baseline <= 1.5: %.2f (%.2f s / %.2f s) %s\n",
      label, wall, $5, $18, wall <= 1.5 ? "met" : "NOT met"
    printf "TARGET control-plane %s peak RSS MLD / baseline <= 1.2: %.3f (%.1f MiB / %.1f MiB) %s\n",
      label, rss, $8, $21, rss <= 1.2 ? "met" : "NOT met" }'
}

if [ "$what" = all ] || [ "$what" = grid ]; then
  echo "== Grid: simTime=${sim_time}s, churnMean=N x ${lan_churn_gap}s (MLD run, then its baseline)"
  echo "$header"
  start=$(date +%s)
  rows=()
  for n in $hosts_list; do
    for g in $groups_list; do
      for v in $versions; do
        common=(--hosts="$n" --groups="$g" --simTime="$sim_time"
          --churnMean="$((n * lan_churn_gap))")
        mld=$(run "${common[@]}" --mldVersion="$v")
        echo "$mld"
        msgs=$(echo "$mld" | awk '{print $11}')
        base=$(run "${common[@]}" --baseline --baselinePackets="$msgs")
        echo "$base"
        rows+=("$mld|$base")
      done
    done
  done
  end=$(date +%s)
  echo
  echo "== Summary (MLD run vs. its baseline; *_x = MLD / baseline)"
  printf '%-3s %-5s %-3s %8s %8s %7s %11s %11s %7s %9s %8s %9s %9s %8s %6s\n' \
    ver N G mld_s base_s wall_x mld_events base_events ev_x sim/real RSS_MiB B/record mld_msgs ev/msg idle
  for row in "${rows[@]}"; do
    IFS='|' read -r mld base <<<"$row"
    echo "$mld $base" | awk '{
      # Wall-time ratios of runs under 0.05 s are rounding noise: not printed.
      wall_x = ($5 >= 0.05 && $18 >= 0.05) ? sprintf("%7.2f", $5 / $18) : sprintf("%7s", "-")
      printf "%-3s %-5s %-3s %8.2f %8.2f %s %11d %11d %7.2f %9.1f %8.1f %9d %9d %8.0f %6d\n",
        $2, $3, $4, $5, $18, wall_x, $6, $19,
        ($19 > 0 ? $6 / $19 : 0), $7, $8, $9, $11, ($11 > 0 ? $6 / $11 : 0), $12 }'
  done
  echo "grid wall time (all runs, incl. set-up): $((end - start)) s"
  for row in "${rows[@]}"; do
    IFS='|' read -r mld base <<<"$row"
    read -r _ v n g _ <<<"$mld"
    if [ "$n" = 1000 ] && [ "$g" = 20 ]; then
      control_targets "N=1000 G=20 v$v" "$mld" "$base"
    fi
  done
  echo
fi

if [ "$what" = control ]; then
  echo "== Control plane: N=1000 G=20, simTime=${sim_time}s, churnMean=N x ${lan_churn_gap}s (MLD run, then its baseline)"
  echo "$header"
  targets=()
  for v in $versions; do
    common=(--hosts=1000 --groups=20 --simTime="$sim_time" --churnMean="$((1000 * lan_churn_gap))")
    mld=$(run "${common[@]}" --mldVersion="$v")
    echo "$mld"
    msgs=$(echo "$mld" | awk '{print $11}')
    base=$(run "${common[@]}" --baseline --baselinePackets="$msgs")
    echo "$base"
    targets+=("$(control_targets "N=1000 G=20 v$v" "$mld" "$base")")
  done
  printf '%s\n' "${targets[@]}"
  echo
fi

if [ "$what" = all ] || [ "$what" = idle ]; then
  echo "== Idle probe: churnMean=0, queryInterval=100000 s, simTime=${idle_sim_time}s," \
       "idle window [${idle_from}, ${idle_sim_time}) s"
  echo "$header"
  for n in $idle_hosts; do
    for g in $groups_list; do
      for v in $versions; do
        run --hosts="$n" --groups="$g" --mldVersion="$v" --simTime="$idle_sim_time" \
          --churnMean=0 --queryInterval=100000 --idleFrom="$idle_from"
      done
    done
    run --hosts="$n" --baseline --baselinePackets=0 --simTime="$idle_sim_time" \
      --idleFrom="$idle_from"
  done | tee "$tmp/idle.txt"
  awk '$1 == "mld" { n++; if ($12 != 0) bad++ }
    END { printf "TARGET idle events of idle memberships == 0: %d of %d runs with events %s\n",
      bad, n, bad == 0 ? "met" : "NOT met" }' "$tmp/idle.txt"
  echo
fi

if [ "$what" = all ]; then
  echo "== Snooping switch (bash scripts/benchmark.sh snooping)"
  BENCH_SKIP_BUILD=1 BENCH_BUILD_DIR="$build_dir" bash "${BASH_SOURCE[0]}" snooping
  echo
fi

if [ "$what" = all ] || [ "$what" = memory ]; then
  n2=$((2 * mem_hosts))
  echo "== Memory probe: N=${mem_hosts} and ${n2}, G=1 and 20, churnMean=0, queryInterval=100000 s," \
       "--queueDisc=false, heap in use at t=${idle_from}s (heapIdle_B)"
  echo "   heap = a + b N + c G + d N G, solved from the four runs: d = bytes per record"
  echo "$header"
  for v in $versions; do
    lines=()
    for n in "$mem_hosts" "$n2"; do
      for g in 1 20; do
        line=$(run --hosts="$n" --groups="$g" --mldVersion="$v" --simTime="$idle_sim_time" \
          --churnMean=0 --queryInterval=100000 --idleFrom="$idle_from" --queueDisc=false)
        echo "$line"
        lines+=("$line")
      done
    done
    printf '%s\n' "${lines[@]}" | awk -v n="$mem_hosts" -v v="$v" '
      { h[NR] = $13 }
      END {
        d = ((h[4] - h[3]) - (h[2] - h[1])) / (n * 19)
        c = ((h[2] - h[1]) - n * 19 * d) / 19
        b = ((h[3] - h[1]) - n * d) / n
        printf "MLDv%s steady state: %.0f B per record (N x G term), %.0f B per group, %.0f B per host\n", v, d, c, b
        printf "TARGET MLDv%s bytes per record <= 256: %.0f %s\n", v, d, d <= 256 ? "met" : "NOT met"
      }'
  done
  echo "With ns-3's default FqCoDel root queue disc (MLDv1 reports go to the group; MldPacketFilter"
  echo "puts all MLD messages of an interface into one flow):"
  one=$(run --hosts="$mem_hosts" --groups=1 --mldVersion=1 --simTime="$idle_sim_time" \
    --churnMean=0 --queryInterval=100000 --idleFrom="$idle_from")
  twenty=$(run --hosts="$mem_hosts" --groups=20 --mldVersion=1 --simTime="$idle_sim_time" \
    --churnMean=0 --queryInterval=100000 --idleFrom="$idle_from")
  echo "$one"
  echo "$twenty"
  echo "$one $twenty" | awk -v n="$mem_hosts" '{
    d = ($26 - $13) / (n * 19)
    printf "MLDv1, FqCoDel kept: (heap(G=20) - heap(G=1)) / (N x 19) = (%d - %d) / (%d x 19) = %.0f B\n",
      $26, $13, n, d
    printf "TARGET MLDv1 bytes per record with FqCoDel <= 256: %.0f %s\n", d, d <= 256 ? "met" : "NOT met" }'
  echo
fi
