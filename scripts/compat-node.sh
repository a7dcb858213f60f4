#!/usr/bin/env bash
# Compatibility check with the Node.js client node-zookeeper-client (pinned below), outside the
# Maven test suite because it needs node and npm: installs the client into target/compat-node,
# starts a fresh Paddock node on a free loopback port, runs scripts/compat/node-zookeeper-client.js
# against it, and stops the node (by its pid). Exit 0 when every step passed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/target/compat-node"
CLIENT_VERSION=1.1.3
command -v node >/dev/null && command -v npm >/dev/null || { echo "compat-node: needs node and npm" >&2; exit 2; }
mkdir -p "$WORK"
[[ -d "$WORK/node_modules/node-zookeeper-client" ]] || (cd "$WORK" && npm install --silent --no-save "node-zookeeper-client@$CLIENT_VERSION")
[[ -f "$ROOT/target/paddock.jar" ]] || (cd "$ROOT" && mvn -B -q package -DskipTests)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
rm -rf "$WORK/data"
java -Xmx512m -jar "$ROOT/target/paddock.jar" --client-port "$PORT" --data-dir "$WORK/data" > "$WORK/node.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "serving ZooKeeper clients" "$WORK/node.log" && break; sleep 0.2; done
NODE_PATH="$WORK/node_modules" timeout 60 node "$ROOT/scripts/compat/node-zookeeper-client.js" "127.0.0.1:$PORT"
