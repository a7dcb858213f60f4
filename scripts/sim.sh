#!/usr/bin/env bash
# The deterministic cluster simulator alone: scripts/sim.sh SEEDS [--nodes 3|5] [--first N]
# Builds the test classes if needed, runs SEEDS seeds (3 and 5 voters alternating unless
# --nodes is given), prints every failing seed with its violations and how to replay it, and
# ends with the plain line "sim: <seeds> seeds, <violations> violations" (exit 1 if any).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/sim.sh SEEDS [--nodes 3|5] [--first N]" >&2
  exit 2
fi
. scripts/test-classpath.sh
ensure_test_classes io/paddock/sim/SimMain
exec java -Xss4m -cp "$TEST_CP" io.paddock.sim.SimMain "$@"
