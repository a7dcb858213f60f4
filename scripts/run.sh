#!/usr/bin/env bash
# Builds target/paddock.jar when it is missing or older than the sources, then runs one
# standalone node in the foreground with the given arguments:
#   scripts/run.sh [--config FILE] [--client-port N] [--client-address A] [--data-dir D] [--tick-ms N]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/target/paddock.jar"
if [[ ! -f "$JAR" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
exec java ${PADDOCK_JAVA_OPTS:-} -jar "$JAR" "$@"
