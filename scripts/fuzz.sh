#!/usr/bin/env bash
# Build the libFuzzer target over the MLD parsers and run it.
#   scripts/fuzz.sh [RUNS]   (default 10000000 executions)
# Seeds: every IPv6 packet, and its ICMPv6 part, of the Linux captures in test/data.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10000000}"
command -v clang++ >/dev/null || { apt-get install -y -qq clang >/dev/null; }
cmake -S . -B build-fuzz -DMLD_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j2 --target mld-parser-fuzz >/dev/null
corpus=build-fuzz/corpus
mkdir -p "$corpus"
python3 - "$corpus" test/data/*.pcap <<'PY'
import struct, sys, os
out = sys.argv[1]
n = 0
for path in sys.argv[2:]:
    data = open(path, 'rb').read()
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack('<I', data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) > 14 and frame[12:14] == b'\x86\xdd':
            ip = frame[14:]
            for blob in (ip, ip[48:]):
                open(os.path.join(out, 'seed-%04d' % n), 'wb').write(blob)
                n += 1
print(n, 'seeds')
PY
./build-fuzz/bin/mld-parser-fuzz -runs="$runs" -max_len=2048 -print_final_stats=1 "$corpus" 2>&1 | tail -25
