# Sourced by sim.sh, chaos.sh and failover.sh (from the repository root): builds what a tool in
# the test sources needs, if it is missing or older than the sources, and sets TEST_CP to the
# classpath that runs it (test classes, main classes, every test-scope dependency).
#   ensure_test_classes io/paddock/sim/SimMain [--jar]   # --jar: target/paddock.jar too
ensure_test_classes() {
  local class="target/test-classes/$1.class" stamp=target/sim-classpath.txt
  if [[ "${2:-}" == "--jar" && ! -f target/paddock.jar ]]; then
    mvn -B -q package -DskipTests >&2
  fi
  if [[ ! -f "$class" || ! -f "$stamp" || -n "$(find src -newer "$stamp" -name '*.java' -print -quit)" ]]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$stamp" -Dmdep.includeScope=test >&2
  fi
  TEST_CP="target/test-classes:target/classes:$(cat "$stamp")"
}
