#!/usr/bin/env bash
# The runner's --plot option: `RUNNER SCENARIO.yaml --plot=DIR` exits 0 and writes
# DIR/<name>.plt, .dat, .png (a valid PNG: signature, chunk CRCs, IHDR 1100 pixels wide, IEND
# last) and .svg; its "plot" command names one series per kind of mark and the picture one
# row per lane (test/mld-scenario-plot-test.cc derives those counts from the scenario; here the
# runner's path is checked). Without gnuplot the .plt must still be written and the runner must
# still exit 0 and say how to render; the test then exits 77 (CTest: skipped).
#
#   bash test/scenario-plot-check.sh RUNNER SCENARIO.yaml
set -uo pipefail
export LC_ALL=C
[ $# -eq 2 ] || { echo "usage: $0 RUNNER SCENARIO.yaml" >&2; exit 2; }
runner=$1
scenario=$2
name=$(sed -n 's/^name:[[:space:]]*//p' "$scenario" | head -n 1)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mld-plot-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

"$runner" "$scenario" --plot="$tmp" --quiet 2>"$tmp/stderr"
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL the runner exited with $rc"; cat "$tmp/stderr"; exit 1; }
[ -s "$tmp/$name.plt" ] && [ -s "$tmp/$name.dat" ] || { echo "FAIL no $name.plt/.dat"; exit 1; }
echo "PASS $name.plt and $name.dat written"

if ! command -v gnuplot >/dev/null 2>&1; then
  if grep -q "gnuplot not found.*gnuplot '$name.plt'" "$tmp/stderr"; then
    echo "SKIP gnuplot not installed (the runner said how to render)"
    exit 77
  fi
  echo "FAIL gnuplot missing and the runner did not say how to render:"; cat "$tmp/stderr"
  exit 1
fi

if [ ! -s "$tmp/$name.png" ] || [ ! -s "$tmp/$name.svg" ]; then
  echo "FAIL no $name.png or $name.svg; the runner said:"; cat "$tmp/stderr"
  exit 1
fi
grep -q '</svg>' "$tmp/$name.svg" || { echo "FAIL $name.svg is not a whole SVG"; exit 1; }
python3 - "$tmp/$name.png" <<'EOF' || exit 1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("FAIL no PNG signature")
at, types = 8, []
while at + 12 <= len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    body = data[at + 8:at + 8 + length]
    crc, = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
    if zlib.crc32(kind + body) & 0xffffffff != crc:
        sys.exit("FAIL bad CRC in chunk %r" % kind)
    types.append(kind)
    if kind == b"IHDR":
        width, height = struct.unpack(">II", body[:8])
    at += 12 + length
if not types or types[0] != b"IHDR" or types[-1] != b"IEND" or b"IDAT" not in types or at != len(data):
    sys.exit("FAIL chunk order %r" % types)
if width != 1100 or not 200 <= height <= 4000:
    sys.exit("FAIL odd size %dx%d" % (width, height))
print("PASS %s: valid PNG, %dx%d, %d chunks" % (sys.argv[1].split("/")[-1], width, height, len(types)))
EOF
echo "PASS $name.svg written"
