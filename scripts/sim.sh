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
if [ ! -f target/test-classes/io/paddock/sim/SimMain.class ] || [ ! -f target/sim-classpath.txt ] \
    || [ -n "$(find src -newer target/sim-classpath.txt -name '*.java' -print -quit)" ]; then
  mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/sim-classpath.txt -Dmdep.includeScope=test >&2
fi
exec java -Xss4m -cp "target/test-classes:target/classes:$(cat target/sim-classpath.txt)" io.paddock.sim.SimMain "$@"
