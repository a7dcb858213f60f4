#!/usr/bin/env bash
# Storage benchmark (issue 4): Paddock vs Apache ZooKeeper 3.9.5 holding N znodes of 100 bytes.
# A benchmark, not a test: it prints figures, it does not pass or fail on them.
#
#   scripts/bench-storage.sh [N]        # N leaves, default 1000000
#
# For ZooKeeper and then Paddock, each on a fresh data directory under target/bench-storage/<server>,
# a free port on 127.0.0.1, -Xmx4g -XX:+UseG1GC, fsync on, a snapshot every 100000 txns
# (snapCount=100000: ZooKeeper jitters it to 50000..100000 txns; Paddock takes its
# snapshotTxnCountMax from the same key), 4lw whitelist *, no connection limit; both read the same
# zoo.cfg (written to <dir>/zoo.cfg):
#   1. start on an empty tree; wait until srvr answers with a Mode line; `srst`;
#      measure heap used after a full GC (jcmd GC.run, then GC.heap_info "used"): the empty baseline.
#   2. load: io.paddock.bench.LoadZnodes (official ZooKeeper 3.9.5 client, async API, 8 sessions x
#      200 in flight, plain creates only, no multi) creates /bench, N/500 parents (at most 2000)
#      and N leaves /bench/pNNNN/nNNNNNNN of 100 bytes. Load throughput = leaves / seconds.
#   3. after the load, from `mntr`: Paddock's zk_event_loop_lag_max_ms (longest event-loop stall
#      since the srst, measured by a 10 ms timer; it covers every snapshot taken during the load,
#      and the load itself) and both servers' zk_max_latency. Snapshot files written during the
#      load are counted (Paddock: <data-dir>/snapshots/*, ZooKeeper: version-2/snapshot.*). When
#      Paddock wrote none, the stall figure is reported as "no snapshot taken" (it then only shows
#      the stall under load).
#   4. heap used after a full GC again; (loaded - empty) / (znodes added, i.e. N + parents + 1,
#      from srvr "Node count") = heap bytes per znode.
#   5. SIGKILL the server (only the pid this script started), restart it on the same data dir,
#      and time from process launch to srvr answering with a Mode line AND the Node count seen
#      before the kill (io.paddock.bench.ServingProbe polls every 10 ms). That is "restart to
#      serving". The server's own recovery log line is quoted (Paddock: "recovered N txns ...
#      in M ms"; ZooKeeper: "Snapshot loaded in ..."), and heap after GC is measured once more.
# Prints a markdown table (metric | ZooKeeper 3.9.5 | Paddock | ratio Paddock/ZooKeeper) and
# appends one JSON line per server to target/bench-storage/results.jsonl. Every process it started
# is stopped on exit (trap EXIT, by pid). Server logs: target/bench-storage/<server>/*.log.
#
# Environment: BENCH_HEAP (default 4g), SNAP_COUNT (default 100000), BENCH_SESSIONS (8),
# BENCH_INFLIGHT (200), BENCH_SERVERS (default "zookeeper paddock"; either one alone works).
# The machine is shared (2 cores): the load average at start and end is printed and recorded;
# treat the ratios, not the absolute figures, as the result, and repeat when the load was high.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000000}"
HEAP="${BENCH_HEAP:-4g}"
SNAP="${SNAP_COUNT:-100000}"
SESSIONS="${BENCH_SESSIONS:-8}"
INFLIGHT="${BENCH_INFLIGHT:-200}"
SERVERS="${BENCH_SERVERS:-zookeeper paddock}"
OUT="$ROOT/target/bench-storage"
RESULTS="$OUT/results.jsonl"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"

die() { echo "bench-storage: $*" >&2; exit 1; }
say() { echo "bench-storage: $*" >&2; }
command -v jcmd >/dev/null || die "jcmd not found (needs a JDK)"

# --- build -------------------------------------------------------------------------------------
mkdir -p "$OUT"
(cd "$ROOT" && mvn -B -q -o package -DskipTests && mvn -B -q -o test-compile) || die "build failed"
(cd "$ROOT" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null) || die "mvn dependency:build-classpath failed"
DEPS="$(cat "$OUT/classpath.txt")"
TOOLS_CP="$ROOT/target/test-classes:$DEPS"
cat > "$OUT/logback-tools.xml" <<'EOF'
<configuration>
  <appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="E"/></root>
</configuration>
EOF
tool() { java -Dlogback.configurationFile="$OUT/logback-tools.xml" -cp "$TOOLS_CP" "$@"; }

# --- processes ---------------------------------------------------------------------------------
STARTED=()   # every server pid this script launched
cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STARTED[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Sends a four-letter word; prints the answer (empty when there is none within 5 s).
fourlw() {
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "%s" "$1" >&3; cat <&3' "$1" "$2" 2>/dev/null || true
}
mntr_value() { sed -n "s/^$2[[:space:]]*//p" <<< "$1" | head -1; }
node_count() { fourlw "$1" srvr | sed -n 's/^Node count: //p'; }

# Heap used after a full GC, in bytes (G1: "garbage-first heap   total 123K, used 45K").
heap_used() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | sed -n 's/.*heap .*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 | awk '{print $1 * 1024}'
}

# Launches one server in the background; sets SERVER_PID. Args: server dir port logname.
launch() {
  local server=$1 dir=$2 port=$3 log=$4
  if [[ "$server" == paddock ]]; then
    java "-Xmx$HEAP" -XX:+UseG1GC "-Xlog:gc:file=$dir/$log.gc" -jar "$ROOT/target/paddock.jar" --config "$dir/zoo.cfg" \
      > "$dir/$log" 2>&1 < /dev/null &
  else
    java "-Xmx$HEAP" -XX:+UseG1GC "-Xlog:gc:file=$dir/$log.gc" -cp "$DEPS" -Dlogback.configurationFile="$dir/logback.xml" \
      -Dzookeeper.log.dir="$dir" -Dzookeeper.jmx.log4j.disable=true -Dlog.name="$log" \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" > "$dir/$log.stdout" 2>&1 < /dev/null &
  fi
  SERVER_PID=$!
  STARTED+=("$SERVER_PID")
}

# The same zoo.cfg serves both servers (Paddock reads zoo.cfg and warns about keys it ignores).
write_config() {
  local dir=$1 port=$2
  cat > "$dir/zoo.cfg" <<EOF
tickTime=2000
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
maxClientCnxns=0
4lw.commands.whitelist=*
admin.enableServer=false
autopurge.purgeInterval=0
snapCount=$SNAP
forceSync=yes
EOF
  cat > "$dir/logback.xml" <<EOF
<configuration>
  <appender name="F" class="ch.qos.logback.core.FileAppender">
    <file>$dir/\${log.name}</file>
    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{30} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="F"/></root>
</configuration>
EOF
}

snapshot_files() {
  local server=$1 dir=$2
  if [[ "$server" == paddock ]]; then
    # <data-dir>/snapshots is where SnapshotVerticle writes; any file named *snap* elsewhere in
    # the data dir counts too, in case the layout differs. -1: no snapshot support found.
    if [[ -d "$dir/data/snapshots" ]]; then
      find "$dir/data/snapshots" -type f ! -name '*.tmp' | wc -l
    elif [[ -n "$(find "$dir/data" -type f -iname '*snap*' -print -quit)" ]]; then
      find "$dir/data" -type f -iname '*snap*' ! -name '*.tmp' | wc -l
    else
      echo -1
    fi
  else
    find "$dir/data/version-2" -name 'snapshot.*' 2>/dev/null | wc -l
  fi
}

stop_server() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Longest GC pause in a -Xlog:gc file (ms), leaving out the full GCs this script asks for.
gc_pause_max() {
  grep 'Pause' "$1" 2>/dev/null | grep -v 'System.gc' | sed -n 's/.* \([0-9.]*\)ms$/\1/p' \
    | awk 'BEGIN{m=0} {if ($1+0 > m) m=$1+0} END{printf "%.1f", m}'
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- one server --------------------------------------------------------------------------------
# Runs steps 1-5 for one server and leaves its figures in R_<server>_<metric> variables.
measure() {
  local server=$1 dir="$OUT/$1" port
  rm -rf "$dir" && mkdir -p "$dir/data"
  port=$(free_port)
  write_config "$dir" "$port"
  say "$server: starting on 127.0.0.1:$port ($dir)"
  launch "$server" "$dir" "$port" server.log
  local pid=$SERVER_PID
  tool io.paddock.bench.ServingProbe --port "$port" --pid "$pid" --timeout-seconds 120 >/dev/null \
    || die "$server did not start; see $dir/server.log"
  fourlw "$port" srst >/dev/null
  local base heap_empty snaps_before
  base=$(node_count "$port")
  heap_empty=$(heap_used "$pid")
  snaps_before=$(snapshot_files "$server" "$dir")
  say "$server: empty tree has $base znodes, heap after GC $((heap_empty / 1048576)) MiB; loading $N znodes"

  local load_rc=0
  tool io.paddock.bench.LoadZnodes --connect "127.0.0.1:$port" --count "$N" --sessions "$SESSIONS" \
    --inflight "$INFLIGHT" --size 100 --timeout-seconds $((300 + N / 500)) > "$dir/load.json" || load_rc=$?
  [[ $load_rc == 0 ]] || say "$server: loader exited $load_rc (see $dir/load.json)"
  local load_json mntr
  load_json=$(cat "$dir/load.json")
  mntr=$(fourlw "$port" mntr)
  echo "$mntr" > "$dir/mntr-after-load.txt"
  local lag maxlat snaps_after loaded heap_loaded
  lag=$(mntr_value "$mntr" zk_event_loop_lag_max_ms)
  maxlat=$(mntr_value "$mntr" zk_max_latency)
  local gcmax
  gcmax=$(gc_pause_max "$dir/server.log.gc")
  snaps_after=$(snapshot_files "$server" "$dir")
  loaded=$(node_count "$port")
  heap_loaded=$(heap_used "$pid")
  local added=$((loaded - base))
  (( added > 0 )) || die "$server: no znodes were added (node count $base -> $loaded)"
  local per_znode=$(( (heap_loaded - heap_empty) / added ))
  local disk
  disk=$(du -sb "$dir/data" | cut -f1)
  say "$server: $loaded znodes; heap after GC $((heap_loaded / 1048576)) MiB, $per_znode B/znode; kill -9 and restart"

  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  local t0 ready restart_ms
  t0=$(date +%s%3N)
  launch "$server" "$dir" "$port" restart.log
  pid=$SERVER_PID
  ready=$(tool io.paddock.bench.ServingProbe --port "$port" --pid "$pid" --expect-nodes "$loaded" \
    --timeout-seconds 900 | cut -d' ' -f1) || die "$server did not come back with $loaded znodes; see $dir/restart.log"
  restart_ms=$((ready - t0))
  local heap_restart recovery
  heap_restart=$(heap_used "$pid")
  if [[ "$server" == paddock ]]; then
    recovery=$(grep -o 'recovered .*' "$dir/restart.log" | head -1 || true)
  else
    recovery=$(grep -oE '(Snapshot loaded in|Snapshotting:|Snapshot taken).*' "$dir/restart.log" | tr '\n' ';' || true)
  fi
  say "$server: serving again after $restart_ms ms ($recovery)"
  stop_server "$pid"

  local stall_note=""
  if [[ "$server" == paddock ]] && (( snaps_after < 0 || snaps_after - snaps_before <= 0 )); then stall_note="no snapshot taken"; fi
  printf -v "R_${server}_load_per_s" '%s' "$(sed -n 's/.*"per_s":\([0-9]*\).*/\1/p' <<< "$load_json")"
  printf -v "R_${server}_load_s" '%s' "$(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' <<< "$load_json")"
  printf -v "R_${server}_load_errors" '%s' "$(sed -n 's/.*"errors":\([0-9]*\).*/\1/p' <<< "$load_json")"
  printf -v "R_${server}_lag" '%s' "${lag:-n/a}"
  printf -v "R_${server}_stall_note" '%s' "$stall_note"
  printf -v "R_${server}_maxlat" '%s' "${maxlat:-n/a}"
  printf -v "R_${server}_gcmax" '%s' "$gcmax"
  printf -v "R_${server}_snaps" '%s' "$(( snaps_after < 0 ? -1 : snaps_after - snaps_before ))"
  printf -v "R_${server}_per_znode" '%s' "$per_znode"
  printf -v "R_${server}_per_znode_restart" '%s' "$(( (heap_restart - heap_empty) / added ))"
  printf -v "R_${server}_restart_s" '%s' "$(awk -v m="$restart_ms" 'BEGIN{printf "%.2f", m/1000}')"
  printf -v "R_${server}_disk_mb" '%s' "$(awk -v b="$disk" 'BEGIN{printf "%.0f", b/1048576}')"
  printf '{"run":"%s","server":"%s","n":%s,"znodes":%s,"base_znodes":%s,"heap":"%s","snap_count":%s,"load":%s,"event_loop_lag_max_ms":"%s","stall_note":"%s","max_latency_ms":"%s","gc_pause_max_ms":%s,"snapshots_during_load":%s,"heap_empty_bytes":%s,"heap_loaded_bytes":%s,"heap_per_znode_bytes":%s,"heap_after_restart_bytes":%s,"data_dir_bytes":%s,"restart_ms":%s,"recovery_log":"%s","loadavg":"%s"}\n' \
    "$RUN_ID" "$server" "$N" "$loaded" "$base" "$HEAP" "$SNAP" "$load_json" "${lag:-}" "$stall_note" "${maxlat:-}" "$gcmax" \
    "$(( snaps_after < 0 ? -1 : snaps_after - snaps_before ))" "$heap_empty" "$heap_loaded" "$per_znode" \
    "$heap_restart" "$disk" "$restart_ms" "${recovery//\"/\'}" "$(load_avg)" >> "$RESULTS"
}

# --- run ---------------------------------------------------------------------------------------
LOAD_START=$(load_avg)
say "N=$N, heap $HEAP, snapshot every $SNAP txns; load average at start: $LOAD_START"
for s in $SERVERS; do measure "$s"; done
LOAD_END=$(load_avg)

get() { local v="R_$1_$2"; echo "${!v:-n/a}"; }
[[ "$(get paddock snaps)" == -1 ]] && R_paddock_snaps="none (no snapshot files in the data dir)"
ratio() {
  local a b; a=$(get zookeeper "$1"); b=$(get paddock "$1")
  awk -v a="$a" -v b="$b" 'BEGIN{ if (a+0 > 0 && b ~ /^[0-9.]+$/) printf "%.2f", b/a; else printf "n/a" }'
}
stall=$(get paddock lag)
[[ -n "$(get paddock stall_note)" && "$(get paddock stall_note)" != n/a ]] && stall="$(get paddock stall_note) (stall under load: $stall ms)"
echo
echo "Storage benchmark, N=$N leaves of 100 bytes ($RUN_ID; load average $LOAD_START at start, $LOAD_END at end)"
echo
echo "| metric | ZooKeeper 3.9.5 | Paddock | ratio |"
echo "|---|---|---|---|"
echo "| load throughput (creates/s, ${SESSIONS}x${INFLIGHT} in flight) | $(get zookeeper load_per_s) | $(get paddock load_per_s) | $(ratio load_per_s) |"
echo "| load errors | $(get zookeeper load_errors) | $(get paddock load_errors) | |"
echo "| snapshots written during the load | $(get zookeeper snaps) | $(get paddock snaps) | |"
echo "| longest event-loop stall during the load (ms) | n/a | $stall | |"
echo "| max request latency during the load (ms, mntr) | $(get zookeeper maxlat) | $(get paddock maxlat) | $(ratio maxlat) |"
echo "| longest GC pause during start + load (ms, G1 log) | $(get zookeeper gcmax) | $(get paddock gcmax) | $(ratio gcmax) |"
echo "| heap after GC per znode (bytes) | $(get zookeeper per_znode) | $(get paddock per_znode) | $(ratio per_znode) |"
echo "| heap after GC per znode after restart (bytes) | $(get zookeeper per_znode_restart) | $(get paddock per_znode_restart) | $(ratio per_znode_restart) |"
echo "| restart to serving, SIGKILL then launch -> srvr with all znodes (s) | $(get zookeeper restart_s) | $(get paddock restart_s) | $(ratio restart_s) |"
echo "| data directory size (MiB) | $(get zookeeper disk_mb) | $(get paddock disk_mb) | $(ratio disk_mb) |"
echo
echo "Raw figures: $RESULTS (run $RUN_ID)"
