#!/usr/bin/env bash
# crash-loop.sh N [SEED] - the crash test of issue 4 for N rounds, outside the normal suite.
#
# Runs io.paddock.process.CrashIT (the same scenario the suite runs 30 rounds of): a Paddock
# node as a child JVM on one data directory; each round starts it, runs a write load of 4 async
# ZooKeeper clients (sequential creates, setData, two-node multis), kills it with SIGKILL after
# a random number of acknowledged ops, restarts it and checks that every acknowledged write is
# there, no multi is half-applied, and sessions/ephemerals are as ZooKeeper would keep them.
#
# How: builds target/paddock.jar and the test classes (mvn package -DskipTests), then runs only
# that class with failsafe, passing -Dcrash.rounds=N (and -Dcrash.seed=SEED to replay a run;
# the seed of every run is printed on its first line). Per-round lines and a summary (acked
# ops, restart-to-serving times) go to stdout; on failure the node's log tail is printed.
# Budget about 4-5 s per round on 2 cores. Offline Maven (-o): dependencies must be in ~/.m2.
set -euo pipefail
rounds="${1:?usage: crash-loop.sh ROUNDS [SEED]}"
seed_arg=()
if [[ $# -ge 2 ]]; then seed_arg=("-Dcrash.seed=$2"); fi
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests
exec mvn -B -o failsafe:integration-test failsafe:verify -Dit.test=CrashIT \
    -Dcrash.rounds="$rounds" "${seed_arg[@]}"
