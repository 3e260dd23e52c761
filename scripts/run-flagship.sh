#!/usr/bin/env bash
# Install what is missing, build the library and the flagship example
# (mld-router-lan; mld-lan where the module has no mld-router-lan), run it.
#
#   bash scripts/run-flagship.sh [example options, e.g. --stopTime=100]
#
# The pcaps go to ./mld-output (override with MLD_OUTPUT_DIR), one per
# device: <example>-<node>-<device>.pcap. Open them with wireshark or
#   tshark -r mld-output/<example>-0-1.pcap -Y icmpv6
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# The flagship is mld-router-lan; mld-lan where the module has no mld-router-lan.
example=mld-lan
if grep -qw 'mld-router-lan' examples/CMakeLists.txt; then
  example=mld-router-lan
fi
MLD_TARGETS=$example bash scripts/build.sh
bin_dir=${MLD_BUILD_DIR:-build}/bin
if [ ! -x "$bin_dir/$example" ]; then
  echo "run-flagship: $bin_dir/$example was not built" >&2
  exit 1
fi

output_dir=${MLD_OUTPUT_DIR:-$PWD/mld-output}
mkdir -p "$output_dir"
rm -f "$output_dir/$example"-*.pcap

echo "run-flagship: $bin_dir/$example --outputDir=$output_dir $*"
"$bin_dir/$example" --outputDir="$output_dir" "$@"

shopt -s nullglob
pcaps=("$output_dir/$example"-*.pcap)
if [ ${#pcaps[@]} -eq 0 ]; then
  echo "run-flagship: $example wrote no pcap in $output_dir" >&2
  exit 1
fi
echo
echo "run-flagship: ${#pcaps[@]} pcaps of $example in $output_dir:"
for pcap in "${pcaps[@]}"; do
  echo "  $pcap"
done
