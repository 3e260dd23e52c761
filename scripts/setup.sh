#!/usr/bin/env bash
# Install the Debian 12 packages needed to build and test the mld module.
# Idempotent: asks dpkg-query which packages are missing and installs only
# those, so a second run costs nothing. Runs as root (no sudo needed) or
# through sudo when run as another user.
set -euo pipefail

packages=(
  cmake make g++            # toolchain
  libns3-dev ns3            # ns-3.37 libraries, headers and CMake package
  # named by ns-3's CMake package (ns3Targets.cmake): include folders
  # /usr/include/{python3.11,libxml2}, link libraries libgsl.so and
  # libsqlite3.so (ns3::libstats, which ns3::libapplications pulls in)
  libgsl-dev libpython3.11-dev libxml2-dev libsqlite3-dev
  libboost-test-dev         # Boost.Test, the unit test framework of test/
  libyaml-cpp-dev           # YAML reader of the scenario runner (examples/mld-scenario.cc)
  tshark                    # pcap conformance check (scripts/tshark-check.sh)
  gnuplot-nox               # scenario timeline pictures (mld-scenario --plot=DIR)
  iproute2 python3          # live Linux interop test (scripts/linux-interop-test.sh)
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  if [[ "$status" != ii* ]]; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup: missing packages (${missing[*]}); run as root or install sudo" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ " ${missing[*]} " == *" tshark "* ]]; then
  # Don't ask whether non-root users may capture packets.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' \
    | "${as_root[@]}" debconf-set-selections
fi
"${as_root[@]}" apt-get update -q </dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null

for package in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  if [[ "$status" != ii* ]]; then
    echo "setup: $package is still not installed" >&2
    exit 1
  fi
done
echo "setup: done"
