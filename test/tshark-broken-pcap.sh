#!/usr/bin/env bash
# Can the scenario pcap check (scripts/tshark-check.sh) fail? Runs a scenario with --pcap,
# checks that a pcap of it passes, then that two deliberately broken copies fail:
#   - checksum: one bit of the ICMPv6 checksum of the first MLD message flipped;
#   - malformed: that message's Hop-by-Hop header claims 2048 octets (Hdr Ext Len 255), more
#     than the packet holds.
#
#   bash test/tshark-broken-pcap.sh RUNNER SCENARIO.yaml
#
# Exit code: 0 all as expected, 1 not, 77 (CTest: skipped) when tshark is not installed.
set -uo pipefail
export LC_ALL=C
[ $# -eq 2 ] || { echo "usage: $0 RUNNER SCENARIO.yaml" >&2; exit 2; }
runner=$1
scenario=$2
src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=$src_dir/scripts/tshark-check.sh

if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIP tshark not installed"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mld-broken-pcap.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

"$runner" "$scenario" --pcap="$tmp/pcaps" --quiet || { echo "FAIL the runner failed"; exit 1; }
pcap=$(ls "$tmp"/pcaps/*.pcap | head -n 1)
[ -n "$pcap" ] || { echo "FAIL no pcap written"; exit 1; }

# break MODE IN OUT: a copy of IN with the first MLD message (Ethernet, IPv6, Hop-by-Hop,
# ICMPv6 type 130-143) broken as MODE says.
break_pcap() {
  python3 - "$@" <<'EOF'
import struct, sys
mode, src, dst = sys.argv[1:4]
data = bytearray(open(src, "rb").read())
magic = struct.unpack("<I", data[:4])[0]
end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
offset = 24
while offset + 16 <= len(data):
    incl = struct.unpack(end + "I", data[offset + 8:offset + 12])[0]
    frame = offset + 16
    ip = frame + 14
    if data[frame + 12:frame + 14] == b"\x86\xdd" and data[ip + 6] == 0:
        hbh = ip + 40
        icmp = hbh + 8 * (data[hbh + 1] + 1)
        if data[hbh] == 58 and 130 <= data[icmp] <= 143:
            if mode == "checksum":
                data[icmp + 3] ^= 0x01
            else:
                data[hbh + 1] = 255
            open(dst, "wb").write(data)
            sys.exit(0)
    offset = frame + incl
sys.exit("no MLD message in " + src)
EOF
}

failed=0
if out=$(bash "$check" --pcap "$pcap" 2>&1); then
  echo "PASS the pcap as written passes: $(basename "$pcap")"
else
  echo "FAIL the pcap as written does not pass:"; echo "$out"; failed=1
fi
for mode in checksum malformed; do
  broken=$tmp/$mode.pcap
  break_pcap "$mode" "$pcap" "$broken" || { failed=1; continue; }
  if out=$(bash "$check" --pcap "$broken" 2>&1); then
    echo "FAIL the $mode-broken copy passes:"; echo "$out"; failed=1
  else
    case $mode in
      checksum) want='checksum status' ;;
      malformed) want='malformed packet' ;;
    esac
    if grep -q "$want" <<<"$out"; then
      echo "PASS the $mode-broken copy fails: $(grep -m1 "$want" <<<"$out" | sed 's/^ *//')"
    else
      echo "FAIL the $mode-broken copy fails, but not with '$want':"; echo "$out"; failed=1
    fi
  fi
done
exit $failed
