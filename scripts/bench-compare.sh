#!/usr/bin/env bash
# Paddock vs Apache ZooKeeper 3.9.5, standalone, fsync on for both, same machine, one run:
# copies ../shared/bench (the external zkbench harness, official ZooKeeper 3.9.5 client) to
# target/zkbench, builds it, starts a fresh ZooKeeper with its zk-ensemble.sh and a fresh
# Paddock node, runs its run-compare.sh (every workload alternately against both), prints the
# ratio table (Paddock / ZooKeeper) and stops both servers (only the pids it started).
#   scripts/bench-compare.sh            # full suite, BENCH_SECONDS/BENCH_WARMUP as in suite.sh
#   BENCH_SECONDS=10 scripts/bench-compare.sh
#   scripts/bench-compare.sh --nodes 3  # a 3-node Paddock (scripts/cluster.sh, no fault proxy)
#                                       # against a 3-node ZooKeeper (zk-ensemble.sh start 3);
#                                       # every benchmark session connects across all nodes
# Environment: SHARED (default ../shared next to the repo), PADDOCK_HEAP / ZK_HEAP (default 2g).
set -euo pipefail
NODES=1
if [[ "${1:-}" == "--nodes" ]]; then NODES="${2:?--nodes needs 1 or 3}"; shift 2; fi
[[ "$NODES" == 1 || "$NODES" == 3 || "$NODES" == 5 ]] || { echo "bench-compare: --nodes 1, 3 or 5" >&2; exit 2; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
WORK="$ROOT/target/zkbench"
[[ -d "$SHARED/bench" ]] || { echo "bench-compare: no $SHARED/bench" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK" && cp -r "$SHARED/bench/." "$WORK/" && chmod -R u+w "$WORK"
(cd "$WORK" && mvn -B -q package)
(cd "$ROOT" && mvn -B -q package -DskipTests)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
export ZK_DIR="$WORK/target/zk"
export CLUSTER_DIR="$ROOT/target/bench-cluster"
PADDOCK_PID=""
cleanup() {
  [[ -n "$PADDOCK_PID" ]] && kill "$PADDOCK_PID" 2>/dev/null || true
  if [[ "$NODES" != 1 ]]; then "$ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true; fi
  (cd "$WORK" && ./zk-ensemble.sh stop >/dev/null 2>&1) || true
}
trap cleanup EXIT
ZK_CONNECT=$(cd "$WORK" && ./zk-ensemble.sh start "$NODES" | tail -1)
if [[ "$NODES" == 1 ]]; then
  PORT=$(free_port)
  DATA="$ROOT/target/bench-paddock"
  rm -rf "$DATA" && mkdir -p "$DATA"
  # The HTTP port is on (as by default, so that the metrics' cost is measured) but on a free port.
  java -Xmx"${PADDOCK_HEAP:-2g}" -jar "$ROOT/target/paddock.jar" --client-port "$PORT" --http-port "$(free_port)" \
    --data-dir "$DATA/data" \
    > "$DATA/node.log" 2>&1 &
  PADDOCK_PID=$!
  for _ in $(seq 1 100); do
    grep -q "serving ZooKeeper clients" "$DATA/node.log" && break
    kill -0 "$PADDOCK_PID" 2>/dev/null || { cat "$DATA/node.log"; exit 1; }
    sleep 0.2
  done
  PADDOCK_CONNECT="127.0.0.1:$PORT"
else
  "$ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true
  PADDOCK_CONNECT=$(CLUSTER_PROXY=0 PADDOCK_HEAP="${PADDOCK_HEAP:-2g}" "$ROOT/scripts/cluster.sh" start "$NODES" | tail -1)
fi
echo "zookeeper: $ZK_CONNECT   paddock: $PADDOCK_CONNECT"
export COMPARE_OUT="${COMPARE_OUT:-$ROOT/target/compare-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
"$WORK/run-compare.sh" "$ZK_CONNECT" zk-3.9.5 "$PADDOCK_CONNECT" paddock
