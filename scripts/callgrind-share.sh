#!/usr/bin/env bash
# Share of the instructions executed by the MLD module, measured with
# callgrind on examples/mld-benchmark.cc.
#
#   bash scripts/callgrind-share.sh            # main scenario + linearity runs
#   bash scripts/callgrind-share.sh main       # only the main scenario
#   bash scripts/callgrind-share.sh linearity  # only the G = 1 vs G = 20 runs
#   bash scripts/callgrind-share.sh compare    # only the MLD run / baseline comparison,
#                                              # from the main scenario's existing outputs
#
# Main scenario: N = 1000 hosts, G = 1 group, MLDv1, CG_SIM_TIME (60) simulated
# seconds, churn as in scripts/benchmark.sh (--churnMean = N x LAN_CHURN_GAP):
# the grid's scenario itself, and its baseline under callgrind too.
# Linearity: N = LIN_HOSTS (100), G = 1 and G = 20, MLDv1 and MLDv2, same
# simulated time: does the MLD cost per message grow with the number of
# records on the interface?
#
# "MLD functions" are functions whose demangled name contains "ns3::Mld" (the
# model and helper, and the templates instantiated on their types: the
# std::map of records, MakeEvent glue of MLD timers, ...), except those compiled
# into the benchmark driver itself. Reported:
#   self       sum of the self cost (Ir) of MLD functions: instructions executed
#              in MLD code proper, inlined code included. This is the figure
#              compared with the 10 % target.
#   inclusive  sum of the inclusive cost of every call from a non-MLD function
#              into an MLD function (the MLD entry points: receive handler,
#              timer events, Join/Leave, helper install): MLD code plus the
#              ns-3 code it calls synchronously (packet creation, IPv6 send,
#              CSMA transmit start). Delivery to the N receivers runs in later
#              events and is not in it.
#
# Environment: CG_BUILD_DIR (build-bench-rwdi, RelWithDebInfo for symbols),
# CG_OUT_DIR (/tmp/mld-callgrind), CG_HOSTS (1000), CG_GROUPS (1),
# CG_VERSION (1), CG_SIM_TIME (60), LAN_CHURN_GAP (5), LIN_HOSTS (100),
# CG_SKIP_BUILD (unset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${CG_BUILD_DIR:-build-bench-rwdi}
out_dir=${CG_OUT_DIR:-/tmp/mld-callgrind}
hosts=${CG_HOSTS:-1000}
groups=${CG_GROUPS:-1}
version=${CG_VERSION:-1}
sim_time=${CG_SIM_TIME:-60}
lan_churn_gap=${LAN_CHURN_GAP:-5}
lin_hosts=${LIN_HOSTS:-100}
what=${1:-all}

if [ -z "${CG_SKIP_BUILD:-}" ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build_dir" -j 2 --target mld-benchmark >/dev/null
fi
bench=$build_dir/bin/mld-benchmark
mkdir -p "$out_dir"

# analyse <callgrind.out> <label> <hosts> <groups> <mld_msgs> <top>
analyse() {
  python3 - "$@" <<'EOF'
import re
import sys
from collections import defaultdict

path, label, hosts, groups, msgs, top = sys.argv[1:7]
hosts, groups, msgs, top = int(hosts), int(groups), int(msgs), int(top)

names = {}       # compressed ids, one table per kind (ob, fl/fi/fe/cfi, fn/cfn)
def name(kind, text):
    m = re.match(r"\((\d+)\)(?: (.*))?$", text)
    if not m:
        return text
    table = names.setdefault(kind, {})
    if m.group(2) is not None:
        table[m.group(1)] = m.group(2)
    return table[m.group(1)]

self_cost = defaultdict(int)   # (object, function) -> Ir
edges = defaultdict(int)       # ((object, caller), (object, callee)) -> inclusive Ir
calls = defaultdict(int)       # callee key -> number of calls
total = None
ob = fn = cob = cfn = None
after_calls = False
with open(path) as f:
    for line in f:
        line = line.rstrip("\n")
        if not line:
            continue
        c = line[0]
        if c.isdigit() or c in "+-*":
            parts = line.split()
            cost = int(parts[1]) if len(parts) > 1 else 0
            if after_calls:
                edges[((ob, fn), (cob or ob, cfn))] += cost
                after_calls = False
                cob = None
            else:
                self_cost[(ob, fn)] += cost
            continue
        key, _, value = line.partition("=")
        if key == "ob":
            ob = name("ob", value)
        elif key == "fn":
            fn = name("fn", value)
        elif key == "cob":
            cob = name("ob", value)
        elif key == "cfn":
            cfn = name("fn", value)
        elif key == "calls":
            after_calls = True
            calls[(cob or ob, cfn)] += int(value.split()[0])
        elif line.startswith("totals:") or line.startswith("summary:"):
            total = int(line.split()[1])

if total is None:
    total = sum(self_cost.values())

def driver(key):
    return key[0] is not None and key[0].endswith("/mld-benchmark")

def is_mld(key):
    return key[1] is not None and "ns3::Mld" in key[1] and not driver(key)

def short(fname):
    # Drop the argument list and template arguments of the outermost name for display.
    return fname if len(fname) <= 110 else fname[:107] + "..."

mld_self = sum(v for k, v in self_cost.items() if is_mld(k))
mld_obj_self = sum(v for k, v in self_cost.items()
                   if k[0] is not None and k[0].endswith("libns3-mld.so"))
driver_mld = sum(v for k, v in self_cost.items()
                 if driver(k) and k[1] and "ns3::Mld" in k[1])
entry = defaultdict(int)
for (caller, callee), v in edges.items():
    if is_mld(callee) and not is_mld(caller):
        entry[callee] += v
mld_incl = sum(entry.values())

by_name_self = defaultdict(int)
by_name_incl = defaultdict(int)
for k, v in self_cost.items():
    by_name_self[k[1]] += v
    by_name_incl[k[1]] += v
for (caller, callee), v in edges.items():
    if caller != callee:
        by_name_incl[caller[1]] += v
run_incl = max((v for n, v in by_name_incl.items()
                if n and n.startswith("ns3::Simulator::Run()")), default=0)

pct = lambda v, t: 100.0 * v / t if t else 0.0
print(f"--- {label}")
print(f"total instructions (Ir)             {total:>15,}")
print(f"  of which in Simulator::Run()      {run_incl:>15,}  ({pct(run_incl, total):.1f} %)")
print(f"MLD self (names with ns3::Mld)      {mld_self:>15,}  = {pct(mld_self, total):.2f} % of total,"
      f" <= {pct(mld_self, run_incl):.2f} % of Run()")
print(f"  cross-check: all of libns3-mld.so {mld_obj_self:>15,}  = {pct(mld_obj_self, total):.2f} %")
print(f"  (driver code naming MLD types, not counted: {driver_mld:,})")
print(f"MLD inclusive (calls into MLD)      {mld_incl:>15,}  = {pct(mld_incl, total):.2f} % of total")
if msgs:
    deliveries = msgs * (hosts + 1)
    print(f"MLD messages sent {msgs:,}; MLD self Ir per message {mld_self / msgs:,.0f},"
          f" per delivery (message x {hosts + 1} nodes) {mld_self / deliveries:,.1f};"
          f" total Ir per message {total / msgs:,.0f}")
    print(f"records N x G = {hosts * groups:,}; MLD self Ir per record {mld_self / (hosts * groups):,.0f}")
if top:
    print(f"top {top} MLD functions by self cost:")
    for n, v in sorted(((n, v) for n, v in by_name_self.items()
                        if n and "ns3::Mld" in n), key=lambda x: -x[1])[:top]:
        print(f"  {v:>14,}  {pct(v, total):5.2f} %  {short(n)}")
    print(f"top {top} MLD entry points by inclusive cost (calls from non-MLD code):")
    agg = defaultdict(int)
    ncalls = defaultdict(int)
    for k, v in entry.items():
        agg[k[1]] += v
        ncalls[k[1]] += calls[k]
    for n, v in sorted(agg.items(), key=lambda x: -x[1])[:top]:
        per = v / ncalls[n] if ncalls[n] else 0
        print(f"  {v:>14,}  {pct(v, total):5.2f} %  {ncalls[n]:>9,} calls {per:>10,.0f}/call  {short(n)}")
    print(f"top {top} MLD functions by inclusive cost:")
    for n, v in sorted(((n, v) for n, v in by_name_incl.items()
                        if n and "ns3::Mld" in n), key=lambda x: -x[1])[:top]:
        print(f"  {v:>14,}  {pct(v, total):5.2f} %  {short(n)}")
    print(f"top {top} functions overall by self cost (unnamed: stripped symbols of that object):")
    overall = defaultdict(int)
    for k, v in self_cost.items():
        obj = (k[0] or "?").rsplit("/", 1)[-1]
        overall[k[1] if k[1] and not k[1].startswith("0x") else f"{k[1]} [{obj}]"] += v
    for n, v in sorted(overall.items(), key=lambda x: -x[1])[:top]:
        print(f"  {v:>14,}  {pct(v, total):5.2f} %  {short(n)}")
EOF
}

# compare <mld.out> <baseline.out> <top>: where the MLD run's extra instructions
# are, function by function (inclusive cost, MLD run - baseline), leaving out
# the call chain both runs share (main ... Ipv6L3Protocol::Receive), i.e. the
# functions whose difference is 90 % or more of the whole difference.
compare() {
  python3 - "$@" <<'EOF'
import re
import sys
from collections import defaultdict

def parse(path):
    names = {}
    def name(kind, text):
        m = re.match(r"\((\d+)\)(?: (.*))?$", text)
        if not m:
            return text
        table = names.setdefault(kind, {})
        if m.group(2) is not None:
            table[m.group(1)] = m.group(2)
        return table[m.group(1)]
    incl, calls, total = defaultdict(int), defaultdict(int), 0
    fn = cfn = None
    after = False
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if not after or cfn != fn:
                    incl[fn] += cost
                after = False
                continue
            key, _, value = line.partition("=")
            if key in ("ob", "cob"):
                name("ob", value)
            elif key == "fn":
                fn = name("fn", value)
            elif key == "cfn":
                cfn = name("fn", value)
            elif key == "calls":
                after = True
                calls[cfn] += int(value.split()[0])
            elif line.startswith("totals:") or line.startswith("summary:"):
                total = int(line.split()[1])
    return incl, calls, total

mld, base, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
(mi, mc, mt), (bi, bc, bt) = parse(mld), parse(base)
diff = mt - bt
rows = [(n, mi.get(n, 0) - bi.get(n, 0)) for n in set(mi) | set(bi)]
rows = [r for r in rows if r[0] and r[1] < 0.9 * diff]
print(f"where the {diff:,} extra Ir of the MLD run are (inclusive, MLD run - baseline;"
      " calls in the MLD run / in the baseline):")
for n, v in sorted(rows, key=lambda r: -r[1])[:top]:
    print(f"  {v:>16,} {100 * v / diff:5.1f} %  {mc.get(n, 0):>10,} / {bc.get(n, 0):<10,}"
          f"  {n if len(n) <= 100 else n[:97] + '...'}")
EOF
}

# profile <label> <hosts> <groups> <version> <top>
profile() {
  local label=$1 n=$2 g=$3 v=$4 top=$5
  local out=$out_dir/callgrind.$label.out
  local args=(--hosts="$n" --groups="$g" --mldVersion="$v" --simTime="$sim_time"
    --churnMean="$((n * lan_churn_gap))")
  echo "\$ valgrind --tool=callgrind --callgrind-out-file=$out $bench ${args[*]}"
  local start end line
  start=$(date +%s)
  line=$(valgrind --tool=callgrind --callgrind-out-file="$out" "$bench" "${args[@]}" \
    2>"$out_dir/valgrind.$label.log" | tail -1)
  end=$(date +%s)
  echo "$line   (under callgrind: $((end - start)) s wall)"
  echo "$line" | awk '{print $11}' >"$out_dir/msgs.$label"
  analyse "$out" "$label" "$n" "$g" "$(echo "$line" | awk '{print $11}')" "$top"
  echo
}

# baseline <label> <hosts> <packets>: the same topology without MLD, as many
# plain ICMPv6 packets; prints its total instructions.
baseline() {
  local label=$1 n=$2 packets=$3
  local out=$out_dir/callgrind.$label.out
  local args=(--hosts="$n" --simTime="$sim_time" --baseline --baselinePackets="$packets")
  echo "\$ valgrind --tool=callgrind --callgrind-out-file=$out $bench ${args[*]}"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bench" "${args[@]}" \
    2>"$out_dir/valgrind.$label.log" | tail -1
  grep -E '^(totals|summary):' "$out" | head -1 |
    python3 -c 'import sys; print(f"baseline total instructions (Ir)    {int(sys.stdin.read().split()[1]):>15,}")'
}

if [ "$what" = all ] || [ "$what" = main ]; then
  label="N${hosts}-G${groups}-v${version}"
  # The run is deterministic: a native run gives the MLD message count, so the
  # MLD run and its baseline can run under callgrind side by side (2 cores).
  msgs=$("$bench" --hosts="$hosts" --groups="$groups" --mldVersion="$version" \
    --simTime="$sim_time" --churnMean="$((hosts * lan_churn_gap))" | tail -1 | awk '{print $11}')
  profile "$label" "$hosts" "$groups" "$version" 12 >"$out_dir/report.$label" &
  mld_pid=$!
  baseline "$label-baseline" "$hosts" "$msgs" >"$out_dir/report.$label-baseline" &
  base_pid=$!
  wait "$mld_pid" "$base_pid"
  cat "$out_dir/report.$label" "$out_dir/report.$label-baseline"
  compare "$out_dir/callgrind.$label.out" "$out_dir/callgrind.$label-baseline.out" 15
  if [ "$(cat "$out_dir/msgs.$label")" != "$msgs" ]; then
    echo "warning: the callgrind run sent $(cat "$out_dir/msgs.$label") MLD messages, the native run $msgs"
  fi
  mld_total=$(grep -E '^(totals|summary):' "$out_dir/callgrind.$label.out" | head -1 | awk '{print $2}')
  base_total=$(grep -E '^(totals|summary):' "$out_dir/callgrind.$label-baseline.out" | head -1 | awk '{print $2}')
  python3 -c 'import sys
m, b, n = map(int, sys.argv[1:4])
print(f"MLD run - baseline = {m - b:,} Ir ({100 * (m - b) / m:.1f} % of the MLD run;"
      f" {(m - b) / n:,.0f} Ir per MLD message): what carrying MLD messages instead of"
      " plain ICMPv6 packets costs in all, ns-3 included")' "$mld_total" "$base_total" "$msgs"
  echo
  echo "callgrind_annotate $out_dir/callgrind.N${hosts}-G${groups}-v${version}.out" \
    "| head -40   (the full annotated listing)"
  echo
fi

if [ "$what" = all ] || [ "$what" = linearity ]; then
  for v in 1 2; do
    for g in 1 20; do
      profile "N${lin_hosts}-G${g}-v${v}" "$lin_hosts" "$g" "$v" 6
    done
  done
fi

if [ "$what" = compare ]; then
  label="N${hosts}-G${groups}-v${version}"
  compare "$out_dir/callgrind.$label.out" "$out_dir/callgrind.$label-baseline.out" 15
fi
