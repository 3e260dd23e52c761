#!/usr/bin/env bash
#
# Live MLD interoperability test: the ns-3 `mld` module against the Linux kernel.
#
#   scripts/linux-interop-test.sh [path/to/mld-linux-interop]
#
# Builds real peers on this machine (network namespaces, veth pairs and a Linux
# bridge doing MLD snooping) and runs examples/mld-linux-interop in real time
# on one veth end through a packet socket:
#
#   netns mldi-sw:  mldi-br (bridge, mcast_snooping 1)
#                     |- mldi-n3p  <veth>  mldi-n3   <- the ns-3 node (packet socket)
#                     `- mldi-h1p  <veth>  mldi-h1   (in netns mldi-h1: a Linux host)
#
# The s cases build their own (names "mlds-*"): the ns-3 querier on port 0 of a snooping,
# not querying, bridge mlds-br in netns mlds-sw, and Linux hosts mlds-h1..3 (each in its
# own netns) on ports 1 to 3:
#
#   netns mlds-sw:  mlds-br (mcast_snooping 1, mcast_querier 0)
#                     |- mlds-n3p <veth> mlds-n3  <- ns-3 MLD querier (packet socket)
#                     |- mlds-h1p <veth> mlds-h1  (netns mlds-h1: Linux host) ... h2, h3
#
# Nothing is created in the root namespace; every name starts with "mldi" or "mlds".
# Cases (MLD_INTEROP_CASES="a-v2h b-ssm p-v2" runs a subset):
#   a-v1, a-v2  ns-3 MLDv1 host <-> Linux bridge querier (mcast_mld_version 1, 2):
#               the bridge learns ff15::1234 on the ns-3 port (bridge mdb show), its
#               general queries are answered, and the entry goes after the ns-3 Done.
#   a-v2h       the same with an ns-3 MLDv2 host (--hostVersion 2) and an MLDv2
#               bridge: joins are TO_EX {}, answers IS_EX {}, the leave TO_IN {}.
#   a-ssm       ns-3 MLDv2 host joins (2001:db8::5, ff35::beef) source-specifically
#               (--source): the bridge lists that source (ALLOW), then drops it (BLOCK).
#   b-v1        Linux host (force_mld_version 1) joins ff15::1234 with the socket API
#               <-> ns-3 MLDv1 querier: its listener table shows the group, and drops
#               it after the host leaves (Done).
#   b-v2        Linux host (force_mld_version 2) <-> ns-3 MLDv2 querier
#               (--querierVersion 2): the group is listed in filter mode EXCLUDE {},
#               the host answers the ns-3 MLDv2 queries, and after its TO_IN {} the
#               group goes after the Multicast Address Specific Queries.
#   b-ssm       Linux host (force_mld_version 2) joins (2001:db8::5, ff35::beef) with
#               MCAST_JOIN_SOURCE_GROUP <-> ns-3 MLDv2 querier: the group is listed
#               INCLUDE {2001:db8::5}; after MCAST_LEAVE_SOURCE_GROUP (BLOCK) it goes
#               after the Multicast Address and Source Specific Queries.
#   p-v1        ns-3 MLD proxy (RFC 4605, MldProxyHelper): upstream the packet socket
#               on the bridge, downstream a simulated CSMA LAN with two ns-3 MLDv2
#               listeners (L1, L2) under the proxy's MLDv2 querier, <-> Linux bridge
#               querier, mcast_mld_version 1. L1 joins ff15::1234, then L2; L1 leaves,
#               then L2. The proxy's upstream part (MLDv2 with fallback) speaks MLDv1
#               to the bridge: one membership on the ns-3 port from the first join,
#               kept by its answers to the queries across more than one membership
#               interval (7 s here), no Done when L1 leaves, a Done one Last Listener
#               Query Time (downstream) after L2 leaves, and the entry goes.
#   p-v2        the same with an MLDv2 bridge and an MLDv2 upstream: TO_EX {},
#               IS_EX {} answers, TO_IN {}; the bridge lists filter_mode exclude.
#   p-ssm       the listeners join (2001:db8::5, ff35::beef) source-specifically: the
#               proxy sends ALLOW {2001:db8::5}, IS_IN answers, BLOCK after the last
#               leave; the bridge lists that source, filter_mode include.
#   s-v1, s-v2  side by side: one join/leave script (S_ASM_SCRIPT: "TIME hK join|leave
#               GROUP [SOURCE]" or "TIME hK mute" items) drives three Linux hosts
#               (force_mld_version 1, 2; socket API; mute: a blackhole qdisc, the host
#               falls silent without leaving) on the Linux bridge above, under the ns-3
#               MLDv1/MLDv2 querier in real time, and three ns-3 hosts on the ns-3
#               MldSnoopingBridgeNetDevice under the same querier configuration in
#               simulated time (examples/mld-snooping-compare, next to mld-linux-interop
#               or $MLD_SNOOPING_COMPARE). Both bridges: membership interval 9 s (query
#               interval 4 s, response 1 s), last member count 2 x 1 s. Both MDBs are
#               sampled every 0.1 s (bridge -j -d mdb show; GetMdb) as port/group/source/
#               mode; for each entry of the script's groups, the intervals when it was
#               listed must be as many on both sides, and their starts and ends within one
#               query interval (4 s) of each other; the script's every membership must
#               appear. Evidence: script, Linux and ns-3 intervals side by side.
#   s-ssm       the same with source-specific joins (MCAST_JOIN_SOURCE_GROUP) of
#               ff35::beef, MLDv2: the (S,G) entries and the INCLUDE group lines.
# (The p cases turn the bridge's querier off and on once ns-3 has started, so that its
# startup queries are not gone before ns-3 listens.)
# Prints PASS/FAIL/SKIP with evidence per case, then "N passed, N failed, N skipped".
# Exit status: 0 if nothing failed, 1 if a case failed, 77 if this machine cannot
# run the test (not root, no network namespaces, no bridge): CTest marks that skipped.
#
# Needs: iproute2 (ip, bridge), python3, util-linux (flock); tshark is optional
# (without it the evidence comes from the ns-3 log only). Takes about 4 minutes (the s
# cases about 80 s).
# Logs and pcaps stay in $MLD_INTEROP_OUT (default ${TMPDIR:-/tmp}/mld-linux-interop).

set -u

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$SCRIPT_DIR")
OUT=${MLD_INTEROP_OUT:-${TMPDIR:-/tmp}/mld-linux-interop}
GROUP=ff15::1234
SSM_GROUP=ff35::beef
SSM_SOURCE=2001:db8::5
NS3_MAC=02:4d:4c:44:00:01 # "MLD", locally administered
NS_SW=mldi-sw
NS_H=mldi-h1
BR=mldi-br
N3=mldi-n3   # the ns-3 node's end
N3P=mldi-n3p # its bridge port
H1=mldi-h1   # the Linux host's end (in netns mldi-h1)
H1P=mldi-h1p # its bridge port
# Cases s-*: their own names (prefix "mlds"), three Linux hosts on the bridge.
S_NS_SW=mlds-sw
S_BR=mlds-br
S_N3=mlds-n3   # the ns-3 querier's end
S_N3P=mlds-n3p # its bridge port: port 0 of the comparison
S_HOSTS=3      # mlds-hK (netns and its veth end), mlds-hKp (bridge port K)
# The join/leave scripts of the s cases, one definition for both sides:
# "TIME hK join|leave GROUP [SOURCE]" separated by ';' (examples/mld-snooping-compare.cc).
# H2 stays a member of ff15::1234 for 13 s, longer than the membership interval (9 s):
# only the querier's general queries keep it listed. "mute": the host falls silent
# without leaving (a blackhole qdisc; in ns-3 its device stops sending), so that its
# memberships age out one membership interval after its last report.
S_ASM_SCRIPT="1 h1 join $GROUP; 2 h2 join $GROUP; 3 h3 join ff15::5678; 7 h1 leave $GROUP;
 10 h3 leave ff15::5678; 11 h2 join ff15::5678; 12 h1 join ff15::9abc; 13.5 h1 mute;
 15 h2 leave $GROUP; 17 h2 leave ff15::5678"
S_SSM_SCRIPT="1 h1 join $SSM_GROUP $SSM_SOURCE; 2 h2 join $SSM_GROUP $SSM_SOURCE;
 3 h2 join $SSM_GROUP 2001:db8::6; 7 h1 leave $SSM_GROUP $SSM_SOURCE;
 8 h3 join $SSM_GROUP 2001:db8::7; 8.8 h3 mute;
 10 h2 leave $SSM_GROUP $SSM_SOURCE; 13 h2 leave $SSM_GROUP 2001:db8::6"
ALL_CASES=(a-v1 a-v2 a-v2h a-ssm b-v1 b-v2 b-ssm p-v1 p-v2 p-ssm s-v1 s-v2 s-ssm)
if [[ -n ${MLD_INTEROP_CASES:-} ]]; then
    read -r -a CASES <<<"$MLD_INTEROP_CASES"
    for c in "${CASES[@]}"; do
        [[ " ${ALL_CASES[*]} " == *" $c "* ]] || {
            printf 'error: unknown case %s (cases: %s)\n' "$c" "${ALL_CASES[*]}"
            exit 2
        }
    done
else
    CASES=("${ALL_CASES[@]}")
fi

PASSED=0
FAILED=0
SKIPPED=0
BG_PIDS=()

say() { printf '%s\n' "$*"; }
ev() { printf '     %s\n' "$*"; }

skip_all() {
    say "SKIP (all cases): $*"
    say "0 passed, 0 failed, ${#CASES[@]} skipped"
    exit 77
}

# --- the binary -----------------------------------------------------------------
BIN=${1:-}
if [[ -z $BIN ]]; then
    for candidate in "$ROOT_DIR"/build*/bin/mld-linux-interop; do
        [[ -x $candidate ]] && BIN=$candidate && break
    done
fi
if [[ -z $BIN || ! -x $BIN ]]; then
    say "error: mld-linux-interop not found (${BIN:-no path given}); build it with"
    say "  cmake -S $ROOT_DIR -B build && cmake --build build --target mld-linux-interop"
    exit 2
fi

# The ns-3 half of the s cases: next to it, unless MLD_SNOOPING_COMPARE names another.
COMPARE_BIN=${MLD_SNOOPING_COMPARE:-$(dirname "$BIN")/mld-snooping-compare}

# --- can this machine run it? ------------------------------------------------------
[[ $(id -u) -eq 0 ]] || skip_all "needs root (network namespaces, bridges, packet sockets); run as root"
command -v ip >/dev/null && command -v bridge >/dev/null ||
    skip_all "iproute2 (ip, bridge) is not installed"
[[ -d /proc/sys/net/ipv6 ]] || skip_all "the kernel has no IPv6"
command -v python3 >/dev/null || { say "error: python3 is needed (apt-get install python3)"; exit 2; }
HAVE_TSHARK=0
command -v tshark >/dev/null && HAVE_TSHARK=1

# One run at a time: the names are fixed.
exec 9>"${TMPDIR:-/tmp}/mld-linux-interop.lock"
if ! flock -w 240 9; then
    say "error: another linux-interop-test.sh run holds ${TMPDIR:-/tmp}/mld-linux-interop.lock"
    exit 1
fi

# --- topology ----------------------------------------------------------------------
remove_netns() {
    local ns=$1 pid
    ip netns list 2>/dev/null | grep -qw "^$ns" || return 0
    # processes a previous run left in our own namespace
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill "$pid" 2>/dev/null
    done
    ip netns del "$ns" 2>/dev/null
}

teardown() {
    # Our own background jobs that still run (jobs -pr: never a reaped, reusable pid).
    local pid running
    running=" $(jobs -pr | tr '\n' ' ') "
    for pid in "${BG_PIDS[@]}"; do
        [[ $running == *" $pid "* ]] && kill "$pid" 2>/dev/null
    done
    for pid in "${BG_PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
    BG_PIDS=()
    remove_netns "$NS_H"
    remove_netns "$NS_SW"
    local k
    for k in $(seq 1 "$S_HOSTS"); do
        remove_netns "mlds-h$k"
    done
    remove_netns "$S_NS_SW"
}

trap teardown EXIT
trap 'say "interrupted: tearing the topology down"; exit 130' INT TERM HUP

# Probe: a namespace and a snooping bridge.
teardown
if ! err=$(ip netns add "$NS_SW" 2>&1); then
    skip_all "cannot create network namespaces here (ip netns add: $err)"
fi
if ! err=$(ip -n "$NS_SW" link add "$BR" type bridge mcast_snooping 1 2>&1); then
    skip_all "cannot create a Linux bridge with MLD snooping here ($err)"
fi
teardown

# setup_switch QUERIER(0|1) MLD_VERSION(1|2) [QI QRI MEMBERSHIP_INTERVAL (centiseconds)]
setup_switch() {
    local querier=$1 version=$2 qi=${3:-500} qri=${4:-200} mi=${5:-26000}
    ip netns add "$NS_SW" || return 1
    ip -n "$NS_SW" link set lo up
    # Short timers (centiseconds): queries every 5 s with 2 s to answer, and a group
    # goes 2 x 0.5 s after a Done. Memberships otherwise last the default 260 s (the p
    # cases: queries every 3 s, 1 s to answer, memberships 2 x 3 + 1 = 7 s).
    ip -n "$NS_SW" link add "$BR" type bridge mcast_snooping 1 mcast_querier "$querier" \
        mcast_mld_version "$version" mcast_query_interval "$qi" \
        mcast_query_response_interval "$qri" mcast_membership_interval "$mi" \
        mcast_startup_query_interval 100 mcast_startup_query_count 2 \
        mcast_last_member_interval 50 mcast_last_member_count 2 || return 1
    ip -n "$NS_SW" link add "$N3" type veth peer name "$N3P" || return 1
    # Only ns-3 speaks on its veth; bridge ports have no IPv6 of their own.
    ip netns exec "$NS_SW" sysctl -qw "net.ipv6.conf.$N3.disable_ipv6=1" \
        "net.ipv6.conf.$N3P.disable_ipv6=1" "net.ipv6.conf.$BR.accept_dad=0" || return 1
    ip -n "$NS_SW" link set "$N3P" master "$BR" || return 1
    ip -n "$NS_SW" link set "$N3P" up
    ip -n "$NS_SW" link set "$N3" up
    ip -n "$NS_SW" link set "$BR" up
}

# add_host FORCE_MLD_VERSION
add_host() {
    local version=$1
    ip netns add "$NS_H" || return 1
    ip -n "$NS_H" link set lo up
    ip -n "$NS_SW" link add "$H1P" type veth peer name "$H1" netns "$NS_H" || return 1
    ip netns exec "$NS_SW" sysctl -qw "net.ipv6.conf.$H1P.disable_ipv6=1" || return 1
    ip -n "$NS_SW" link set "$H1P" master "$BR" || return 1
    ip -n "$NS_SW" link set "$H1P" up
    # No DAD: the link-local address is usable at once (RFC 3590 sources).
    ip netns exec "$NS_H" sysctl -qw "net.ipv6.conf.$H1.accept_dad=0" \
        "net.ipv6.conf.$H1.force_mld_version=$version" || return 1
    ip -n "$NS_H" link set "$H1" up
    local i
    for i in $(seq 1 50); do
        ip -n "$NS_H" -6 addr show dev "$H1" scope link 2>/dev/null | grep -q 'inet6 fe80' &&
            ! ip -n "$NS_H" -6 addr show dev "$H1" 2>/dev/null | grep -q tentative && return 0
        sleep 0.1
    done
    return 1
}

host_lladdr() {
    ip -n "$NS_H" -6 addr show dev "$H1" scope link | awk '/inet6 fe80/ {sub(/\/.*/, "", $2); print $2; exit}'
}

# start_capture PORT FILE [NETNS]: tshark on a bridge port in the switch namespace
start_capture() {
    local port=$1 file=$2 ns=${3:-$NS_SW} i
    [[ $HAVE_TSHARK -eq 1 ]] || return 0
    rm -f "$file"
    ip netns exec "$ns" tshark -i "$port" -f ip6 -w "$file" -q >"$file.log" 2>&1 &
    CAPTURE_PID=$!
    BG_PIDS+=("$CAPTURE_PID")
    for i in $(seq 1 50); do
        grep -q 'Capturing on' "$file.log" 2>/dev/null && return 0
        sleep 0.1
    done
    say "     (tshark did not start: $(tail -1 "$file.log"))"
}

stop_capture() {
    local file=$1
    [[ $HAVE_TSHARK -eq 1 && -n ${CAPTURE_PID:-} ]] || return 0
    sleep 0.3
    kill -INT "$CAPTURE_PID" 2>/dev/null
    wait "$CAPTURE_PID" 2>/dev/null
    CAPTURE_PID=
    [[ -s $file ]] || return 0
    tshark -r "$file" -Y icmpv6 -T fields -E separator=/t -e frame.time_epoch -e eth.src \
        -e ipv6.src -e ipv6.dst -e ipv6.plen -e icmpv6.type -e icmpv6.mld.maximum_response_delay \
        -e icmpv6.mld.maximum_response_code -e icmpv6.mld.multicast_address \
        -e icmpv6.mldr.mar.multicast_address -e icmpv6.mldr.mar.record_type \
        -e icmpv6.mld.source_address -e icmpv6.mld.flag.s -e icmpv6.mldr.mar.nb_sources \
        -e icmpv6.mldr.mar.source_address -e icmpv6.checksum.status >"$file.tsv" 2>/dev/null
}

# Wait for "START epoch=" in an ns-3 log; prints the epoch.
wait_start() {
    local log=$1 i
    for i in $(seq 1 100); do
        if grep -q '^START epoch=' "$log" 2>/dev/null; then
            sed -n 's/^START epoch=//p' "$log" | head -1
            return 0
        fi
        sleep 0.05
    done
    return 1
}

record() {
    local name=$1 verdict=$2
    case $verdict in
    PASS) PASSED=$((PASSED + 1)) ;;
    SKIP) SKIPPED=$((SKIPPED + 1)) ;;
    *) FAILED=$((FAILED + 1)) ;;
    esac
}

# run_analysis CASE ARGS...: evidence lines, then "RESULT <verdict> <why>" as last line
run_analysis() {
    local name=$1 out verdict
    shift
    out=$(python3 "$OUT/analyze.py" "$@" 2>&1)
    verdict=$(printf '%s\n' "$out" | sed -n 's/^RESULT \([A-Z]*\).*/\1/p' | tail -1)
    printf '%s\n' "$out" | grep -v '^RESULT ' | sed 's/^/     /'
    local why
    why=$(printf '%s\n' "$out" | sed -n 's/^RESULT [A-Z]* *//p' | tail -1)
    [[ -n $verdict ]] || { verdict=FAIL; why="the analysis failed (above)"; }
    say "$verdict $name: $why"
    record "$name" "$verdict"
}

# --- cases a and p: ns-3 host or proxy, Linux bridge querier ------------------------------
# case_a NAME BRIDGE_MLD_VERSION NS3_HOST_VERSION GROUP [SOURCE]
case_a() { run_upstream host "$@"; }
# case_p NAME BRIDGE_MLD_VERSION NS3_PROXY_UPSTREAM_VERSION GROUP [SOURCE]
# (the proxy's downstream querier is MLDv2, its two listeners MLDv2 with fallback)
case_p() { run_upstream proxy "$@"; }

# run_upstream host|proxy NAME BRIDGE_MLD_VERSION NS3_HOST_VERSION GROUP [SOURCE]
run_upstream() {
    local mode=$1 name=$2 version=$3 hostversion=$4 group=$5 source=${6:-} dir="$OUT/$2"
    local join=3 leave=12 duration=15 what pattern who switch=() ns3args=() analysis=()
    mkdir -p "$dir"
    what="joins $group"
    pattern="port $N3P grp $group( |\$)"
    if [[ -n $source ]]; then
        what="joins ($source, $group)"
        pattern="port $N3P grp $group src $source( |\$)"
    fi
    who="ns-3 MLDv$hostversion host"
    if [[ $mode == proxy ]]; then
        # L1 joins at 2, L2 at 3; L1 leaves at 11, L2 at 12: the group is on the ns-3
        # port for 10 s, longer than the bridge's membership interval (7 s).
        join=2 leave=12 duration=16
        switch=(300 100 700)
        ns3args=(--listeners=2 --stagger=1 --querierVersion=2 --queryInterval=3s
            --queryResponseInterval=1s --lastListenerQueryInterval=0.5s)
        analysis=(--proxy --llqt 1 --membership 7)
        who="ns-3 proxy (upstream MLDv${hostversion/#0/2-with-fallback}, downstream MLDv2 querier, listeners L1 L2)"
    fi
    say ""
    say "-- $name: $who $what <-> Linux bridge querier/snooper, mcast_mld_version $version"
    if ! setup_switch 1 "$version" "${switch[@]}" >"$dir/setup.log" 2>&1; then
        say "FAIL $name: topology setup failed: $(tail -2 "$dir/setup.log")"
        record "$name" FAIL
        teardown
        return
    fi
    start_capture "$N3P" "$dir/port.pcap"
    : >"$dir/mdb.txt"
    # Every 0.2 s: is the entry there (with a source: the source's own entry)? With
    # it, every line of the group on the ns-3 port (bridge -d: filter mode, sources).
    (
        while :; do
            now=$(date +%s.%N)
            lines=$(ip netns exec "$NS_SW" bridge -d mdb show 2>/dev/null | grep "port $N3P grp $group ")
            if printf '%s\n' "$lines" | grep -Eq "$pattern"; then
                echo "$now present $(printf '%s\n' "$lines" | tr -s ' ' | sed 's/ *$//' | paste -sd '|')"
            else
                echo "$now absent"
            fi
            sleep 0.2
        done
    ) >>"$dir/mdb.txt" 2>/dev/null &
    local poller=$!
    BG_PIDS+=("$poller")
    # In the background, so that a signal reaches our trap at once.
    timeout $((duration + 20)) ip netns exec "$NS_SW" "$BIN" --device="$N3" --mode="$mode" \
        --group="$group" ${source:+--source="$source"} --hostVersion="$hostversion" \
        --mac="$NS3_MAC" --joinAt="$join" --leaveAt="$leave" \
        --duration="$duration" "${ns3args[@]}" >"$dir/ns3.log" 2>&1 &
    local ns3=$!
    BG_PIDS+=("$ns3")
    if [[ $mode == proxy ]] && wait_start "$dir/ns3.log" >/dev/null; then
        # The proxy's MLDv2-with-fallback upstream must hear an MLDv1 query before its
        # first join (2 s): the bridge's startup queries went out when it came up, maybe
        # before a slow start of tshark and ns-3; turning its querier off and on again
        # sends them anew (br_multicast_set_querier restarts the startup queries).
        ip -n "$NS_SW" link set "$BR" type bridge mcast_querier 0
        ip -n "$NS_SW" link set "$BR" type bridge mcast_querier 1
    fi
    wait "$ns3"
    local rc=$?
    kill "$poller" 2>/dev/null
    wait "$poller" 2>/dev/null
    ip netns exec "$NS_SW" bridge -d mdb show >"$dir/mdb-final.txt" 2>&1
    stop_capture "$dir/port.pcap"
    if [[ $rc -ne 0 ]]; then
        say "FAIL $name: mld-linux-interop exited with $rc: $(tail -3 "$dir/ns3.log" | tr '\n' ' ')"
        record "$name" FAIL
    else
        run_analysis "$name" a --version "$version" --host-version "$hostversion" \
            --log "$dir/ns3.log" --mdb "$dir/mdb.txt" --pcap "$dir/port.pcap.tsv" \
            --mac "$NS3_MAC" --group "$group" ${source:+--source "$source"} --port "$N3P" \
            "${analysis[@]}"
    fi
    teardown
}

# --- case b: Linux host, ns-3 querier ---------------------------------------------------
# case_b NAME LINUX_FORCE_MLD_VERSION NS3_QUERIER_VERSION GROUP [SOURCE]
case_b() {
    local name=$1 version=$2 qversion=$3 group=$4 source=${5:-} dir="$OUT/$1"
    local join=3 leave=10 duration=14 what="joins $group by socket API"
    mkdir -p "$dir"
    [[ -n $source ]] && what="joins ($source, $group) by MCAST_JOIN_SOURCE_GROUP"
    say ""
    say "-- $name: Linux host (force_mld_version $version) $what <-> ns-3 MLDv$qversion querier"
    if ! { setup_switch 0 2 && add_host "$version"; } >"$dir/setup.log" 2>&1; then
        say "FAIL $name: topology setup failed: $(tail -2 "$dir/setup.log")"
        record "$name" FAIL
        teardown
        return
    fi
    local hostll
    hostll=$(host_lladdr)
    start_capture "$N3P" "$dir/port.pcap"
    timeout $((duration + 20)) ip netns exec "$NS_SW" "$BIN" --device="$N3" --mode=querier \
        --group="$group" --mac="$NS3_MAC" --duration="$duration" --tableEvery=0.5 \
        --querierVersion="$qversion" --queryInterval=5s --queryResponseInterval=2s \
        --lastListenerQueryInterval=1s >"$dir/ns3.log" 2>&1 &
    local ns3=$!
    BG_PIDS+=("$ns3")
    local epoch0
    if ! epoch0=$(wait_start "$dir/ns3.log"); then
        wait "$ns3"
        say "FAIL $name: mld-linux-interop did not start: $(tail -3 "$dir/ns3.log" | tr '\n' ' ')"
        record "$name" FAIL
        teardown
        return
    fi
    # The Linux host joins at ns-3 time $join and leaves at $leave (closing the socket
    # would leave too; the leave option makes the moment explicit). With a source:
    # RFC 3678 MCAST_JOIN_SOURCE_GROUP / MCAST_LEAVE_SOURCE_GROUP (46 / 47 on Linux),
    # struct group_source_req { uint32_t gsr_interface; struct sockaddr_storage
    # gsr_group, gsr_source; }: the storages are 8-aligned, so 4 bytes of padding
    # after the index: 4 + 4 + 128 + 128 = 264 bytes on x86_64.
    ip netns exec "$NS_H" python3 - "$group" "$H1" "$epoch0" "$join" "$leave" "$source" >"$dir/host.log" 2>&1 <<'EOF' &
import ctypes, socket, struct, sys, time
group, ifname, epoch0, join, leave, source = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
ifindex = socket.if_nametoindex(ifname)
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
if source:
    MCAST_JOIN_SOURCE_GROUP = getattr(socket, "MCAST_JOIN_SOURCE_GROUP", 46)
    MCAST_LEAVE_SOURCE_GROUP = getattr(socket, "MCAST_LEAVE_SOURCE_GROUP", 47)

    def storage(addr):
        # struct sockaddr_in6 (family, port, flowinfo, address, scope id) in a sockaddr_storage
        sin6 = struct.pack("@HHI16sI", socket.AF_INET6, 0, 0, socket.inet_pton(socket.AF_INET6, addr), 0)
        return sin6.ljust(128, b"\0")

    # The storages' alignment (that of unsigned long) decides the padding after the index.
    align = ctypes.alignment(ctypes.c_ulong)
    head = struct.pack("@I", ifindex)
    head += b"\0" * (-len(head) % align)
    req = head + storage(group) + storage(source)
    print("group_source_req: %d bytes (index, %d bytes of padding, group, source)" % (len(req), len(head) - 4), flush=True)
    join_opt, leave_opt, how = MCAST_JOIN_SOURCE_GROUP, MCAST_LEAVE_SOURCE_GROUP, ("MCAST_JOIN_SOURCE_GROUP", "MCAST_LEAVE_SOURCE_GROUP")
else:
    req = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", ifindex)
    join_opt, leave_opt, how = socket.IPV6_JOIN_GROUP, socket.IPV6_LEAVE_GROUP, ("IPV6_JOIN_GROUP", "IPV6_LEAVE_GROUP")
time.sleep(max(0.0, epoch0 + join - time.time()))
s.setsockopt(socket.IPPROTO_IPV6, join_opt, req)
print("JOINED epoch=%.6f how=%s" % (time.time(), how[0]), flush=True)
time.sleep(max(0.0, epoch0 + leave - time.time()))
s.setsockopt(socket.IPPROTO_IPV6, leave_opt, req)
print("LEFT epoch=%.6f how=%s" % (time.time(), how[1]), flush=True)
s.close()
EOF
    local joiner=$!
    BG_PIDS+=("$joiner")
    # What the Linux host itself says while joined.
    sleep "$(python3 -c "import time; print(max(0.0, $epoch0 + ($join + $leave) / 2 - time.time()))")" &
    wait $!
    {
        ip -n "$NS_H" -6 maddr show dev "$H1"
        echo "# /proc/net/mcfilter6 (Idx Device Multicast-Address Source-Address INC EXC)"
        ip netns exec "$NS_H" cat /proc/net/mcfilter6
    } >"$dir/host-maddr.txt" 2>&1
    ip netns exec "$NS_SW" bridge -d mdb show >"$dir/mdb-mid.txt" 2>&1
    wait "$joiner"
    wait "$ns3"
    local rc=$?
    stop_capture "$dir/port.pcap"
    if [[ $rc -ne 0 ]]; then
        say "FAIL $name: mld-linux-interop exited with $rc: $(tail -3 "$dir/ns3.log" | tr '\n' ' ')"
        record "$name" FAIL
    else
        run_analysis "$name" b --version "$version" --querier-version "$qversion" \
            --log "$dir/ns3.log" --host-log "$dir/host.log" --host-maddr "$dir/host-maddr.txt" \
            --host-ll "$hostll" --mdb "$dir/mdb-mid.txt" --pcap "$dir/port.pcap.tsv" \
            --mac "$NS3_MAC" --group "$group" ${source:+--source "$source"} \
            --llqi 1 --llqc 2 --qi 5 --qri 2
    fi
    teardown
}

# --- case s: one join/leave script on the Linux snooping bridge and on the ns-3 one -----
# Timers (s) of both bridges and of the querier (the ns-3 MldQuerier on both sides):
# queries every 4 s, 1 s to answer, membership interval 2 x 4 + 1 = 9 s, a leave (or a
# Multicast Address Specific Query) lowers a member's timer to 2 x 1 s.
S_QI=4
S_QRI=1
S_LLQI=1
S_LLQC=2
S_MI=9

# setup_snoop_switch MLD_VERSION: the Linux bridge (snooping, not querying), port 0 for
# the ns-3 querier, ports 1..S_HOSTS with a Linux host each (force_mld_version).
setup_snoop_switch() {
    local version=$1 k h hp
    ip netns add "$S_NS_SW" || return 1
    ip -n "$S_NS_SW" link set lo up
    ip -n "$S_NS_SW" link add "$S_BR" type bridge mcast_snooping 1 mcast_querier 0 \
        mcast_mld_version "$version" mcast_membership_interval $((S_MI * 100)) \
        mcast_last_member_interval $((S_LLQI * 100)) mcast_last_member_count "$S_LLQC" \
        mcast_query_interval $((S_QI * 100)) mcast_query_response_interval $((S_QRI * 100)) ||
        return 1
    ip -n "$S_NS_SW" link add "$S_N3" type veth peer name "$S_N3P" || return 1
    # The bridge itself joins nothing (no IPv6): its MDB has the ports' entries only.
    ip netns exec "$S_NS_SW" sysctl -qw "net.ipv6.conf.$S_BR.disable_ipv6=1" \
        "net.ipv6.conf.$S_N3.disable_ipv6=1" "net.ipv6.conf.$S_N3P.disable_ipv6=1" || return 1
    ip -n "$S_NS_SW" link set "$S_N3P" master "$S_BR" || return 1
    for k in $(seq 1 "$S_HOSTS"); do
        h=mlds-h$k hp=mlds-h${k}p
        ip netns add "$h" || return 1
        ip -n "$h" link set lo up
        ip -n "$S_NS_SW" link add "$hp" type veth peer name "$h" netns "$h" || return 1
        ip netns exec "$S_NS_SW" sysctl -qw "net.ipv6.conf.$hp.disable_ipv6=1" || return 1
        ip -n "$S_NS_SW" link set "$hp" master "$S_BR" || return 1
        ip netns exec "$h" sysctl -qw "net.ipv6.conf.$h.accept_dad=0" \
            "net.ipv6.conf.$h.force_mld_version=$version" || return 1
        ip -n "$S_NS_SW" link set "$hp" up
        ip -n "$h" link set "$h" up
    done
    ip -n "$S_NS_SW" link set "$S_N3P" up
    ip -n "$S_NS_SW" link set "$S_N3" up
    ip -n "$S_NS_SW" link set "$S_BR" up
    for k in $(seq 1 "$S_HOSTS"); do
        for i in $(seq 1 50); do
            ip -n "mlds-h$k" -6 addr show dev "mlds-h$k" scope link 2>/dev/null | grep -q 'inet6 fe80' &&
                ! ip -n "mlds-h$k" -6 addr show dev "mlds-h$k" | grep -q tentative && break
            sleep 0.1
        done
    done
}

# case_s NAME MLD_VERSION SCRIPT DURATION: SCRIPT drives S_HOSTS MLDv<version> hosts on
# the Linux bridge (Linux hosts, socket API) and on the ns-3 bridge (ns-3 hosts, in
# examples/mld-snooping-compare, simulated time); both MDBs are sampled every 0.1 s and
# their entries' intervals compared.
case_s() {
    local name=$1 version=$2 script=$3 duration=$4 dir="$OUT/$1" k pids=() hosts=()
    mkdir -p "$dir"
    say ""
    say "-- $name: one join/leave script, $S_HOSTS MLDv$version hosts and an ns-3 MLDv$version querier: Linux bridge (mcast_snooping 1, mcast_mld_version $version) <-> ns-3 MldSnoopingBridgeNetDevice"
    if [[ ! -x $COMPARE_BIN ]]; then
        say "FAIL $name: mld-snooping-compare not found ($COMPARE_BIN); build it"
        record "$name" FAIL
        return
    fi
    # The ns-3 side: simulated time, a fraction of a second.
    # (commas for spaces: ns-3's CommandLine cuts a string option at its first space)
    if ! "$COMPARE_BIN" --mldVersion="$version" --hosts="$S_HOSTS" \
        --script="$(printf '%s' "$script" | tr -s ' \n\t' ',')" \
        --queryInterval="${S_QI}s" --queryResponseInterval="${S_QRI}s" \
        --lastListenerQueryInterval="${S_LLQI}s" --memberInterval="${S_MI}s" \
        --lastMemberCount="$S_LLQC" --sample=0.1 --duration="$duration" >"$dir/ns3-bridge.log" 2>&1; then
        say "FAIL $name: mld-snooping-compare failed: $(tail -2 "$dir/ns3-bridge.log" | tr '\n' ' ')"
        record "$name" FAIL
        return
    fi
    # The Linux side, in real time.
    if ! setup_snoop_switch "$version" >"$dir/setup.log" 2>&1; then
        say "FAIL $name: topology setup failed: $(tail -2 "$dir/setup.log")"
        record "$name" FAIL
        teardown
        return
    fi
    start_capture "$S_N3P" "$dir/querier-port.pcap" "$S_NS_SW"
    # The hosts and the sampler start first (python is slow to start under load) and wait
    # for the querier's START line: their times count from its time 0.
    for k in $(seq 1 "$S_HOSTS"); do
        ip netns exec "mlds-h$k" python3 "$OUT/snoop.py" host --name "h$k" --ifname "mlds-h$k" \
            --start-log "$dir/querier.log" --duration "$duration" --script "$script" >"$dir/h$k.log" 2>&1 &
        pids+=($!)
        hosts+=("mlds-h${k}p")
    done
    ip netns exec "$S_NS_SW" python3 "$OUT/snoop.py" sample --bridge "$S_BR" \
        --start-log "$dir/querier.log" --duration "$duration" --every 0.1 \
        --ports "$S_N3P ${hosts[*]}" >"$dir/linux-bridge.log" 2>&1 &
    pids+=($!)
    BG_PIDS+=("${pids[@]}")
    timeout $((duration + 20)) ip netns exec "$S_NS_SW" "$BIN" --device="$S_N3" --mode=querier \
        --group="$GROUP" --mac="$NS3_MAC" --duration="$duration" --querierVersion="$version" \
        --queryInterval="${S_QI}s" --queryResponseInterval="${S_QRI}s" \
        --lastListenerQueryInterval="${S_LLQI}s" >"$dir/querier.log" 2>&1 &
    local ns3=$!
    BG_PIDS+=("$ns3")
    if ! wait_start "$dir/querier.log" >/dev/null; then
        wait "$ns3"
        say "FAIL $name: mld-linux-interop did not start: $(tail -3 "$dir/querier.log" | tr '\n' ' ')"
        record "$name" FAIL
        teardown
        return
    fi
    wait "${pids[@]}"
    ip netns exec "$S_NS_SW" bridge -d mdb show >"$dir/mdb-final.txt" 2>&1
    wait "$ns3"
    local rc=$?
    stop_capture "$dir/querier-port.pcap"
    if [[ $rc -ne 0 ]]; then
        say "FAIL $name: mld-linux-interop exited with $rc: $(tail -3 "$dir/querier.log" | tr '\n' ' ')"
        record "$name" FAIL
    else
        run_snoop_compare "$name" --version "$version" --script "$script" --duration "$duration" \
            --qi "$S_QI" --linux "$dir/linux-bridge.log" --ns3 "$dir/ns3-bridge.log" \
            --hosts "$dir/h1.log $dir/h2.log $dir/h3.log"
    fi
    teardown
}

# run_snoop_compare CASE ARGS...: as run_analysis, with snoop.py compare
run_snoop_compare() {
    local name=$1 out verdict why
    shift
    out=$(python3 "$OUT/snoop.py" compare "$@" 2>&1)
    verdict=$(printf '%s\n' "$out" | sed -n 's/^RESULT \([A-Z]*\).*/\1/p' | tail -1)
    why=$(printf '%s\n' "$out" | sed -n 's/^RESULT [A-Z]* *//p' | tail -1)
    printf '%s\n' "$out" | grep -v '^RESULT ' | sed 's/^/     /'
    [[ -n $verdict ]] || { verdict=FAIL; why="the comparison failed (above)"; }
    say "$verdict $name: $why"
    record "$name" "$verdict"
}

# --- the analysis (python3) ---------------------------------------------------------------
write_analyzer() {
    cat >"$OUT/analyze.py" <<'EOF'
import argparse, re, socket

p = argparse.ArgumentParser()
p.add_argument("kind")
p.add_argument("--version", type=int)
p.add_argument("--host-version", type=int, default=1)
p.add_argument("--querier-version", type=int, default=1)
p.add_argument("--log")
p.add_argument("--mdb")
p.add_argument("--pcap")
p.add_argument("--mac")
p.add_argument("--group")
p.add_argument("--source", default="")
p.add_argument("--port")
p.add_argument("--host-log")
p.add_argument("--host-maddr")
p.add_argument("--host-ll")
p.add_argument("--llqi", type=float, default=1)
p.add_argument("--llqc", type=int, default=2)
p.add_argument("--qi", type=float, default=5)
p.add_argument("--qri", type=float, default=2)
# kind a with an ns-3 proxy: the JOIN/LEAVE lines are its downstream listeners'; the
# upstream leave comes one downstream Last Listener Query Time (--llqt) after the last
# leave; the bridge forgets an unrefreshed group after --membership s.
p.add_argument("--proxy", action="store_true")
p.add_argument("--llqt", type=float, default=0)
p.add_argument("--membership", type=float, default=0)
a = p.parse_args()

RNAMES = {1: "IS_IN", 2: "IS_EX", 3: "TO_IN", 4: "TO_EX", 5: "ALLOW", 6: "BLOCK"}
RTYPES = {v: k for k, v in RNAMES.items()}


def result(verdict, why):
    print("RESULT %s %s" % (verdict, why))
    raise SystemExit(0)


def read(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except (OSError, TypeError):
        return []


def norm(addr):
    """An IPv6 address in its canonical text form ('' if it is none)."""
    try:
        return socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, addr))
    except (OSError, ValueError):
        return ""


def fmt_rec(r):
    return "%s{%s}" % (RNAMES.get(r[0], "type%d" % r[0]), ",".join(r[2]))


def times(ts):
    return ", ".join("%.2f" % t for t in ts[:6]) + (", ..." if len(ts) > 6 else "")


GROUP = norm(a.group)
SOURCE = norm(a.source) if a.source else ""

log = read(a.log)
epoch0 = None
events = []  # (kind, t, fields)
for line in log:
    m = re.match(r"START epoch=([\d.]+)", line)
    if m:
        epoch0 = float(m.group(1))
        continue
    m = re.match(r"(TX|RX|V2TX|V2RX|JOIN|LEAVE|LISTENER_ADDED|LISTENER_REMOVED|HAS_LISTENERS|ENTRY|SOURCE|DROP|QUERIER|PROXY_DB) t=([\d.]+)(.*)", line)
    if m:
        fields = dict(re.findall(r"(\w+)=(\S+)", m.group(3)))
        fields["rest"] = m.group(3)
        if m.group(1) in ("V2TX", "V2RX"):
            # records=TYPE:group{s,s};...  ->  [(type, group, [sources])]
            recs = []
            for r in re.findall(r"(\w+):([0-9a-f:.]+)\{([^}]*)\}", fields.get("records", "")):
                recs.append((RTYPES.get(r[0], 0), norm(r[1]), [norm(x) for x in r[2].split(",") if x]))
            fields["recs"] = recs
        events.append((m.group(1), float(m.group(2)), fields))
if epoch0 is None:
    result("FAIL", "no START line in the ns-3 log %s" % a.log)
header = next((l for l in log if l.startswith("# mld-linux-interop")), "")

# Wire capture, times relative to the ns-3 start.
wire = []
for line in read(a.pcap):
    c = line.split("\t")
    c += [""] * (16 - len(c))
    if not c[5]:
        continue
    try:
        w = dict(t=float(c[0]) - epoch0, mac=c[1].lower(), src=norm(c[2]), dst=c[3],
                 plen=int(c[4] or 0), type=int(c[5].split(",")[0]),
                 mrd=c[6] or c[7], group=norm(c[8]) if c[8] else "",
                 qsources=[norm(x) for x in c[11].split(",") if x], sflag=c[12],
                 cksum=c[15])
        # MLDv2 report records: (type, group, [sources]); the sources come flattened.
        addrs = [norm(x) for x in c[9].split(",") if x]
        types = [int(x) for x in c[10].split(",") if x]
        counts = [int(x) for x in c[13].split(",") if x]
        flat = [norm(x) for x in c[14].split(",") if x]
        recs, k = [], 0
        for i, g in enumerate(addrs):
            n = counts[i] if i < len(counts) else 0
            recs.append((types[i] if i < len(types) else 0, g, flat[k:k + n]))
            k += n
        w["recs"] = recs
        wire.append(w)
    except ValueError:
        pass
have_wire = bool(wire)
drops = [e for e in events if e[0] == "DROP"]
if drops:
    print("ns-3 dropped %d MLD message(s): %s" % (len(drops), ", ".join(sorted({"%s on if=%s" % (d[2].get("reason", "?"), d[2].get("if", "?")) for d in drops}))))


def qversion(plen):
    # Hop-by-Hop (8) + MLDv1 query (24) = 32; MLDv2 queries are 28 bytes and more.
    return "MLDv1" if plen == 32 else ("MLDv2" if plen >= 36 else "plen %d" % plen)


def group_recs(recs):
    return [r for r in recs if r[1] == GROUP]


if a.kind == "a":
    joinev = next((e for e in events if e[0] == "JOIN"), None)
    # A proxy: the last of its listeners' leaves is the one that counts upstream.
    leaves = [e for e in events if e[0] == "LEAVE"]
    leaveev = leaves[-1] if leaves else None
    if joinev is None or leaveev is None:
        result("FAIL", "the ns-3 host did not join and leave (see %s)" % a.log)
    refused = [e for e in events if e[0] in ("JOIN", "LEAVE") and "REFUSED" in e[2]["rest"]]
    if refused:
        result("FAIL", "ns-3 refused a join or a leave:%s" % refused[0][2]["rest"])
    join, leave = joinev[1], leaveev[1]
    hv = 1 if a.host_version == 1 or (a.host_version == 0 and a.version == 1) else 2
    what = "(%s, %s)" % (SOURCE, GROUP) if SOURCE else GROUP
    ok = True
    why = []
    if a.proxy:
        print("ns-3 proxy: %s" % header[2:])
        # Upstream the proxy is a host (RFC 4605 §3): no query, and nothing of its
        # downstream LAN (the listeners' reports, its downstream queries) on the port.
        mine = [w for w in wire if w["mac"] == a.mac]
        if have_wire:
            kinds = {}
            for w in mine:
                kinds[w["type"]] = kinds.get(w["type"], 0) + 1
            srcs = sorted({w["src"] for w in mine})
            bad = [w for w in mine if w["cksum"] != "1"]
            print("pcap on the bridge port: ICMPv6 from the proxy: %s; sources %s; checksums %s"
                  % (", ".join("%d of type %d" % (n, k) for k, n in sorted(kinds.items())),
                     ", ".join(x or "::" for x in srcs),
                     "good" if not bad else "%d not good" % len(bad)))
            if any(w["type"] == 130 for w in mine):
                ok = False
                why.append("the proxy sent queries upstream")
            if len([x for x in srcs if x and x != "::"]) > 1:
                ok = False
                why.append("the proxy's upstream messages come from %d addresses (its downstream LAN leaks upstream?)" % len(srcs))
            if bad:
                ok = False
                why.append("%d ICMPv6 checksums from the proxy are not good" % len(bad))
        print("its listeners: %s" % "; ".join(
            "%s %s at t=%.2f s (MLDv%s)" % (f.get("node"), k.lower(), t, f.get("version", "?"))
            for k, t, f in events if k in ("JOIN", "LEAVE")))
        db = ["t=%.2f %s" % (t, f.get("filter")) for k, t, f in events if k == "PROXY_DB" and f.get("group") == GROUP]
        print("its membership database for %s (PROXY_DB): %s" % (GROUP, "; ".join(db) or "never changed"))
        if not db:
            ok = False
            why.append("the proxy's database never listed %s" % GROUP)
    else:
        print("ns-3 host: %s" % header[2:])
        print("ns-3 joined %s at t=%.2f s and left at t=%.2f s as an MLDv%s host"
              % (what, join, leave, joinev[2].get("version", "?")))
    if not a.proxy and joinev[2].get("version") != str(hv):
        ok = False
        why.append("ns-3 host in MLDv%s, not MLDv%d" % (joinev[2].get("version"), hv))
    # What a v2 host must say: join, answers, leave.
    if SOURCE:
        want_join, want_cur, want_leave = (5, GROUP, [SOURCE]), (1, GROUP, [SOURCE]), (6, GROUP, [SOURCE])
    else:
        want_join, want_cur, want_leave = (4, GROUP, []), (2, GROUP, []), (3, GROUP, [])

    # 1. bridge queries answered
    if have_wire:
        src = "pcap on the bridge port"
        queries = [w for w in wire if w["type"] == 130 and w["mac"] != a.mac and w["group"] == "::"]
        if hv == 1:
            reports = [w["t"] for w in wire if w["type"] == 131 and w["mac"] == a.mac and w["group"] == GROUP]
        else:
            reports = [w["t"] for w in wire if w["type"] == 143 and w["mac"] == a.mac and want_cur in w["recs"]]
        versions = sorted({qversion(q["plen"]) for q in queries})
        qinfo = [(q["t"], float(q["mrd"] or 0) / 1000.0) for q in queries]
    else:
        src = "ns-3 log"
        qinfo = [(t, float(a.qri)) for k, t, f in events if k == "RX" and f.get("type") == "130" and f.get("group") == "::"]
        if hv == 1:
            reports = [t for k, t, f in events if k == "TX" and f.get("type") == "131" and f.get("group") == GROUP]
        else:
            reports = [t for k, t, f in events if k == "V2TX" and want_cur in f["recs"]]
        versions = ["unknown (no capture)"]
    window = [(t, mrd) for t, mrd in qinfo if join <= t < leave]
    answered = []
    for t, mrd in window:
        r = [x for x in reports if t < x <= t + mrd + 0.5]
        if r:
            answered.append("%.2f s" % (r[0] - t))
    print("bridge general queries (%s): %d in all, version %s, Maximum Response Delay %s ms"
          % (src, len(qinfo), "/".join(versions) or "-",
             "/".join(sorted({"%d" % (m * 1000) for _, m in qinfo})) or "-"))
    print("  while joined (t=%.1f..%.1f s): %d, answered by an ns-3 %s for %s: %d (after %s)"
          % (join, leave, len(window), "v1 report" if hv == 1 else "MLDv2 report with %s" % fmt_rec(want_cur),
             what, len(answered), ", ".join(answered) or "-"))
    rx_q = sum(1 for k, t, f in events if k == "RX" and f.get("type") == "130")
    print("  ns-3 accepted %d queries (its log: RX type=130)" % rx_q)
    want = "MLDv%d" % a.version
    if have_wire and want not in versions:
        ok = False
        why.append("the bridge sent no %s query" % want)
    if not window or len(answered) != len(window):
        ok = False
        why.append("%d of %d bridge queries answered" % (len(answered), len(window)))

    # 1b. an MLDv2 host: what its reports said about the group (its own log: V2TX)
    if hv == 2:
        v2tx = [(t, r) for k, t, f in events if k == "V2TX" for r in group_recs(f["recs"])]
        v1tx = [t for k, t, f in events if k == "TX" and f.get("type") in ("131", "132")]
        summary = {}
        for t, r in v2tx:
            summary.setdefault(fmt_rec(r), []).append(t)
        print("ns-3 MLDv2 reports about %s (its log: V2TX): %s; MLDv1 reports/Dones sent: %d"
              % (GROUP, "; ".join("%s at t=%s" % (k, times(v)) for k, v in summary.items()) or "none", len(v1tx)))
        first_join = next((r for t, r in v2tx if t >= join - 0.01), None)
        # A proxy may still answer a query between the last leave and the downstream
        # expiry: its first record for the group then that is not the answer counts.
        first_leave = next((r for t, r in v2tx if t >= leave - 0.01 and not (a.proxy and r == want_cur)), None)
        early = [t for t, r in v2tx if join <= t < leave - 0.01 and r == want_leave]
        if a.proxy and early:
            ok = False
            why.append("the proxy reported %s upstream at t=%.2f s, before its last listener left" % (fmt_rec(want_leave), early[0]))
        if first_join != want_join:
            ok = False
            why.append("join reported as %s, not %s" % (fmt_rec(first_join) if first_join else "nothing", fmt_rec(want_join)))
        if first_leave != want_leave:
            ok = False
            why.append("leave reported as %s, not %s" % (fmt_rec(first_leave) if first_leave else "nothing", fmt_rec(want_leave)))
        if v1tx:
            ok = False
            why.append("the MLDv2 host sent MLDv1 messages")

    # 2. bridge mdb
    samples = []
    for line in read(a.mdb):
        c = line.split(" ", 2)
        if len(c) >= 2:
            samples.append((float(c[0]) - epoch0, c[1] == "present", c[2] if len(c) > 2 else ""))
    first = next((s for s in samples if s[1] and s[0] >= join - 0.5), None)
    before_leave = [s for s in samples if leave - 1.5 <= s[0] < leave]
    after = [s for s in samples if s[0] >= leave]
    gone = None
    for i, s in enumerate(after):
        if not s[1] and all(not x[1] for x in after[i:]):
            gone = s[0]
            break
    if first:
        print("bridge mdb: \"%s\" listed at t=%.2f s (%.2f s after the join)"
              % (first[2].strip().replace("|", "\" and \""), first[0], max(0.0, first[0] - join)))
        if hv == 2 and a.version == 2:
            # An MLDv2 bridge keeps the host's filter mode (and its sources).
            mode = "include" if SOURCE else "exclude"
            late = before_leave[-1][2] if before_leave and before_leave[-1][1] else first[2]
            if "filter_mode %s" % mode not in late or (SOURCE and ("source_list %s/" % SOURCE) not in late):
                ok = False
                why.append("bridge entry is not filter_mode %s%s" % (mode, " with source_list %s" % SOURCE if SOURCE else ""))
    else:
        print("bridge mdb: no entry for %s on port %s after the join (%d samples)" % (what, a.port, len(samples)))
        ok = False
        why.append("bridge never listed %s" % what)
    if not before_leave or not all(s[1] for s in before_leave):
        ok = False
        why.append("entry not present just before the leave")
    if a.proxy and first:
        # Kept across the bridge's membership interval only by the proxy's answers.
        held = [s for s in samples if first[0] <= s[0] < leave]
        holes = [s[0] for s in held if not s[1]]
        print("bridge mdb: listed in %d of %d samples from t=%.2f s to the last leave at t=%.2f s (%.1f s; membership interval %.0f s)"
              % (len(held) - len(holes), len(held), first[0], leave, leave - first[0], a.membership))
        if holes:
            ok = False
            why.append("entry missing at t=%.2f s while joined" % holes[0])
        elif a.membership and leave - first[0] <= a.membership:
            ok = False
            why.append("joined for less than a membership interval: refresh not shown")
    # 3. leave
    if hv == 1:
        done = ([w for w in wire if w["type"] == 132 and w["mac"] == a.mac and w["group"] == GROUP] if have_wire
                else [dict(t=t) for k, t, f in events if k == "TX" and f.get("type") == "132"])
        leavemsg = "Done"
        if a.proxy:
            v2up = [w["t"] for w in wire if w["type"] == 143 and w["mac"] == a.mac and w["t"] >= join]
            if v2up:
                ok = False
                why.append("the proxy sent MLDv2 reports to the MLDv1 bridge (t=%s)" % times(v2up))
    else:
        done = ([w for w in wire if w["type"] == 143 and w["mac"] == a.mac and w["t"] >= leave - 0.05 and want_leave in w["recs"]]
                if have_wire else
                [dict(t=t) for k, t, f in events if k == "V2TX" and t >= leave - 0.01 and want_leave in f["recs"]])
        leavemsg = "MLDv2 report %s" % fmt_rec(want_leave)
    if a.proxy and done and done[0]["t"] < leave - 0.01:
        ok = False
        why.append("the proxy sent its %s at t=%.2f s, before its last listener left" % (leavemsg, done[0]["t"]))
    if done:
        d = done[0]["t"]
        gsq = [w for w in wire if w["type"] == 130 and w["mac"] != a.mac and w["group"] == GROUP and w["t"] >= d - 0.05]
        if gsq:
            extra = (", bridge Multicast-Address-%sSpecific queries: %d (%s%s, first %.3f s after it)"
                     % ("and-Source-" if gsq[0]["qsources"] else "", len(gsq), qversion(gsq[0]["plen"]),
                        ", sources %s" % ",".join(gsq[0]["qsources"]) if gsq[0]["qsources"] else "",
                        gsq[0]["t"] - d))
        else:
            extra = ", no address-specific query from the bridge" if have_wire else ""
        print("leave at t=%.2f s: ns-3 %s at t=%.2f s (%d on the wire)%s" % (leave, leavemsg, d, len(done), extra))
    else:
        print("leave at t=%.2f s: no %s from ns-3" % (leave, leavemsg))
        ok = False
        why.append("no %s" % leavemsg)
    if gone is not None and gone - leave <= 3.0 + a.llqt:
        print("bridge mdb: entry gone at t=%.2f s (%.2f s after the leave; %smcast_last_member_count 2 x interval 0.5 s)"
              % (gone, gone - leave, "downstream Last Listener Query Time %.1f s, then " % a.llqt if a.proxy else ""))
    else:
        ok = False
        why.append("entry still listed after the leave" if gone is None else "entry gone only %.1f s after the leave" % (gone - leave))
        print("bridge mdb: entry %s" % ("still listed at the end" if gone is None else "gone at t=%.2f s" % gone))
    if ok:
        how = "v1 reports/Done" if hv == 1 else "%s, %s answers, %s" % (fmt_rec(want_join), fmt_rec(want_cur), fmt_rec(want_leave))
        if a.proxy:
            result("PASS", "bridge (MLDv%d querier) learned, refreshed and dropped %s from the ns-3 proxy's MLDv%d upstream (%s)"
                   % (a.version, what, hv, how))
        result("PASS", "bridge (MLDv%d querier) learned, refreshed and dropped %s from the ns-3 MLDv%d host (%s)"
               % (a.version, what, hv, how))
    result("FAIL", "; ".join(why))

# ---- kind b
hostlog = read(a.host_log)


def host_time(tag):
    for l in hostlog:
        m = re.match(tag + r" epoch=([\d.]+)(?: how=(\S+))?", l)
        if m:
            return float(m.group(1)) - epoch0, m.group(2) or ""
    return None, ""


hj, hjhow = host_time("JOINED")
hl, hlhow = host_time("LEFT")
if hj is None or hl is None:
    result("FAIL", "the Linux host did not join/leave: %s" % " ".join(hostlog[-3:]))
ll = norm(a.host_ll)
qv = a.querier_version
what = "(%s, %s)" % (SOURCE, GROUP) if SOURCE else GROUP
print("ns-3 querier: %s" % header[2:])
print("Linux host %s joined %s at t=%.2f s, left at t=%.2f s (%s / %s)" % (ll, what, hj, hl, hjhow, hlhow))
for l in hostlog:
    if l.startswith("group_source_req"):
        print("  " + l)
maddr = [l.strip() for l in read(a.host_maddr) if a.group in l]
print("  its ip -6 maddr while joined: %s" % (maddr[0] if maddr else "no %s" % a.group))
ghex = socket.inet_pton(socket.AF_INET6, GROUP).hex()
mcf = [" ".join(l.split()) for l in read(a.host_maddr) if ghex in l]
if SOURCE or mcf:
    print("  its /proc/net/mcfilter6 while joined: %s" % ("; ".join(mcf) or "nothing for %s" % GROUP))
mdb = [" ".join(l.split()) for l in read(a.mdb) if a.group in l or "router" in l]
if mdb:
    print("  bridge mdb while joined (snooping, not querying): %s" % "; ".join(mdb))
byType = {}
for k, t, f in events:
    if k == "RX" and norm(f.get("src", "")) == ll:
        byType.setdefault(f["type"], []).append((t, f.get("group")))
names = {"131": "v1 report(s)", "132": "Done(s)", "143": "v2 report(s)"}
print("  MLD from it accepted by ns-3: %s" % (", ".join("%d %s (type %s)" % (len(v), names.get(k, "?"), k) for k, v in sorted(byType.items())) or "none"))
v2rx = [(t, r) for k, t, f in events if k == "V2RX" and norm(f.get("src", "")) == ll for r in group_recs(f["recs"])]
if v2rx:
    summary = {}
    for t, r in v2rx:
        summary.setdefault(fmt_rec(r), []).append(t)
    print("  its MLDv2 records for %s as ns-3 parsed them (V2RX): %s"
          % (GROUP, "; ".join("%s at t=%s" % (k, times(v)) for k, v in summary.items())))
ok = True
why = []
if have_wire:
    v2 = [w for w in wire if w["type"] == 143 and w["src"] == ll]
    if v2:
        recs = sorted({r[1] for w in v2 for r in w["recs"]})
        print("  on the wire: %d MLDv2 reports from it to ff02::16, records for %s (record types %s)"
              % (len(v2), ", ".join(recs),
                 ", ".join(RNAMES.get(r, str(r)) for r in sorted({r[0] for w in v2 for r in w["recs"]}))))
    nq = [w for w in wire if w["type"] == 130 and w["mac"] == a.mac]
    print("  on the wire: ns-3 sent %d queries (%s)" % (len(nq), "/".join(sorted({qversion(w["plen"]) for w in nq})) or "-"))
    if qv == 2 and (not nq or {qversion(w["plen"]) for w in nq} != {"MLDv2"}):
        ok = False
        why.append("the ns-3 MLDv2 querier did not send (only) MLDv2 queries")
# MLDv2: did the Linux host answer the ns-3 general queries (Linux checks them: length,
# checksum, hop limit, Router Alert, link-local source)?
want_cur = (1, GROUP, [SOURCE]) if SOURCE else (2, GROUP, [])
if qv == 2 and a.version != 1:
    gq = [t for k, t, f in events if k == "TX" and f.get("type") == "130" and f.get("group") == "::" and hj < t < hl]
    cur = [t for t, r in v2rx if r == want_cur]
    answered = ["%.2f s" % (min(r for r in cur if q < r <= q + a.qri + 0.5) - q)
                for q in gq if any(q < r <= q + a.qri + 0.5 for r in cur)]
    print("ns-3 MLDv2 general queries while the host was joined: %d, answered with %s: %d (after %s)"
          % (len(gq), fmt_rec(want_cur), len(answered), ", ".join(answered) or "-"))
    if gq and not answered:
        ok = False
        why.append("the Linux host answered none of the ns-3 MLDv2 general queries with %s" % fmt_rec(want_cur))
added = [t for k, t, f in events if k == "LISTENER_ADDED" and f.get("group") == GROUP]
removed = [t for k, t, f in events if k == "LISTENER_REMOVED" and f.get("group") == GROUP]
samples = [(t, f["rest"].strip().endswith("yes")) for k, t, f in events if k == "HAS_LISTENERS" and f.get("group") == GROUP]
during = [s for s in samples if hj + 1 <= s[0] < hl]
after = [s for s in samples if s[0] > hl + a.llqi * a.llqc + 1]
table = [l for l in log if l.startswith("TABLE ")]
print("ns-3 querier: ListenerAdded(%s) %s, ListenerRemoved %s; HasListeners(%s) while joined: %s; at the end: %s"
      % (GROUP, ", ".join("at t=%.2f s" % t for t in added) or "never",
         ", ".join("at t=%.2f s" % t for t in removed) or "never", GROUP,
         "/".join(sorted({"yes" if y else "no" for _, y in during})) or "-",
         "yes" if samples and samples[-1][1] else "no"))
# The MLDv2 router state of the group while joined (ENTRY lines, every 0.5 s).
entries = [(t, f) for k, t, f in events if k == "ENTRY" and f.get("group") == GROUP and hj + 1 <= t < hl]
if qv == 2:
    want_mode = "INCLUDE" if SOURCE else "EXCLUDE"

    def entry_ok(f):
        srcs = [x.split("(")[0] for x in f.get("sources", "-").split(",") if x != "-"]
        running = all(not x.endswith("(stopped)") for x in f.get("sources", "-").split(","))
        return (f.get("mode") == want_mode and [norm(x) for x in srcs] == ([SOURCE] if SOURCE else [])
                and running and f.get("older") == ("1" if a.version == 1 else "0"))

    if entries:
        t, f = entries[0]
        print("  its entry while joined (t=%.1f s): state=%s mode=%s sources=%s older=%s, %s %s s"
              % (t, f.get("state"), f.get("mode"), f.get("sources"), f.get("older"),
                 "filter timer" if f.get("mode") == "EXCLUDE" else "longest source timer", f.get("expires_in")))
    bad = [(t, f) for t, f in entries if not entry_ok(f)]
    if not entries or bad:
        ok = False
        why.append("entry while joined is not %s {%s}%s" % (want_mode, SOURCE, ": %s" % bad[0][1]["rest"].strip() if bad else " (no entry)"))
    srcev = [(t, f) for k, t, f in events if k == "SOURCE" and f.get("group") == GROUP]
    if srcev:
        print("  its source records of %s (SourceChanged): %s" % (GROUP, "; ".join(
            "t=%.2f %s present=%s running=%s" % (t, f.get("source"), f.get("present"), f.get("running")) for t, f in srcev)))
    # The queries after the leave: Multicast Address (and Source) Specific.
    sq = [w for w in wire if w["type"] == 130 and w["mac"] == a.mac and w["group"] == GROUP and w["t"] >= hl - 0.05]
    if sq:
        print("  after the leave: %d %s specific queries from ns-3 at t=%s (%s, sources %s, S flag %s)"
              % (len(sq), "Multicast Address and Source" if sq[0]["qsources"] else "Multicast Address",
                 times([w["t"] for w in sq]), qversion(sq[0]["plen"]), ",".join(sq[0]["qsources"]) or "-",
                 "/".join(sorted({w["sflag"] for w in sq}))))
    elif have_wire:
        print("  after the leave: no specific query from ns-3 on the wire")
    if have_wire and (not sq or (SOURCE and SOURCE not in sq[0]["qsources"])):
        ok = False
        why.append("no Multicast Address%s Specific Query after the leave" % (" and Source" if SOURCE else ""))
else:
    if entries:
        t, f = entries[0]
        print("  its entry while joined (t=%.1f s): state=%s timer %s s" % (t, f.get("state"), f.get("expires_in")))
print("  its listener table at the end: %s" % ("; ".join(l[6:] for l in table) or "empty"))
# (ns-3 stamps are rounded to the millisecond: allow a little before the join)
ok_add = any(hj - 0.05 <= t <= hj + a.qi + a.qri + 0.5 for t in added) and during and all(y for _, y in during)
ok_rm = any(hl - 0.05 <= t <= hl + a.llqi * a.llqc + 1.0 for t in removed) and not any(y for _, y in after)
if not added:
    why.append("the querier never listed %s" % GROUP)
elif not ok_add:
    why.append("the listing of %s does not match the join (HasListeners while joined: %s)" % (GROUP, [y for _, y in during]))
if not ok_rm:
    why.append("%s not dropped within %.1f s of the leave" % (GROUP, a.llqi * a.llqc + 1))
if ok and ok_add and ok_rm:
    state = ""
    if qv == 2:
        state = " as %s {%s}" % ("INCLUDE" if SOURCE else "EXCLUDE", SOURCE)
    result("PASS", "ns-3 MLDv%d querier listed %s%s %.2f s after the Linux host joined (MLDv%d) and dropped it %.2f s after it left"
           % (qv, GROUP, state, max(0.0, min(t for t in added if t >= hj - 0.05) - hj), a.version,
              max(0.0, min(t for t in removed if t >= hl - 0.05) - hl)))
result("FAIL", "; ".join(why))
EOF
}

# snoop.py: the s cases' Linux hosts (host), the Linux MDB sampler (sample) and the
# comparison of the two MDBs (compare).
write_snoop() {
    cat >"$OUT/snoop.py" <<'EOF'
import argparse, ctypes, json, socket, struct, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("kind", choices=["host", "sample", "compare"])
p.add_argument("--name")
p.add_argument("--ifname")
p.add_argument("--epoch", type=float)
p.add_argument("--start-log")  # host, sample: wait for "START epoch=" there (30 s at most)
p.add_argument("--duration", type=float)
p.add_argument("--script", default="")
p.add_argument("--bridge")
p.add_argument("--ports", default="")
p.add_argument("--every", type=float, default=0.2)
p.add_argument("--version", type=int, default=2)
p.add_argument("--qi", type=float, default=4)
p.add_argument("--linux")
p.add_argument("--ns3")
p.add_argument("--hosts", default="")
a = p.parse_args()
if a.kind != "compare" and a.epoch is None:
    for _ in range(600):
        try:
            starts = [l for l in open(a.start_log) if l.startswith("START epoch=")]
        except OSError:
            starts = []
        if starts:
            a.epoch = float(starts[0].split("=")[1])
            break
        time.sleep(0.05)
    else:
        print("no START line in %s" % a.start_log, flush=True)
        raise SystemExit(1)


def norm(addr):
    """An IPv6 address in its canonical text form (itself if it is none)."""
    try:
        return socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, addr))
    except (OSError, ValueError):
        return addr


def parse_script(text):
    """[(time, host, verb, group or '', source or '')] from 'TIME hK join|leave GROUP [SOURCE]'
    and 'TIME hK mute' items separated by ';'"""
    actions = []
    for item in text.split(";"):
        w = item.split() + ["", ""]
        if w[0]:
            actions.append((float(w[0]), w[1], w[2], norm(w[3]) if w[3] else "", norm(w[4]) if w[4] else ""))
    return actions


if a.kind == "host":
    # One Linux host: its actions of the script, at epoch + time, on one socket kept open
    # to the end (closing it would leave its groups). With a source: RFC 3678
    # MCAST_JOIN_SOURCE_GROUP / MCAST_LEAVE_SOURCE_GROUP (see case_b).
    ifindex = socket.if_nametoindex(a.ifname)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    align = ctypes.alignment(ctypes.c_ulong)

    def storage(addr):
        sin6 = struct.pack("@HHI16sI", socket.AF_INET6, 0, 0, socket.inet_pton(socket.AF_INET6, addr), 0)
        return sin6.ljust(128, b"\0")

    for t, host, verb, group, source in sorted(x for x in parse_script(a.script) if x[1] == a.name):
        join = verb == "join"
        if verb == "mute":
            # Silent from now on, without a leave: every frame it sends is dropped.
            time.sleep(max(0.0, a.epoch + t - time.time()))
            r = subprocess.run(["tc", "qdisc", "replace", "dev", a.ifname, "root", "blackhole"],
                               capture_output=True, text=True)
            print("MUTE t=%.3f host=%s%s" % (time.time() - a.epoch, a.name,
                                             " FAILED: " + r.stderr.strip() if r.returncode else ""), flush=True)
            continue
        if source:
            head = struct.pack("@I", ifindex)
            req = head + b"\0" * (-len(head) % align) + storage(group) + storage(source)
            opt = getattr(socket, "MCAST_JOIN_SOURCE_GROUP", 46) if join else getattr(socket, "MCAST_LEAVE_SOURCE_GROUP", 47)
        else:
            req = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", ifindex)
            opt = socket.IPV6_JOIN_GROUP if join else socket.IPV6_LEAVE_GROUP
        time.sleep(max(0.0, a.epoch + t - time.time()))
        s.setsockopt(socket.IPPROTO_IPV6, opt, req)
        print("%s t=%.3f host=%s group=%s%s" % ("JOIN" if join else "LEAVE", time.time() - a.epoch, a.name, group,
                                                 " source=" + source if source else ""), flush=True)
    time.sleep(max(0.0, a.epoch + a.duration - time.time()))
    s.close()
    raise SystemExit(0)

if a.kind == "sample":
    # The Linux MDB every --every s from the epoch to epoch + duration, in the format of
    # mld-snooping-compare: "MDB t=<s> port/group/source/mode ..." (ports numbered by
    # their order in --ports; blocked (S,G) entries left out).
    ports = {n: str(i) for i, n in enumerate(a.ports.split())}
    k = 0
    while True:
        due = a.epoch + k * a.every
        if due > a.epoch + a.duration + 1e-6:
            break
        time.sleep(max(0.0, due - time.time()))
        t = time.time() - a.epoch
        out = subprocess.run(["bridge", "-j", "-d", "mdb", "show", "dev", a.bridge],
                             capture_output=True, text=True).stdout
        keys = []
        try:
            blocks = json.loads(out or "[]")
        except ValueError:
            print("# bad json: %r" % out[:200], flush=True)
            blocks = []
        for block in blocks:
            for e in block.get("mdb", []):
                if "blocked" in e.get("flags", []):
                    continue
                keys.append("%s/%s/%s/%s" % (ports.get(e.get("port"), e.get("port")), norm(e.get("grp", "?")),
                                             norm(e["src"]) if e.get("src") else "*", e.get("filter_mode", "-")))
        print("MDB t=%.3f %s" % (t, " ".join(keys)), flush=True)
        k = max(k + 1, int((time.time() - a.epoch) / a.every) + 1)  # late: skip, do not catch up
    raise SystemExit(0)

# ---- compare


def result(verdict, why):
    print("RESULT %s %s" % (verdict, why))
    raise SystemExit(0)


actions = parse_script(a.script)
groups = {x[3] for x in actions if x[3]}


def key_of(text):
    """(port, group, source, mode) of a sample's word; the filter mode of the group line
    in MLDv2 only (an MLDv1 Linux bridge shows none), none for a source line."""
    port, group, source, mode = text.split("/")
    return (int(port) if port.isdigit() else port, norm(group), source if source == "*" else norm(source),
            mode if a.version == 2 and source == "*" else "")


def read_samples(path):
    samples = []
    try:
        lines = open(path).read().splitlines()
    except OSError:
        return samples
    for line in lines:
        w = line.split()
        if w and w[0] == "MDB":
            keys = {key_of(x) for x in w[2:]}
            samples.append((float(w[1][2:]), {k for k in keys if k[1] in groups}))
    return samples


def intervals(samples):
    """{key: [[start, end or None], ...]}: when a key was listed (first sample present,
    first sample absent after it)"""
    out = {}
    prev = set()
    for t, keys in samples:
        for k in keys - prev:
            out.setdefault(k, []).append([t, None])
        for k in prev - keys:
            out[k][-1][1] = t
        prev = keys
    return out


# What the script implies: a port lists (group, source) while its host has joined it,
# and its group line while the host has joined the group (from any source or some); a
# muted host's entries end (as "silent") when it falls silent.
expect = {}
joined = {}
silent = set()
for t, host, verb, group, source in sorted(actions):
    port = int(host[1:])
    if verb == "mute":
        for k, iv in expect.items():
            if k[0] == port and iv[-1][1] is None:
                iv[-1][1] = t
                silent.add((k, t))
        joined = {pg: v for pg, v in joined.items() if pg[0] != port}
        continue
    join = verb == "join"
    mode = ("include" if source else "exclude") if a.version == 2 else ""
    ks = [(port, group, "*", mode)] + ([(port, group, source, "")] if source else [])
    cur = joined.setdefault((port, group), set())
    (cur.add if join else cur.discard)(source or "*")
    for k in ks:
        held = bool(cur) if k[2] == "*" else source in cur
        iv = expect.setdefault(k, [])
        if held and (not iv or iv[-1][1] is not None):
            iv.append([t, None])
        elif not held and iv and iv[-1][1] is None:
            iv[-1][1] = t

lin_s = read_samples(a.linux)
ns3_s = read_samples(a.ns3)
if not lin_s or not ns3_s:
    result("FAIL", "no MDB samples (%d Linux, %d ns-3)" % (len(lin_s), len(ns3_s)))
lin = intervals(lin_s)
ns3 = intervals(ns3_s)
gaps = [b[0] - x[0] for x, b in zip(lin_s, lin_s[1:])]
failed_actions = []
print("script: %s" % "; ".join(" ".join(x.split()) for x in a.script.split(";")))
print("querier: ns-3 MLDv%d, query interval %g s; both bridges: membership interval, last member count and interval as the querier's; "
      "MDB samples: Linux %d (every %.2f s on average, longest gap %.2f s), ns-3 %d"
      % (a.version, a.qi, len(lin_s), sum(gaps) / max(1, len(gaps)), max(gaps or [0]), len(ns3_s)))
for path in a.hosts.split():
    try:
        lines = [l for l in open(path).read().splitlines() if l.startswith(("JOIN", "LEAVE", "MUTE"))]
    except OSError:
        lines = []
    late = []
    for l in lines:
        f = dict(x.split("=", 1) for x in l.split()[1:] if "=" in x)
        due = [x[0] for x in actions if x[1] == f.get("host") and x[2] == l.split()[0].lower()
               and x[3] == norm(f.get("group", "")) and x[4] == norm(f.get("source", ""))]
        if not due or min(abs(float(f["t"]) - d) for d in due) > 0.2:
            late.append(l)
    if late:
        print("  (Linux host actions more than 0.2 s off the script: %s)" % "; ".join(late))
    failed_actions += [l for l in lines if "FAILED" in l]


def fmt(iv):
    return ", ".join("%.2f-%s" % (s, "end" if e is None else "%.2f" % e) for s, e in iv) or "never"


def name(k):
    return "port %s %s %s%s" % (k[0], k[1], "(*)" if k[2] == "*" else "src " + k[2], " " + k[3] if k[3] else "")


tol = a.qi
ok = not failed_actions
why = ["a Linux host action failed: %s" % "; ".join(failed_actions)] if failed_actions else []
dstart = []
dend = []
lag = {"Linux": [], "ns-3": []}
silent_lag = {"Linux": [], "ns-3": []}
print("%-44s %-14s %-18s %-18s %s" % ("entry", "script", "Linux bridge", "ns-3 bridge", "difference (ns-3 - Linux)"))
for k in sorted(set(lin) | set(ns3) | set(expect), key=lambda k: (k[1], str(k[0]), k[2], k[3])):
    L, N, E = lin.get(k, []), ns3.get(k, []), expect.get(k, [])
    diff = []
    if len(L) != len(N):
        ok = False
        why.append("%s: listed %d time(s) by Linux, %d by ns-3" % (name(k), len(L), len(N)))
    else:
        for (ls, le), (ns, ne) in zip(L, N):
            le2 = a.duration if le is None else le
            ne2 = a.duration if ne is None else ne
            dstart.append(ns - ls)
            dend.append(ne2 - le2)
            diff.append("start %+.2f, end %+.2f" % (ns - ls, ne2 - le2))
            if abs(ns - ls) > tol or abs(ne2 - le2) > tol:
                ok = False
                why.append("%s: %s off by more than %g s" % (name(k), "start" if abs(ns - ls) > tol else "end", tol))
    if len(E) != len(L) and len(E) != len(N):
        ok = False
        why.append("%s: the script has it %d time(s)" % (name(k), len(E)))
    for side, ivs in (("Linux", L), ("ns-3", N)):
        if len(ivs) == len(E):
            for (s, e), (es, ee) in zip(ivs, E):
                if ee is not None and e is not None:
                    (silent_lag if (k, ee) in silent else lag)[side].append((name(k), es, e - ee, s - es))
    print("%-44s %-14s %-18s %-18s %s" % (name(k), fmt(E), fmt(L), fmt(N), "; ".join(diff) or "-"))
for side in ("Linux", "ns-3"):
    if lag[side]:
        print("%s: listed %s s after the join; dropped %s s after the leave"
              % (side, "/".join("%.2f" % x[3] for x in lag[side]), "/".join("%.2f" % x[2] for x in lag[side])))
    if silent_lag[side]:
        print("%s: dropped %s s after the host fell silent (%s)"
              % (side, "/".join("%.2f" % x[2] for x in silent_lag[side]), ", ".join(x[0] for x in silent_lag[side])))
if dstart:
    print("largest difference: start %.2f s, end %.2f s (tolerance: one query interval, %g s)"
          % (max(abs(x) for x in dstart), max(abs(x) for x in dend), tol))
if not lin:
    ok = False
    why.append("the Linux bridge listed none of the script's groups")
if ok:
    result("PASS", "Linux and ns-3 bridges listed the same %d entries, starts within %.2f s and ends within %.2f s of each other (limit %g s)"
           % (len(lin), max(abs(x) for x in dstart), max(abs(x) for x in dend), tol))
result("FAIL", "; ".join(why))
EOF
}

# --- run ------------------------------------------------------------------------------------
mkdir -p "$OUT"
rm -rf "${ALL_CASES[@]/#/$OUT/}" "$OUT/analyze.py" "$OUT/snoop.py"
write_analyzer
write_snoop
say "== MLD live interop: ns-3 ($BIN) <-> Linux $(uname -r)"
say "   topology in namespaces $NS_SW/$NS_H; logs and pcaps in $OUT"
[[ $HAVE_TSHARK -eq 1 ]] || say "   (tshark not installed: evidence from the ns-3 log only)"
start=$(date +%s)
for c in "${CASES[@]}"; do
    case $c in
    a-v1) case_a a-v1 1 1 "$GROUP" ;;
    a-v2) case_a a-v2 2 1 "$GROUP" ;;
    a-v2h) case_a a-v2h 2 2 "$GROUP" ;;
    a-ssm) case_a a-ssm 2 2 "$SSM_GROUP" "$SSM_SOURCE" ;;
    b-v1) case_b b-v1 1 1 "$GROUP" ;;
    b-v2) case_b b-v2 2 2 "$GROUP" ;;
    b-ssm) case_b b-ssm 2 2 "$SSM_GROUP" "$SSM_SOURCE" ;;
    p-v1) case_p p-v1 1 0 "$GROUP" ;;
    p-v2) case_p p-v2 2 2 "$GROUP" ;;
    p-ssm) case_p p-ssm 2 2 "$SSM_GROUP" "$SSM_SOURCE" ;;
    s-v1) case_s s-v1 1 "$S_ASM_SCRIPT" 25 ;;
    s-v2) case_s s-v2 2 "$S_ASM_SCRIPT" 25 ;;
    s-ssm) case_s s-ssm 2 "$S_SSM_SCRIPT" 20 ;;
    esac
done
say ""
say "== done in $(($(date +%s) - start)) s; logs: $OUT"
say "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[[ $FAILED -eq 0 ]]
