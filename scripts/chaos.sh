#!/usr/bin/env bash
# Chaos on real processes: scripts/chaos.sh [--nodes 3|5] [--seconds S] [--nemesis kill,pause,partition[,oneway]] [--seed N]
# Starts a local ensemble with scripts/cluster.sh (fault proxy on every peer link), attacks it
# with a seeded nemesis while clients (official ZooKeeper client) run a mixed workload, checks the
# recorded history (linearizability, lost acknowledged writes, ephemerals), stops every process it
# started, and ends with the plain line:
#   chaos: <ok> ok, <failed> failed, <indeterminate> indeterminate, <lost> lost, linearizable=<true|false>
# The history is kept in $CLUSTER_DIR/history.txt (default target/chaos-cluster). Exit 1 on a violation.
set -euo pipefail
cd "$(dirname "$0")/.."
export CLUSTER_DIR="${CLUSTER_DIR:-$PWD/target/chaos-cluster}"
. scripts/test-classpath.sh
ensure_test_classes io/paddock/process/ChaosRunner --jar
mkdir -p "$CLUSTER_DIR"
exec java -Dpaddock.root="$PWD" -Dpaddock.log.level=WARN -cp "$TEST_CP" \
  io.paddock.process.ChaosRunner "$@" 2> >(grep -v -E '^[0-9:. ]+ +(INFO|DEBUG|WARN)' >&2)
