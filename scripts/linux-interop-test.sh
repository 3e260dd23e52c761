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
# Nothing is created in the root namespace; every name starts with "mldi".
# Cases:
#   a-v1, a-v2  ns-3 MLDv1 host <-> Linux bridge querier (mcast_mld_version 1, 2):
#               the bridge learns ff15::1234 on the ns-3 port (bridge mdb show), its
#               general queries are answered, and the entry goes after the ns-3 Done.
#   b-v1, b-v2  Linux host (force_mld_version 1, 2) joins ff15::1234 with the socket
#               API <-> ns-3 MLDv1 querier: its listener table shows the group, and
#               drops it after the host leaves.
# Prints PASS/FAIL/SKIP with evidence per case, then "N passed, N failed, N skipped".
# Exit status: 0 if nothing failed, 1 if a case failed, 77 if this machine cannot
# run the test (not root, no network namespaces, no bridge): CTest marks that skipped.
#
# Needs: iproute2 (ip, bridge), python3, util-linux (flock); tshark is optional
# (without it the evidence comes from the ns-3 log only). Takes about 80 s.
# Logs and pcaps stay in $MLD_INTEROP_OUT (default ${TMPDIR:-/tmp}/mld-linux-interop).

set -u

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$SCRIPT_DIR")
OUT=${MLD_INTEROP_OUT:-${TMPDIR:-/tmp}/mld-linux-interop}
GROUP=ff15::1234
NS3_MAC=02:4d:4c:44:00:01 # "MLD", locally administered
NS_SW=mldi-sw
NS_H=mldi-h1
BR=mldi-br
N3=mldi-n3   # the ns-3 node's end
N3P=mldi-n3p # its bridge port
H1=mldi-h1   # the Linux host's end (in netns mldi-h1)
H1P=mldi-h1p # its bridge port
CASES=(a-v1 a-v2 b-v1 b-v2)

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

# setup_switch QUERIER(0|1) MLD_VERSION(1|2)
setup_switch() {
    local querier=$1 version=$2
    ip netns add "$NS_SW" || return 1
    ip -n "$NS_SW" link set lo up
    # Short timers (centiseconds): queries every 5 s with 2 s to answer, and a group
    # goes 2 x 0.5 s after a Done. Memberships otherwise last the default 260 s.
    ip -n "$NS_SW" link add "$BR" type bridge mcast_snooping 1 mcast_querier "$querier" \
        mcast_mld_version "$version" mcast_query_interval 500 mcast_query_response_interval 200 \
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

# start_capture PORT FILE: tshark on a bridge port in the switch namespace
start_capture() {
    local port=$1 file=$2 i
    [[ $HAVE_TSHARK -eq 1 ]] || return 0
    rm -f "$file"
    ip netns exec "$NS_SW" tshark -i "$port" -f ip6 -w "$file" -q >"$file.log" 2>&1 &
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
        >"$file.tsv" 2>/dev/null
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

# --- case a: ns-3 host, Linux bridge querier ------------------------------------------
case_a() {
    local version=$1 name="a-v$1" dir="$OUT/a-v$1"
    local join=3 leave=12 duration=15
    mkdir -p "$dir"
    say ""
    say "-- $name: ns-3 MLDv1 host joins $GROUP <-> Linux bridge querier/snooper, mcast_mld_version $version"
    if ! setup_switch 1 "$version" >"$dir/setup.log" 2>&1; then
        say "FAIL $name: topology setup failed: $(tail -2 "$dir/setup.log")"
        record "$name" FAIL
        teardown
        return
    fi
    start_capture "$N3P" "$dir/port.pcap"
    : >"$dir/mdb.txt"
    (
        while :; do
            now=$(date +%s.%N)
            entry=$(ip netns exec "$NS_SW" bridge mdb show 2>/dev/null | grep "port $N3P grp $GROUP" | head -1)
            if [[ -n $entry ]]; then echo "$now present $entry"; else echo "$now absent"; fi
            sleep 0.2
        done
    ) >>"$dir/mdb.txt" 2>/dev/null &
    local poller=$!
    BG_PIDS+=("$poller")
    # In the background, so that a signal reaches our trap at once.
    timeout $((duration + 20)) ip netns exec "$NS_SW" "$BIN" --device="$N3" --mode=host \
        --group="$GROUP" --mac="$NS3_MAC" --joinAt="$join" --leaveAt="$leave" \
        --duration="$duration" >"$dir/ns3.log" 2>&1 &
    local ns3=$!
    BG_PIDS+=("$ns3")
    wait "$ns3"
    local rc=$?
    kill "$poller" 2>/dev/null
    wait "$poller" 2>/dev/null
    ip netns exec "$NS_SW" bridge mdb show >"$dir/mdb-final.txt" 2>&1
    stop_capture "$dir/port.pcap"
    if [[ $rc -ne 0 ]]; then
        say "FAIL $name: mld-linux-interop exited with $rc: $(tail -3 "$dir/ns3.log" | tr '\n' ' ')"
        record "$name" FAIL
    else
        run_analysis "$name" a --version "$version" --log "$dir/ns3.log" --mdb "$dir/mdb.txt" \
            --pcap "$dir/port.pcap.tsv" --mac "$NS3_MAC" --group "$GROUP" --port "$N3P"
    fi
    teardown
}

# --- case b: Linux host, ns-3 querier ---------------------------------------------------
case_b() {
    local version=$1 name="b-v$1" dir="$OUT/b-v$1"
    local join=3 leave=10 duration=14
    mkdir -p "$dir"
    say ""
    say "-- $name: Linux host (force_mld_version $version) joins $GROUP by socket API <-> ns-3 MLDv1 querier"
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
        --group="$GROUP" --mac="$NS3_MAC" --duration="$duration" --tableEvery=1 \
        --queryInterval=5s --queryResponseInterval=2s --lastListenerQueryInterval=1s \
        >"$dir/ns3.log" 2>&1 &
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
    # would leave too; IPV6_LEAVE_GROUP makes the moment explicit).
    ip netns exec "$NS_H" python3 - "$GROUP" "$H1" "$epoch0" "$join" "$leave" >"$dir/host.log" 2>&1 <<'EOF' &
import socket, struct, sys, time
group, ifname, epoch0, join, leave = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
mreq = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", socket.if_nametoindex(ifname))
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
time.sleep(max(0.0, epoch0 + join - time.time()))
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
print("JOINED epoch=%.6f" % time.time(), flush=True)
time.sleep(max(0.0, epoch0 + leave - time.time()))
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, mreq)
print("LEFT epoch=%.6f" % time.time(), flush=True)
s.close()
EOF
    local joiner=$!
    BG_PIDS+=("$joiner")
    # What the Linux host itself says while joined.
    sleep "$(python3 -c "import time; print(max(0.0, $epoch0 + ($join + $leave) / 2 - time.time()))")" &
    wait $!
    ip -n "$NS_H" -6 maddr show dev "$H1" >"$dir/host-maddr.txt" 2>&1
    ip netns exec "$NS_SW" bridge -d mdb show >"$dir/mdb-mid.txt" 2>&1
    wait "$joiner"
    wait "$ns3"
    local rc=$?
    stop_capture "$dir/port.pcap"
    if [[ $rc -ne 0 ]]; then
        say "FAIL $name: mld-linux-interop exited with $rc: $(tail -3 "$dir/ns3.log" | tr '\n' ' ')"
        record "$name" FAIL
    else
        run_analysis "$name" b --version "$version" --log "$dir/ns3.log" \
            --host-log "$dir/host.log" --host-maddr "$dir/host-maddr.txt" --host-ll "$hostll" \
            --mdb "$dir/mdb-mid.txt" \
            --pcap "$dir/port.pcap.tsv" --mac "$NS3_MAC" --group "$GROUP" \
            --llqi 1 --llqc 2 --qi 5 --qri 2
    fi
    teardown
}

# --- the analysis (python3) ---------------------------------------------------------------
write_analyzer() {
    cat >"$OUT/analyze.py" <<'EOF'
import argparse, re

p = argparse.ArgumentParser()
p.add_argument("kind")
p.add_argument("--version", type=int)
p.add_argument("--log")
p.add_argument("--mdb")
p.add_argument("--pcap")
p.add_argument("--mac")
p.add_argument("--group")
p.add_argument("--port")
p.add_argument("--host-log")
p.add_argument("--host-maddr")
p.add_argument("--host-ll")
p.add_argument("--llqi", type=float, default=1)
p.add_argument("--llqc", type=int, default=2)
p.add_argument("--qi", type=float, default=5)
p.add_argument("--qri", type=float, default=2)
a = p.parse_args()


def result(verdict, why):
    print("RESULT %s %s" % (verdict, why))
    raise SystemExit(0)


def read(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except OSError:
        return []


log = read(a.log)
epoch0 = None
events = []  # (kind, t, fields)
for line in log:
    m = re.match(r"START epoch=([\d.]+)", line)
    if m:
        epoch0 = float(m.group(1))
        continue
    m = re.match(r"(TX|RX|JOIN|LEAVE|LISTENER_ADDED|LISTENER_REMOVED|HAS_LISTENERS|DROP|QUERIER) t=([\d.]+)(.*)", line)
    if m:
        fields = dict(re.findall(r"(\w+)=(\S+)", m.group(3)))
        fields["rest"] = m.group(3)
        events.append((m.group(1), float(m.group(2)), fields))
if epoch0 is None:
    result("FAIL", "no START line in the ns-3 log %s" % a.log)

# Wire capture, times relative to the ns-3 start.
wire = []
for line in read(a.pcap or ""):
    c = line.split("\t")
    if len(c) < 11 or not c[5]:
        continue
    try:
        wire.append(dict(t=float(c[0]) - epoch0, mac=c[1].lower(), src=c[2], dst=c[3],
                         plen=int(c[4] or 0), type=int(c[5].split(",")[0]),
                         mrd=c[6] or c[7], group=c[8], records=c[9], rtypes=c[10]))
    except ValueError:
        pass
have_wire = bool(wire)
drops = [e for e in events if e[0] == "DROP"]
if drops:
    print("ns-3 dropped %d MLD message(s): %s" % (len(drops), ", ".join(sorted({d[2].get("reason", "?") for d in drops}))))


def qversion(plen):
    # Hop-by-Hop (8) + MLDv1 query (24) = 32; MLDv2 queries are 28 bytes and more.
    return "MLDv1" if plen == 32 else ("MLDv2" if plen >= 36 else "plen %d" % plen)


if a.kind == "a":
    join = next((t for k, t, f in events if k == "JOIN"), None)
    leave = next((t for k, t, f in events if k == "LEAVE"), None)
    if join is None or leave is None:
        result("FAIL", "the ns-3 host did not join and leave (see %s)" % a.log)
    ok = True
    why = []

    # 1. bridge queries answered
    if have_wire:
        src = "pcap on the bridge port"
        queries = [w for w in wire if w["type"] == 130 and w["mac"] != a.mac and w["group"] == "::"]
        reports = [w["t"] for w in wire if w["type"] == 131 and w["mac"] == a.mac and w["group"] == a.group]
        versions = sorted({qversion(q["plen"]) for q in queries})
        qinfo = [(q["t"], float(q["mrd"] or 0) / 1000.0) for q in queries]
    else:
        src = "ns-3 log"
        qinfo = [(t, float(a.qri)) for k, t, f in events if k == "RX" and f.get("type") == "130" and f.get("group") == "::"]
        reports = [t for k, t, f in events if k == "TX" and f.get("type") == "131" and f.get("group") == a.group]
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
    print("  while joined (t=%.1f..%.1f s): %d, answered by an ns-3 report for %s: %d (after %s)"
          % (join, leave, len(window), a.group, len(answered), ", ".join(answered) or "-"))
    rx_q = sum(1 for k, t, f in events if k == "RX" and f.get("type") == "130")
    print("  ns-3 accepted %d queries (its log: RX type=130)" % rx_q)
    want = "MLDv%d" % a.version
    if have_wire and want not in versions:
        ok = False
        why.append("the bridge sent no %s query" % want)
    if not window or len(answered) != len(window):
        ok = False
        why.append("%d of %d bridge queries answered" % (len(answered), len(window)))

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
        print("bridge mdb: \"%s\" listed at t=%.2f s (%.2f s after the join)" % (first[2].strip(), first[0], max(0.0, first[0] - join)))
    else:
        print("bridge mdb: no entry for %s on port %s after the join (%d samples)" % (a.group, a.port, len(samples)))
        ok = False
        why.append("bridge never listed the group")
    if not before_leave or not all(s[1] for s in before_leave):
        ok = False
        why.append("entry not present just before the leave")
    # 3. leave
    done = ([w for w in wire if w["type"] == 132 and w["mac"] == a.mac and w["group"] == a.group] if have_wire
            else [dict(t=t) for k, t, f in events if k == "TX" and f.get("type") == "132"])
    if done:
        d = done[0]["t"]
        gsq = [w for w in wire if w["type"] == 130 and w["mac"] != a.mac and w["group"] == a.group and w["t"] >= d - 0.05]
        if gsq:
            extra = (", bridge Multicast-Address-Specific queries: %d (%s, first %.3f s after the Done)"
                     % (len(gsq), qversion(gsq[0]["plen"]), gsq[0]["t"] - d))
        else:
            extra = ", no address-specific query from the bridge" if have_wire else ""
        print("leave at t=%.2f s: ns-3 Done at t=%.2f s%s" % (leave, d, extra))
    else:
        print("leave at t=%.2f s: no Done from ns-3" % leave)
        ok = False
        why.append("no Done")
    if gone is not None and gone - leave <= 3.0:
        print("bridge mdb: entry gone at t=%.2f s (%.2f s after the leave; mcast_last_member_count 2 x interval 0.5 s)" % (gone, gone - leave))
    else:
        ok = False
        why.append("entry still listed after the leave" if gone is None else "entry gone only %.1f s after the leave" % (gone - leave))
        print("bridge mdb: entry %s" % ("still listed at the end" if gone is None else "gone at t=%.2f s" % gone))
    if ok:
        result("PASS", "bridge (MLDv%d querier) learned, refreshed and dropped %s from the ns-3 MLDv1 host" % (a.version, a.group))
    result("FAIL", "; ".join(why))

# ---- kind b
hostlog = read(a.host_log)
hj = next((float(l.split("=")[1]) - epoch0 for l in hostlog if l.startswith("JOINED")), None)
hl = next((float(l.split("=")[1]) - epoch0 for l in hostlog if l.startswith("LEFT")), None)
if hj is None or hl is None:
    result("FAIL", "the Linux host did not join/leave: %s" % " ".join(hostlog[-3:]))
ll = a.host_ll
print("Linux host %s joined at t=%.2f s, left at t=%.2f s (IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP)" % (ll, hj, hl))
maddr = [l.strip() for l in read(a.host_maddr) if a.group in l]
print("  its ip -6 maddr while joined: %s" % (maddr[0] if maddr else "no %s" % a.group))
mdb = [l.strip() for l in read(a.mdb) if a.group in l or "router" in l]
if mdb:
    print("  bridge mdb while joined (snooping, not querying): %s" % "; ".join(mdb))
byType = {}
for k, t, f in events:
    if k == "RX" and f.get("src") == ll:
        byType.setdefault(f["type"], []).append((t, f.get("group")))
names = {"131": "v1 report(s)", "132": "Done(s)", "143": "v2 report(s)"}
print("  MLD from it accepted by ns-3: %s" % (", ".join("%d %s (type %s)" % (len(v), names.get(k, "?"), k) for k, v in sorted(byType.items())) or "none"))
v1 = [g for _, g in byType.get("131", []) if g == a.group]
if have_wire:
    v2 = [w for w in wire if w["type"] == 143 and w["src"] == ll]
    recs = sorted({r for w in v2 for r in w["records"].split(",") if r})
    if v2:
        rnames = {"1": "IS_IN", "2": "IS_EX", "3": "TO_IN", "4": "TO_EX", "5": "ALLOW", "6": "BLOCK"}
        print("  on the wire: %d MLDv2 reports from it to ff02::16, records for %s (record types %s)"
              % (len(v2), ", ".join(recs),
                 ", ".join(rnames.get(r, r) for r in sorted({r for w in v2 for r in w["rtypes"].split(",") if r}))))
    nq = [w for w in wire if w["type"] == 130 and w["mac"] == a.mac]
    print("  on the wire: ns-3 sent %d queries (%s)" % (len(nq), "/".join(sorted({qversion(w["plen"]) for w in nq})) or "-"))
added = [t for k, t, f in events if k == "LISTENER_ADDED" and f.get("group") == a.group]
removed = [t for k, t, f in events if k == "LISTENER_REMOVED" and f.get("group") == a.group]
samples = [(t, f["rest"].strip().endswith("yes")) for k, t, f in events if k == "HAS_LISTENERS" and f.get("group") == a.group]
during = [s for s in samples if hj + 1 <= s[0] < hl]
after = [s for s in samples if s[0] > hl + a.llqi * a.llqc + 1]
table = [l for l in log if l.startswith("TABLE ")]
print("ns-3 querier: ListenerAdded(%s) %s, ListenerRemoved %s; HasListeners(%s) while joined: %s; at the end: %s"
      % (a.group, ", ".join("at t=%.2f s" % t for t in added) or "never",
         ", ".join("at t=%.2f s" % t for t in removed) or "never", a.group,
         "/".join(sorted({"yes" if y else "no" for _, y in during})) or "-",
         "yes" if samples and samples[-1][1] else "no"))
print("  its listener table at the end: %s" % ("; ".join(l[6:] for l in table) or "empty"))
# (ns-3 stamps are rounded to the millisecond: allow a little before the join)
ok_add = any(hj - 0.05 <= t <= hj + a.qi + a.qri + 0.5 for t in added) and during and all(y for _, y in during)
ok_rm = any(hl - 0.05 <= t <= hl + a.llqi * a.llqc + 1.0 for t in removed) and not any(y for _, y in after)
if ok_add and ok_rm:
    result("PASS", "ns-3 querier listed %s %.2f s after the Linux host joined (MLDv%d) and dropped it %.2f s after it left"
           % (a.group, max(0.0, min(t for t in added if t >= hj - 0.05) - hj), a.version,
              max(0.0, min(t for t in removed if t >= hl - 0.05) - hl)))
if not added and byType.get("143") and not v1:
    # Did the host answer the querier's MLDv1 general queries at all?
    gq = [t for k, t, f in events if k == "TX" and f.get("type") == "130" and f.get("group") == "::" and hj < t < hl]
    rx = [t for t, _ in byType.get("143", [])]
    answered = sum(1 for q in gq if any(q < r <= q + a.qri + 0.5 for r in rx))
    result("SKIP", "MLDv2 router not implemented yet: the ns-3 querier received %d MLDv2 reports (type 143) "
           "for the Linux host's join/leave and ignores them (it counts them, nothing more); the host "
           "answered %d of the %d MLDv1 general queries sent while it was joined (Linux with "
           "force_mld_version=2 ignores MLDv1 queries), so there is no MLDv1 fallback"
           % (len(byType["143"]), answered, len(gq)))
why = []
if not added:
    why.append("the querier never listed %s" % a.group)
elif not ok_add:
    why.append("the listing of %s does not match the join (HasListeners while joined: %s)" % (a.group, [y for _, y in during]))
if not ok_rm:
    why.append("%s not dropped within %.1f s of the leave" % (a.group, a.llqi * a.llqc + 1))
result("FAIL", "; ".join(why))
EOF
}

# --- run ------------------------------------------------------------------------------------
mkdir -p "$OUT"
rm -rf "${CASES[@]/#/$OUT/}" "$OUT/analyze.py"
write_analyzer
say "== MLD live interop: ns-3 ($BIN) <-> Linux $(uname -r)"
say "   topology in namespaces $NS_SW/$NS_H; logs and pcaps in $OUT"
[[ $HAVE_TSHARK -eq 1 ]] || say "   (tshark not installed: evidence from the ns-3 log only)"
start=$(date +%s)
case_a 1
case_a 2
case_b 1
case_b 2
say ""
say "== done in $(($(date +%s) - start)) s; logs: $OUT"
say "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[[ $FAILED -eq 0 ]]
