#!/usr/bin/env bash
# CI's check of the module inside an ns-3 source tree: Debian 12's ns-3.37 source
# package, unpacked into ./build-ns3-debian, configured with MPI (so that distributed
# runs can be tested), then scripts/check-ns3-tree.sh: build, ./test.py -s mld, the
# flagship and tshark on its pcaps; then scripts/mpi-proxy-check.sh: the proxy tree under
# mpirun -np 1, 2 and 4 gives the lines of the sequential run (a few seconds).
#
#   bash scripts/ci-ns3-tree.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
tree=$(bash scripts/get-ns3-source.sh debian build-ns3-debian | tail -n 1)
MLD_NS3_MODULES="mld fd-net-device mpi" bash scripts/check-ns3-tree.sh --configure-arg --enable-mpi "$tree"
bash scripts/mpi-proxy-check.sh "$tree"
