#!/usr/bin/env bash
# One workload against each node of a 3-node Paddock and a 3-node ZooKeeper 3.9.5 in turn, so
# that the node a single session lands on is the same on both sides. bench-compare.sh connects
# each session across all nodes, as the issue asks, and a one-session run then lands on one node
# at random, independently for each server: one run's 1x1 ratio is partly a draw of leader
# against follower. This script takes that draw out:
#   - starts both ensembles fresh (zk-ensemble.sh start 3, cluster.sh start 3 without the proxy);
#   - warms both with the same 16-session set run (JIT, log segments, snapshots), then each
#     node with a short run of the workload;
#   - for each round, for node 1, 2, 3: the workload on ZooKeeper's node i, then on Paddock's;
#   - prints one line per run (labelled with the node and its role), each node's ratios by round,
#     and the median p99 ratio over all pairs;
#   - stops both (only the pids it started).
#   scripts/bench-nodes.sh                      # set 1x1, 2 rounds, 8 s per run
#   ROUNDS=3 SECONDS_PER_RUN=10 WORKLOAD=get scripts/bench-nodes.sh
# Environment: SHARED (default ../shared next to the repo), PADDOCK_HEAP / ZK_HEAP (default 2g),
# ROUNDS, SECONDS_PER_RUN, WORKLOAD, SESSIONS, INFLIGHT, OUT (the JSON lines, default
# target/nodes-<time>.jsonl).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
WORK="$ROOT/target/zkbench"
ROUNDS="${ROUNDS:-2}" SECONDS_PER_RUN="${SECONDS_PER_RUN:-8}" WORKLOAD="${WORKLOAD:-set}"
SESSIONS="${SESSIONS:-1}" INFLIGHT="${INFLIGHT:-1}"
OUT="${OUT:-$ROOT/target/nodes-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
[[ -d "$SHARED/bench" ]] || { echo "bench-nodes: no $SHARED/bench" >&2; exit 2; }

if [[ ! -f "$WORK/target/zkbench.jar" ]]; then
  rm -rf "$WORK" && mkdir -p "$WORK" && cp -r "$SHARED/bench/." "$WORK/" && chmod -R u+w "$WORK"
  (cd "$WORK" && mvn -B -q package)
fi
[[ -f "$ROOT/target/paddock.jar" ]] || (cd "$ROOT" && mvn -B -q package -DskipTests)
BENCH="$WORK/target/zkbench.jar"
export ZK_DIR="$WORK/target/zk-nodes"
export CLUSTER_DIR="$ROOT/target/bench-nodes-cluster"
cleanup() {
  "$ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true
  (cd "$WORK" && ./zk-ensemble.sh stop >/dev/null 2>&1) || true
}
trap cleanup EXIT
ZK_CONNECT=$(cd "$WORK" && ./zk-ensemble.sh start 3 | tail -1)
"$ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true
PADDOCK_CONNECT=$(CLUSTER_PROXY=0 PADDOCK_HEAP="${PADDOCK_HEAP:-2g}" "$ROOT/scripts/cluster.sh" start 3 | tail -1)
IFS=, read -r -a ZK_NODES <<< "$ZK_CONNECT"
IFS=, read -r -a PADDOCK_NODES <<< "$PADDOCK_CONNECT"
ZK_LEADER=$(cd "$WORK" && ./zk-ensemble.sh leader)
PADDOCK_LEADER=$("$ROOT/scripts/cluster.sh" leader)
echo "zookeeper: $ZK_CONNECT (leader $ZK_LEADER)   paddock: $PADDOCK_CONNECT (leader node $PADDOCK_LEADER)"

run() { # label connect workload sessions inflight seconds warmup
  java -jar "$BENCH" --connect "$2" --label "$1" --out "$OUT" --workload "$3" --sessions "$4" --inflight "$5" \
    --size 1024 --seconds "$6" --warmup "$7" | grep -v '^$' | tail -1
}
run zk-warm "$ZK_CONNECT" set 16 8 10 2
run paddock-warm "$PADDOCK_CONNECT" set 16 8 10 2
for i in 0 1 2; do # each node's own path warm too (the first measured pair was cold without this)
  run "zk-warm-$((i + 1))" "${ZK_NODES[$i]}" "$WORKLOAD" "$SESSIONS" "$INFLIGHT" 3 1 > /dev/null
  run "paddock-warm-$((i + 1))" "${PADDOCK_NODES[$i]}" "$WORKLOAD" "$SESSIONS" "$INFLIGHT" 3 1 > /dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2; do
    zk_role=follower paddock_role=follower
    [[ "${ZK_NODES[$i]}" == "$ZK_LEADER" ]] && zk_role=leader
    [[ "$((i + 1))" == "$PADDOCK_LEADER" ]] && paddock_role=leader
    run "zk-node$((i + 1))-$zk_role" "${ZK_NODES[$i]}" "$WORKLOAD" "$SESSIONS" "$INFLIGHT" "$SECONDS_PER_RUN" 2
    run "paddock-node$((i + 1))-$paddock_role" "${PADDOCK_NODES[$i]}" "$WORKLOAD" "$SESSIONS" "$INFLIGHT" \
      "$SECONDS_PER_RUN" 2
  done
done
echo "Results: $OUT"
python3 - "$OUT" <<'EOF'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if '-node' in line]
def of(side, node):
    return [r for r in runs if r["label"].startswith("%s-node%d-" % (side, node))]
print("| node | ZooKeeper role | Paddock role | ops/s Paddock/ZK per round | p99 Paddock/ZK per round |")
print("|---|---|---|---|---|")
p99_ratios = []
for node in (1, 2, 3):
    pairs = list(zip(of("zk", node), of("paddock", node)))
    p99 = [p["p99_us"] / z["p99_us"] for z, p in pairs]
    p99_ratios += p99
    ops = " / ".join("%.2f" % (p["ops_per_s"] / z["ops_per_s"]) for z, p in pairs)
    roles = [side["label"].split("-")[-1] for side in pairs[0]]
    print("| %d | %s | %s | %s | %s |" % (node, roles[0], roles[1], ops, " / ".join("%.2f" % r for r in p99)))
print("median p99 ratio over %d pairs: %.2f (worst %.2f)"
      % (len(p99_ratios), statistics.median(p99_ratios), max(p99_ratios)))
EOF
