#!/usr/bin/env bash
# Conformance check of the examples' pcaps with tshark.
#
#   scripts/tshark-check.sh [--keep] BIN_DIR [EXAMPLE=MS[,MS...]]...
#
# Runs every example binary found in BIN_DIR (the names of examples/*.cc,
# plus any EXAMPLE named on the command line; examples not built, and
# examples without an --outputDir option, are skipped) with
# --outputDir=<temporary folder>, then reads every pcap it wrote with tshark
# and checks:
#   - no malformed packet, no expert info of severity "error";
#   - every MLD message (ICMPv6 type 130, 131, 132, 143):
#       hop limit 1; a Hop-by-Hop Options header holding a Router Alert
#       option (type 5) with value 0 (MLD, RFC 2711); ICMPv6 code 0; ICMPv6
#       checksum good; source link-local (queries) or link-local or ::
#       (reports and Dones, RFC 3590);
#       destination: Report -> the reported group, Done -> ff02::2,
#       General Query -> ff02::1, Multicast-Address-Specific Query -> the
#       group, MLDv2 Report -> ff02::16;
#       no Report or Done for ff02::1 or an interface-local/reserved-scope
#       group (RFC 2710 section 5);
#   - every Query's Maximum Response Delay is one of the values in ms that
#     the example configured, given as EXAMPLE=MS,MS,... (an example without
#     one is checked against the querier's defaults, 10000,1000);
#   - each example exits with 0, writes at least one pcap and at least one
#     MLD message in all.
# Prints one line per example and per pcap, then "N passed, N failed", and
# exits non-zero if anything failed. A missing tshark is a failure.
# --keep: keep the temporary folder (its path is printed).
#
#   scripts/tshark-check.sh [--keep] --scenario RUNNER FILE.yaml...
#
# Scenario files instead of examples: runs `RUNNER FILE.yaml --pcap=<temporary
# folder> --quiet` (RUNNER: the mld-scenario binary) for each file and checks
# every pcap it wrote as above. The allowed Maximum Response Delays are the
# querier defaults (10000, 1000 ms) and every QueryResponseInterval and
# LastListenerQueryInterval the file sets. The runner must exit with 0.
#
#   scripts/tshark-check.sh [--keep] --pcap FILE.pcap...
#
# Checks the given pcaps as above, any Maximum Response Delay allowed (used by
# the test that feeds it a deliberately corrupted pcap).
set -uo pipefail
export LC_ALL=C

usage() {
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

keep=0
mode=examples
runner=
while [ $# -gt 0 ]; do
  case $1 in
    --keep) keep=1; shift ;;
    --scenario)
      [ $# -ge 2 ] || usage
      mode=scenario; runner=$2; shift 2 ;;
    --pcap) mode=pcap; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) echo "tshark-check: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
declare -A expected_mrd=()
declare -A wanted=()
if [ "$mode" = examples ]; then
  bin_dir=$1
  shift
  if [ -d "$bin_dir" ]; then
    bin_dir=$(cd "$bin_dir" && pwd)
  fi
fi
for spec in "$@"; do
  [ "$mode" = examples ] || break
  if [[ "$spec" != *=* ]] || [[ ! "${spec#*=}" =~ ^[0-9]+(,[0-9]+)*$ ]]; then
    echo "tshark-check: bad argument '$spec' (want EXAMPLE=MS[,MS...])" >&2
    exit 2
  fi
  expected_mrd[${spec%%=*}]=${spec#*=}
  wanted[${spec%%=*}]=1
done

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

if ! command -v tshark >/dev/null 2>&1; then
  fail "tshark not found: install it (bash scripts/setup.sh)"
  finish
fi
echo "tshark-check: $(tshark --version 2>/dev/null | head -n 1)"

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for source in "$src_dir"/examples/*.cc; do
  [ -e "$source" ] && wanted[$(basename "$source" .cc)]=1
done
mapfile -t examples < <(printf '%s\n' "${!wanted[@]}" | sort)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mld-tshark-check.XXXXXX") || exit 1
if [ "$keep" -eq 1 ]; then
  echo "tshark-check: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

# Reads tshark's tab-separated fields (see `fields` below) and prints one
# line per violation, then "COUNTS <packets> <mld> <general queries>
# <specific queries> <reports> <dones> <v2 reports> <malformed> <expert errors>".
# shellcheck disable=SC2016
awk_program='
function first(list,    p) { p = index(list, ","); return p ? substr(list, 1, p - 1) : list }
function has(list, value,    n, items, i) {
    n = split(list, items, ",")
    for (i = 1; i <= n; i++) if (items[i] == value) return 1
    return 0
}
function bad(message) {
    violations++
    if (violations <= 25) print "    frame " frame ": " message
    else if (violations == 26) print "    (more violations not shown)"
}
# MLDv2 Maximum Response Code to milliseconds (RFC 3810 section 5.1.3).
function mrc_to_ms(code,    mant, expo) {
    if (code < 32768) return code
    mant = code % 4096
    expo = int(code / 4096) % 8
    return (mant + 4096) * 2 ^ (expo + 3)
}
BEGIN {
    FS = "\t"
    n = split(mrd, values, ",")
    for (i = 1; i <= n; i++) allowed[values[i] + 0] = 1
    any_delay = (mrd == "any")
}
{
    frame = $1
    packets++
    if ($3 != "") { malformed++; bad("malformed packet (" $3 ")") }
    if (has($2, "8388608")) { experr++; bad("expert info of severity error") }

    type = first($4)
    if (type != "130" && type != "131" && type != "132" && type != "143") next
    mld++
    src = first($6); dst = first($7); hlim = first($8); group = first($13)
    what = "type " type

    if (hlim != "1") bad(what ": hop limit " hlim ", not 1")
    if ($9 == "") bad(what ": no Hop-by-Hop Options header")
    if (!has($10, "0x05") && !has($10, "5")) bad(what ": no Router Alert option")
    else if ($11 == "" || first($11) + 0 != 0) bad(what ": Router Alert value " $11 ", not 0 (MLD)")
    if (first($5) != "0") bad(what ": ICMPv6 code " first($5) ", not 0")
    if (first($12) != "1") bad(what ": ICMPv6 checksum status " first($12) ", not 1 (good)")
    linklocal = (src ~ /^fe[89ab][0-9a-f]:/)
    if (type == "130" && !linklocal) bad(what ": source " src " is not link-local")
    if (type != "130" && !linklocal && src != "::") bad(what ": source " src " is neither link-local nor ::")

    if (type == "130") {
        if (group == "::") {
            general++
            if (dst != "ff02::1") bad("General Query to " dst ", not ff02::1")
        } else {
            specific++
            if (dst != group) bad("Query for " group " sent to " dst)
        }
        delay = ($14 != "") ? first($14) + 0 : mrc_to_ms(first($15) + 0)
        if (!any_delay && !(delay in allowed)) bad("Query Maximum Response Delay " delay " ms, not one of " mrd)
    } else if (type == "131" || type == "132") {
        if (type == "131") reports++; else dones++
        if (type == "131" && dst != group) bad("Report for " group " sent to " dst)
        if (type == "132" && dst != "ff02::2") bad("Done for " group " sent to " dst ", not ff02::2")
        if (group == "ff02::1" || group ~ /^ff[0-9a-f][01]:/)
            bad(what " for " group " (RFC 2710 section 5: never reported)")
    } else {
        v2reports++
        if (dst != "ff02::16") bad("MLDv2 Report sent to " dst ", not ff02::16")
    }
}
END {
    printf "COUNTS %d %d %d %d %d %d %d %d %d\n", packets, mld, general, specific, reports, dones,
           v2reports, malformed, experr
    exit violations > 0
}'

fields=(
  frame.number                      # 1
  _ws.expert.severity               # 2
  _ws.malformed                     # 3
  icmpv6.type                       # 4
  icmpv6.code                       # 5
  ipv6.src                          # 6
  ipv6.dst                          # 7
  ipv6.hlim                         # 8
  ipv6.hopopts.nxt                  # 9
  ipv6.opt.type                     # 10
  ipv6.opt.router_alert             # 11
  icmpv6.checksum.status            # 12
  icmpv6.mld.multicast_address      # 13
  icmpv6.mld.maximum_response_delay # 14 (MLDv1 Query)
  icmpv6.mld.maximum_response_code  # 15 (MLDv2 Query)
)
tshark_fields=()
for field in "${fields[@]}"; do
  tshark_fields+=(-e "$field")
done

# check_pcap NAME PCAP MRD: one PASS/FAIL line; adds its MLD count to $mld_total.
check_pcap() {
  local name=$1 pcap=$2 mrd=$3 label table result counts rc
  label="$name/$(basename "$pcap")"
  table=$(mktemp "$tmp/fields.XXXXXX")
  if ! tshark -n -r "$pcap" -T fields -E separator=/t -E occurrence=a -E aggregator=, \
    "${tshark_fields[@]}" >"$table" 2>"$table.tshark-stderr"; then
    fail "$label: tshark could not read it"
    sed 's/^/    /' "$table.tshark-stderr"
    return
  fi
  result=$(awk -v mrd="$mrd" "$awk_program" "$table")
  rc=$?
  counts=$(grep '^COUNTS ' <<<"$result")
  if [ -z "$counts" ]; then
    fail "$label: could not analyse the tshark output"
    return
  fi
  # shellcheck disable=SC2086
  set -- ${counts#COUNTS }
  mld_total=$((mld_total + $2))
  local summary="$1 packets, $2 MLD (general query $3, specific query $4, report $5,"
  summary+=" done $6, v2 report $7), $8 malformed, $9 expert errors"
  if [ "$rc" -eq 0 ]; then
    pass "$label: $summary"
  else
    fail "$label: $summary"
    grep -v '^COUNTS ' <<<"$result"
  fi
}

# ms TIME: a scenario file's time ("5s", "500ms", "1.5s") in ms; nothing if unreadable.
ms() {
  awk -v t="$1" 'BEGIN {
    if (match(t, /^[0-9]*\.?[0-9]+ms$/)) printf "%d\n", substr(t, 1, length(t) - 2) + 0
    else if (match(t, /^[0-9]*\.?[0-9]+s$/)) printf "%d\n", (substr(t, 1, length(t) - 1) * 1000) + 0.5
  }'
}

if [ "$mode" = pcap ]; then
  for pcap in "$@"; do
    mld_total=0
    check_pcap pcap "$pcap" any
  done
  finish
fi

if [ "$mode" = scenario ]; then
  for file in "$@"; do
    name=$(basename "$file" .yaml)
    mrd=10000,1000
    while read -r value; do
      value=$(ms "$value")
      [ -n "$value" ] && mrd+=",$value"
    done < <(grep -oE '(QueryResponseInterval|LastListenerQueryInterval)"?[[:space:]]*:[[:space:]]*"?[0-9.]+m?s' "$file" \
               | sed -E 's/.*:[[:space:]]*"?//')
    out=$tmp/$name
    mkdir -p "$out"
    echo "RUN  $runner $file --pcap=$out  (expected Max Response Delays: $mrd ms)"
    timeout 1200 "$runner" "$file" --pcap="$out" --quiet >"$tmp/$name.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
      fail "$name: the runner exited with status $rc; last lines of its output:"
      tail -n 30 "$tmp/$name.log" | sed 's/^/    /'
      continue
    fi
    shopt -s nullglob
    pcaps=("$out"/*.pcap)
    shopt -u nullglob
    if [ ${#pcaps[@]} -eq 0 ]; then
      fail "$name: wrote no pcap in $out"
      continue
    fi
    mld_total=0
    for pcap in "${pcaps[@]}"; do
      check_pcap "$name" "$pcap" "$mrd"
    done
    if [ "$mld_total" -eq 0 ]; then
      fail "$name: no MLD message in its ${#pcaps[@]} pcaps"
    else
      pass "$name: ran, ${#pcaps[@]} pcaps, $mld_total MLD messages"
    fi
  done
  finish
fi

ran=0
for name in "${examples[@]}"; do
  exe=$bin_dir/$name
  if [ ! -x "$exe" ]; then
    echo "SKIP $name: not built ($exe)"
    continue
  fi
  # Only simulations that write pcaps: the ones with an --outputDir option
  # (not, for example, mld-linux-interop, which drives a real interface).
  help=$(cd "$tmp" && timeout 120 "$exe" --PrintHelp 2>&1)
  if ! grep -q -- '--outputDir:' <<<"$help"; then
    if [ -n "${expected_mrd[$name]:-}" ]; then
      fail "$name: has no --outputDir option"
    else
      echo "SKIP $name: has no --outputDir option (writes no pcaps)"
    fi
    continue
  fi
  ran=$((ran + 1))
  mrd=${expected_mrd[$name]:-}
  if [ -z "$mrd" ]; then
    mrd=10000,1000
    echo "NOTE $name: no Maximum Response Delay set given; using the querier defaults $mrd ms"
  fi
  out=$tmp/$name
  mkdir -p "$out"
  echo "RUN  $name --outputDir=$out  (expected Max Response Delays: $mrd ms)"
  (cd "$out" && timeout 1200 "$exe" --outputDir="$out") >"$tmp/$name.log" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    fail "$name: exited with status $rc; last lines of its output:"
    tail -n 30 "$tmp/$name.log" | sed 's/^/    /'
    continue
  fi
  shopt -s nullglob
  pcaps=("$out"/*.pcap)
  shopt -u nullglob
  if [ ${#pcaps[@]} -eq 0 ]; then
    fail "$name: wrote no pcap in $out"
    continue
  fi
  mld_total=0
  for pcap in "${pcaps[@]}"; do
    check_pcap "$name" "$pcap" "$mrd"
  done
  if [ "$mld_total" -eq 0 ]; then
    fail "$name: no MLD message in its ${#pcaps[@]} pcaps"
  else
    pass "$name: ran, ${#pcaps[@]} pcaps, $mld_total MLD messages"
  fi
done

if [ $ran -eq 0 ]; then
  fail "no example binary found in $bin_dir (${examples[*]})"
fi
finish
