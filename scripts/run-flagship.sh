#!/usr/bin/env bash
# Install what is missing, build the library and the flagship example
# (mld-router-lan; mld-lan where the module has no mld-router-lan), run it.
#
#   bash scripts/run-flagship.sh [example options, e.g. --stopTime=100]
#
# The pcaps go to ./mld-output (override with MLD_OUTPUT_DIR), one per
# device: <example>-<node>-<device>.pcap. Open them with wireshark or
#   tshark -r mld-output/<example>-0-1.pcap -Y icmpv6
# Then the flagship scenario (examples/scenarios/flagship-lan.yaml) runs
# through the scenario runner, when it is built (yaml-cpp), with its pcaps
# and its timeline picture beside them: mld-output/flagship-lan-*.pcap,
# mld-output/flagship-lan.png and .svg (doc/mld.rst, "Pictures").
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

# The flagship scenario and its picture.
scenario=examples/scenarios/flagship-lan.yaml
if ! MLD_TARGETS=mld-scenario bash scripts/build.sh >/dev/null 2>&1 ||
  [ ! -x "$bin_dir/mld-scenario" ]; then
  echo "run-flagship: the scenario runner is not built (needs libyaml-cpp-dev): no picture"
  exit 0
fi
rm -f "$output_dir"/flagship-lan-*.pcap "$output_dir"/flagship-lan.{png,svg,plt,dat}
echo
echo "run-flagship: $bin_dir/mld-scenario $scenario --pcap=$output_dir --plot=$output_dir"
"$bin_dir/mld-scenario" "$scenario" --pcap="$output_dir" --plot="$output_dir"
