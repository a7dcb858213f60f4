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
#   1. start on an empty tree; wait until srvr answers with a Mode line;
#      measure heap used after a full GC (jcmd GC.run, then GC.heap_info "used"): the empty baseline.
#   2. load: io.paddock.bench.LoadZnodes (official ZooKeeper 3.9.5 client, async API, 8 sessions x
#      200 in flight, plain creates only, no multi) creates /bench, N/500 parents (at most 2000)
#      and N leaves /bench/pNNNN/nNNNNNNN of 100 bytes. Load throughput = leaves / seconds.
#   3. after the load, from `mntr`: Paddock's zk_event_loop_lag_max_ms (longest event-loop stall
#      since the srst, measured by a 10 ms timer; it covers every snapshot taken during the load,
#      and the load itself), both servers' zk_max_latency, and the longest GC pause in the phase
#      (from the -Xlog:gc file, without the full GCs of step 4), and the longest safepoint (every
#      thread stopped: the GC pause plus the time to reach it). Snapshots written during the load
#      are counted from each server's log ("Snapshotting: 0x" / "snapshot <file>: "). When
#      Paddock wrote none, the stall figure is reported as "no snapshot taken" (it then only shows
#      the stall under load).
#   4. heap used after a full GC again; (loaded - empty) / (znodes added, i.e. N + parents + 1,
#      from srvr "Node count") = heap bytes per znode.
#   5. SIGKILL the server (only the pid this script started), restart it on the same data dir,
#      and time from process launch to srvr answering with a Mode line AND the Node count seen
#      before the kill (io.paddock.bench.ServingProbe polls every 10 ms). That is "restart to
#      serving". The server's own recovery log line is quoted (Paddock: "recovered N txns ...
#      in M ms"; ZooKeeper: "Snapshot loaded in ..."), and heap after GC is measured once more.
#   6. steady load on the restarted server: `srst`, then 2.1 x snapCount setData of 100 bytes on
#      the existing leaves, paced at BENCH_SET_RATE (default 10000/s, below saturation: a saturated
#      event loop is always busy and its timer lateness is the batch length, not a stall). It makes
#      every server write about two snapshots of the full tree. Same figures as step 3; this
#      phase's Paddock stall is the figure for issue 4's target (a), under 20 ms.
# In steps 3 and 6 a control runs beside the load: io.paddock.bench.TimerLag, a separate idle JVM
# with a 10 ms sleep loop; its worst lateness is the stall the shared machine causes by itself,
# the floor under Paddock's figure.
# Prints a markdown table (metric | ZooKeeper 3.9.5 | Paddock | ratio Paddock/ZooKeeper) and
# appends one JSON line per server to target/bench-storage/results.jsonl. Every process it started
# is stopped on exit (trap EXIT, by pid). Server logs: target/bench-storage/<server>/*.log.
#
# Environment: BENCH_HEAP (default 4g), SNAP_COUNT (default 100000), BENCH_SESSIONS (8),
# BENCH_INFLIGHT (200), BENCH_SET_RATE (10000), PADDOCK_EXTRA_OPTS (more JVM options for Paddock), BENCH_SERVERS (default "zookeeper paddock"; either one alone works).
# The machine is shared (2 cores): the load average at start and end is printed and recorded;
# treat the ratios, not the absolute figures, as the result, and repeat when the load was high.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000000}"
HEAP="${BENCH_HEAP:-4g}"
SNAP="${SNAP_COUNT:-100000}"
SESSIONS="${BENCH_SESSIONS:-8}"
INFLIGHT="${BENCH_INFLIGHT:-200}"
SET_RATE="${BENCH_SET_RATE:-10000}"
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
    java "-Xmx$HEAP" -XX:+UseG1GC "-Xlog:gc,safepoint:file=$dir/$log.gc" ${PADDOCK_EXTRA_OPTS:-} -jar "$ROOT/target/paddock.jar" --config "$dir/zoo.cfg" \
      > "$dir/$log" 2>&1 < /dev/null &
  else
    java "-Xmx$HEAP" -XX:+UseG1GC "-Xlog:gc,safepoint:file=$dir/$log.gc" -cp "$DEPS" -Dlogback.configurationFile="$dir/logback.xml" \
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

stop_server() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Longest GC pause (ms) in a -Xlog:gc file after its first $2 lines, leaving out the full GCs this
# script asks for (jcmd GC.run logs them as "Diagnostic Command").
gc_pause_max() {
  tail -n +"$(( $2 + 1 ))" "$1" 2>/dev/null | grep 'Pause' | grep -v -e 'System.gc' -e 'Diagnostic Command' \
    | sed -n 's/.* \([0-9.]*\)ms$/\1/p' | awk 'BEGIN{m=0} {if ($1+0 > m) m=$1+0} END{printf "%.1f", m}'
}
# Snapshots a server wrote after line $2 of its log (each is logged once: ZooKeeper's
# "Snapshotting: 0x...", Paddock's "snapshot <file>: N znodes ..."; purge deletes files, so counting
# files would miss some).
snapshots_logged() {
  tail -n +"$(( $2 + 1 ))" "$1" 2>/dev/null | grep -c -E 'Snapshotting: 0x|SnapshotVerticle - snapshot /' || true
}

# Longest stop of every Java thread (ms) after line $2: a safepoint's whole time, GC pause plus the
# time to bring all threads to it (-Xlog:safepoint "Total"), which the GC's pause figure leaves out.
safepoint_max() {
  tail -n +"$(( $2 + 1 ))" "$1" 2>/dev/null | grep 'Safepoint "' | sed -n 's/.*Total: \([0-9]*\) ns.*/\1/p' \
    | awk 'BEGIN{m=0} {if ($1+0 > m) m=$1+0} END{printf "%.1f", m / 1e6}'
}
lines_of() { wc -l < "$1" 2>/dev/null || echo 0; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
json_num() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" <<< "$1"; }

declare -A R   # R[server.metric] = figure

# One load phase against a running server: `srst`, run LoadZnodes with the given options, then
# read mntr, count snapshots written and find the longest GC pause during the phase.
# Args: server dir port pid gclog phase loader-options... Leaves R[server.<phase>_*].
load_phase() {
  local server=$1 dir=$2 port=$3 pid=$4 gclog=$5 phase=$6; shift 6
  local log_from gc_from rc=0 json mntr serverlog="${gclog%.gc}"
  fourlw "$port" srst >/dev/null
  log_from=$(lines_of "$serverlog")
  gc_from=$(lines_of "$gclog")
  java -Xmx64m -cp "$ROOT/target/test-classes" io.paddock.bench.TimerLag > "$dir/$phase.control" &
  local control=$!
  STARTED+=("$control")
  tool io.paddock.bench.LoadZnodes --connect "127.0.0.1:$port" --sessions "$SESSIONS" --inflight "$INFLIGHT" \
    --size 100 "$@" > "$dir/$phase.json" || rc=$?
  [[ $rc == 0 ]] || say "$server: $phase loader exited $rc (see $dir/$phase.json)"
  kill -TERM "$control" 2>/dev/null || true
  wait "$control" 2>/dev/null || true
  json=$(cat "$dir/$phase.json")
  mntr=$(fourlw "$port" mntr)
  echo "$mntr" > "$dir/mntr-after-$phase.txt"
  R[$server.${phase}_json]=$json
  R[$server.${phase}_per_s]=$(json_num "$json" per_s)
  R[$server.${phase}_errors]=$(json_num "$json" errors)
  R[$server.${phase}_lag]=$(mntr_value "$mntr" zk_event_loop_lag_max_ms)
  R[$server.${phase}_maxlat]=$(mntr_value "$mntr" zk_max_latency)
  R[$server.${phase}_control]=$(cut -d' ' -f1 "$dir/$phase.control")
  R[$server.${phase}_gcmax]=$(gc_pause_max "$gclog" "$gc_from")
  R[$server.${phase}_spmax]=$(safepoint_max "$gclog" "$gc_from")
  R[$server.${phase}_snaps]=$(snapshots_logged "$serverlog" "$log_from")
}

# Steps 1-6 for one server (see the header); leaves its figures in R[server.*].
measure() {
  local server=$1 dir="$OUT/$1" port pid
  rm -rf "$dir" && mkdir -p "$dir/data"
  port=$(free_port)
  write_config "$dir" "$port"
  say "$server: starting on 127.0.0.1:$port ($dir)"
  launch "$server" "$dir" "$port" server.log
  pid=$SERVER_PID
  tool io.paddock.bench.ServingProbe --port "$port" --pid "$pid" --timeout-seconds 120 >/dev/null \
    || die "$server did not start; see $dir/server.log"
  local base heap_empty
  base=$(node_count "$port")
  heap_empty=$(heap_used "$pid")
  say "$server: empty tree has $base znodes, heap after GC $((heap_empty / 1048576)) MiB; creating $N znodes"

  load_phase "$server" "$dir" "$port" "$pid" "$dir/server.log.gc" create --op create --count "$N" \
    --timeout-seconds $((300 + N / 500))
  local loaded heap_loaded added
  loaded=$(node_count "$port")
  heap_loaded=$(heap_used "$pid")
  added=$((loaded - base))
  (( added > 0 )) || die "$server: no znodes were added (node count $base -> $loaded)"
  R[$server.znodes]=$loaded
  R[$server.per_znode]=$(( (heap_loaded - heap_empty) / added ))
  R[$server.disk_mb]=$(du -sb "$dir/data" | awk '{printf "%.0f", $1 / 1048576}')
  say "$server: $loaded znodes; heap after GC $((heap_loaded / 1048576)) MiB, ${R[$server.per_znode]} B/znode; kill -9 and restart"

  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  local t0 ready heap_restart recovery
  t0=$(date +%s%3N)
  launch "$server" "$dir" "$port" restart.log
  pid=$SERVER_PID
  ready=$(tool io.paddock.bench.ServingProbe --port "$port" --pid "$pid" --expect-nodes "$loaded" \
    --timeout-seconds 900 | cut -d' ' -f1) || die "$server did not come back with $loaded znodes; see $dir/restart.log"
  R[$server.restart_s]=$(awk -v m="$((ready - t0))" 'BEGIN{printf "%.2f", m/1000}')
  heap_restart=$(heap_used "$pid")
  R[$server.per_znode_restart]=$(( (heap_restart - heap_empty) / added ))
  if [[ "$server" == paddock ]]; then
    recovery=$(grep -o 'recovered .*' "$dir/restart.log" | head -1 || true)
  else
    recovery=$(grep -oE '(Snapshot loaded in|Snapshot taken in).*' "$dir/restart.log" | tr '\n' ';' || true)
  fi
  say "$server: serving again after ${R[$server.restart_s]} s ($recovery)"

  local sets=$(( 2 * SNAP + SNAP / 10 ))
  say "$server: steady load, $sets setData on the full tree at $SET_RATE/s"
  load_phase "$server" "$dir" "$port" "$pid" "$dir/restart.log.gc" set --op set --count "$sets" --leaves "$N" \
    --rate "$SET_RATE" --timeout-seconds $((300 + sets / 500))
  [[ "$server" == paddock ]] && quiet_snapshot "$dir" "$port"
  stop_server "$pid"

  local p
  for p in create set; do
    R[$server.${p}_stall]=${R[$server.${p}_lag]:-n/a}
    if [[ "$server" == paddock ]] && (( ${R[$server.${p}_snaps]} <= 0 )); then
      R[$server.${p}_stall]="no snapshot taken (stall without one: ${R[$server.${p}_lag]:-?} ms)"
    fi
    [[ "${R[$server.${p}_snaps]}" == -1 ]] && R[$server.${p}_snaps]="none (no snapshot files)"
  done
  printf '{"run":"%s","server":"%s","n":%s,"znodes":%s,"base_znodes":%s,"heap":"%s","snap_count":%s,' \
    "$RUN_ID" "$server" "$N" "$loaded" "$base" "$HEAP" "$SNAP" >> "$RESULTS"
  for p in create set; do
    printf '"%s":%s,"%s_event_loop_lag_max_ms":"%s","%s_max_latency_ms":"%s","%s_gc_pause_max_ms":%s,"%s_safepoint_max_ms":%s,"%s_snapshots":"%s","%s_control_lag_max_ms":"%s",' \
      "$p" "${R[$server.${p}_json]:-null}" "$p" "${R[$server.${p}_lag]}" "$p" "${R[$server.${p}_maxlat]}" \
      "$p" "${R[$server.${p}_gcmax]}" "$p" "${R[$server.${p}_spmax]}" "$p" "${R[$server.${p}_snaps]}" "$p" "${R[$server.${p}_control]:-}" >> "$RESULTS"
  done
  printf '"heap_empty_bytes":%s,"heap_loaded_bytes":%s,"heap_per_znode_bytes":%s,"heap_after_restart_bytes":%s,"data_dir_mib":%s,"restart_s":%s,"recovery_log":"%s","loadavg":"%s"}\n' \
    "$heap_empty" "$heap_loaded" "${R[$server.per_znode]}" "$heap_restart" "${R[$server.disk_mb]}" \
    "${R[$server.restart_s]}" "${recovery//\"/\'}" "$(load_avg)" >> "$RESULTS"
}

# Step 7 (Paddock only): the event loop while one snapshot of the full tree is written and no
# client load runs, which isolates the snapshot from request queueing (under load, a timer's
# lateness is mostly the length of the burst of requests queued ahead of it). setData runs paced
# until a snapshot starts (its .tmp file appears), the loader is stopped, `srst`, and mntr's
# zk_event_loop_lag_max_ms is read once the snapshot file is final.
quiet_snapshot() {
  local dir=$1 port=$2 loader tmp="" i
  tool io.paddock.bench.LoadZnodes --connect "127.0.0.1:$port" --sessions 2 --inflight 50 --size 100 --op set \
    --count $(( SNAP * 2 )) --leaves "$N" --rate "$SET_RATE" --timeout-seconds 600 > "$dir/quiet.json" 2>&1 &
  loader=$!
  STARTED+=("$loader")
  for (( i = 0; i < 6000; i++ )); do
    tmp=$(find "$dir/data/snapshots" -name '*.tmp' -print -quit 2>/dev/null || true)
    [[ -n "$tmp" ]] && break
    sleep 0.05
  done
  kill -TERM "$loader" 2>/dev/null || true
  wait "$loader" 2>/dev/null || true
  if [[ -z "$tmp" ]]; then
    R[paddock.quiet_lag]="no snapshot started"
    return 0
  fi
  fourlw "$port" srst >/dev/null
  for (( i = 0; i < 2400; i++ )); do [[ -e "$tmp" ]] || break; sleep 0.05; done
  R[paddock.quiet_lag]=$(mntr_value "$(fourlw "$port" mntr)" zk_event_loop_lag_max_ms)
  say "paddock: snapshot $(basename "$tmp" .tmp) written on an idle node; longest event-loop stall ${R[paddock.quiet_lag]} ms"
}

# --- run ---------------------------------------------------------------------------------------
LOAD_START=$(load_avg)
say "N=$N, heap $HEAP, snapshot every $SNAP txns; load average at start: $LOAD_START"
for s in $SERVERS; do measure "$s"; done
LOAD_END=$(load_avg)

get() { echo "${R[$1.$2]:-n/a}"; }
ratio() {
  local a b; a=$(get zookeeper "$1"); b=$(get paddock "$1")
  awk -v a="$a" -v b="$b" 'BEGIN{ if (a+0 > 0 && b ~ /^[0-9.]+$/) printf "%.2f", b/a; else printf "n/a" }'
}
row() { echo "| $1 | $(get zookeeper "$2") | $(get paddock "$2") | $(ratio "$2") |"; }
row_plain() { echo "| $1 | $(get zookeeper "$2") | $(get paddock "$2") | |"; }
echo
echo "Storage benchmark, N=$N leaves of 100 bytes, snapCount $SNAP ($RUN_ID; load average $LOAD_START at start, $LOAD_END at end)"
echo
echo "| metric | ZooKeeper 3.9.5 | Paddock | ratio |"
echo "|---|---|---|---|"
row "create load: throughput (creates/s, ${SESSIONS}x${INFLIGHT} in flight)" create_per_s
row_plain "create load: errors" create_errors
row_plain "create load: snapshots written" create_snaps
row "create load: longest event-loop stall (ms)" create_stall
row_plain "create load: control, a separate idle JVM's 10 ms timer, worst lateness (ms)" create_control
row "create load: max request latency (ms, mntr)" create_maxlat
row "create load: longest GC pause (ms)" create_gcmax
row "create load: longest safepoint, every thread stopped (ms)" create_spmax
row "heap after GC per znode (bytes)" per_znode
row "heap after GC per znode after restart (bytes)" per_znode_restart
row "restart to serving: SIGKILL, launch -> srvr shows all znodes (s)" restart_s
row "data directory after the create load (MiB)" disk_mb
row "setData load on the full tree, paced at $SET_RATE/s: throughput (ops/s)" set_per_s
row_plain "setData load: snapshots written" set_snaps
row "setData load: longest event-loop stall (ms)" set_stall
row_plain "setData load: control, a separate idle JVM's 10 ms timer, worst lateness (ms)" set_control
row "setData load: max request latency (ms, mntr)" set_maxlat
row "setData load: longest GC pause (ms)" set_gcmax
row "setData load: longest safepoint, every thread stopped (ms)" set_spmax
row_plain "idle node, one snapshot of the full tree being written: longest event-loop stall (ms)" quiet_lag
echo
echo "Raw figures: $RESULTS (run $RUN_ID)"
