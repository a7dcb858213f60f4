#!/usr/bin/env bash
# Failover of a local 3-node ensemble under a write load (scripts/cluster.sh, no fault proxy):
#   scripts/failover.sh [--mode kill|stop] [--rounds N]   # SIGKILL (default) or SIGSTOP the leader N times (10)
#   scripts/failover.sh --steady SECONDS                   # no faults: count elections under load
# Each round: one session pinned to each node writes continuously; the leader is signalled; the
# time from the signal to the first write acknowledged with a zxid of a newer epoch through a
# surviving node is printed; the node is restarted (or resumed) and the ensemble made whole.
# The last line gives the median, min and max. Default settings (heartbeatMs, electionTimeoutMs).
# Environment: CLUSTER_DIR (default target/failover-cluster), NODES (3), PADDOCK_HEAP (512m).
set -euo pipefail
cd "$(dirname "$0")/.."
export CLUSTER_DIR="${CLUSTER_DIR:-$PWD/target/failover-cluster}"
. scripts/test-classpath.sh
ensure_test_classes io/paddock/process/FailoverProbe --jar
scripts/cluster.sh stop >/dev/null 2>&1 || true
CLUSTER_PROXY=0 scripts/cluster.sh start "${NODES:-3}" >/dev/null
trap 'scripts/cluster.sh stop >/dev/null 2>&1 || true' EXIT
java -Dpaddock.root="$PWD" -Dpaddock.log.level=WARN \
  -cp "$TEST_CP" io.paddock.process.FailoverProbe "$@" \
  2> >(grep -v -E '^[0-9:. ]+ (INFO|DEBUG|WARN) ' >&2)
