#!/usr/bin/env bash
# Unpack an ns-3 source tree to check the module in (scripts/check-ns3-tree.sh).
#
#   bash scripts/get-ns3-source.sh debian DIR        Debian 12's ns-3.37 source package
#   bash scripts/get-ns3-source.sh TAG DIR GIT_DIR   a tag (ns-3.48, ns-3.35, ...) or commit
#                                                    of a clone of ns-3's git repository
#
# Prints the path of the tree (the folder holding ./ns3 or ./waf) on its last line.
# "debian" adds a deb-src line for bookworm if apt has none, and installs what the
# tree's build needs (MPI included, for distributed runs). Runs as root.
# ns-3 sources are never committed to this repository: DIR is a scratch folder.
set -euo pipefail

usage() {
  sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}
[ $# -ge 2 ] || usage
what=$1
dir=$2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# What building an ns-3 tree needs here, besides scripts/setup.sh's packages.
packages=(python3 ninja-build libopenmpi-dev openmpi-bin dpkg-dev)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$package")
done

case $what in
  debian)
    if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      cat >/etc/apt/sources.list.d/mld-deb-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
      apt-get update -q </dev/null >&2
    fi
    if [ ${#missing[@]} -gt 0 ]; then
      [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ] || apt-get update -q </dev/null >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}" \
        </dev/null >&2
    fi
    tree=$(find "$dir" -maxdepth 3 -name ns3 -type f -path '*ns-3.37/ns3' | head -n 1)
    if [ -z "$tree" ]; then
      (cd "$dir" && apt-get source -q ns3 </dev/null >&2)
      tree=$(find "$dir" -maxdepth 3 -name ns3 -type f -path '*ns-3.37/ns3' | head -n 1)
    fi
    [ -n "$tree" ] || { echo "get-ns3-source: no ns-3.37 tree in $dir" >&2; exit 1; }
    dirname "$tree"
    ;;
  *)
    [ $# -eq 3 ] || usage
    git_dir=$3
    if [ ${#missing[@]} -gt 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}" \
        </dev/null >&2
    fi
    tree=$dir/$what
    if [ ! -f "$tree/VERSION" ]; then
      mkdir -p "$tree"
      # Large LTE fading traces may be missing from a shallow snapshot; no module here
      # needs them.
      git --git-dir="$git_dir" archive "$what" -- . ':!src/lte/model/fading-traces/*.fad' |
        tar -x -C "$tree"
    fi
    echo "$tree"
    ;;
esac
