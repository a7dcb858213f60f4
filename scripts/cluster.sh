#!/usr/bin/env bash
# A local Paddock ensemble on 127.0.0.1: node processes with configs, data and logs under
# $CLUSTER_DIR (default target/cluster), and one fault-injecting TCP proxy (paddock.jar
# fault-proxy) on every peer link, so that partitions are real stalled TCP connections.
#
#   cluster.sh start N [--observers K] [--base-port P]
#                         N participants plus K observers (ids N+1..N+K), node i's client port
#                         the i-th of the connect string; wipes the dir's previous cluster, waits
#                         until a leader serves and every node answers, prints the connect string
#                         127.0.0.1:P1,127.0.0.1:P2,... as its last line. "start 1": one
#                         standalone node (no members, no proxy; Mode: standalone is the leader)
#   cluster.sh stop                    stop every process of the cluster (paused ones too)
#   cluster.sh status                  one line per node: "1 leader epoch=3 zxid=0x300000012",
#                                      "2 follower ...", "3 not-answering", "3 stopped"
#   cluster.sh leader                  the leader's id (exit 1 when there is none)
#   cluster.sh kill ID                 SIGKILL
#   cluster.sh pause ID | resume ID    SIGSTOP / SIGCONT
#   cluster.sh restart ID              start a stopped or killed node again with its data
#   cluster.sh partition ID...         cut these nodes off from the others, both directions
#                                      (partitions add up until heal)
#   cluster.sh partition --oneway FROM TO   stall only what FROM sends to TO
#   cluster.sh heal                    open every link
#   cluster.sh links                   the proxy's view: each link's state, connections, bytes
#
# Environment: CLUSTER_DIR, PADDOCK_JAR (default target/paddock.jar, built when missing),
# PADDOCK_HEAP (512m; each node's heap is fixed at that size and touched at start, -Xms = -Xmx
# and -XX:+AlwaysPreTouch: a heap that starts at 1/64 of RAM and grows under load made the first
# young collections under create 360-610 ms on this 2-core machine, long enough for an election),
# PADDOCK_JAVA_OPTS (extra JVM flags for the nodes, after those), CLUSTER_EXTRA_CONFIG
# ('"key": value, ...' spliced into every node's JSON config), CLUSTER_WAIT_S (30; how long
# start and restart wait for serving; restart with 0 does not wait), CLUSTER_HTTP_BASE_PORT (node i
# serves HTTP, the admin API and /metrics, on this + i - 1; unset or 0: HTTP off).
# Every process is recorded by pid (nodeI/pid, proxy.pid) and only those pids are signalled,
# after checking that /proc/PID/cmdline is still the process started. Exit 0 when the command
# did what it says, 1 when it could not (with a message), 2 for usage errors.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
absolute() { if [[ "$1" == /* ]]; then echo "$1"; else echo "$PWD/$1"; fi; }
CLUSTER_DIR="$(absolute "${CLUSTER_DIR:-$ROOT/target/cluster}")"
JAR="$(absolute "${PADDOCK_JAR:-$ROOT/target/paddock.jar}")"
HEAP="${PADDOCK_HEAP:-512m}"
WAIT_S="${CLUSTER_WAIT_S:-30}"
PORTS="$CLUSTER_DIR/ports"
PROXY_PID="$CLUSTER_DIR/proxy.pid"
PROXY_LINKS="$CLUSTER_DIR/proxy.links"
QUERY_TIMEOUT_S=3
declare -A CFG=()
NODES=0
PARTICIPANTS=0

die() { echo "cluster.sh: $*" >&2; exit 1; }
note() { echo "cluster.sh: $*" >&2; }
usage_text() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
usage_error() { echo "cluster.sh: $*" >&2; echo "usage: see 'cluster.sh help'" >&2; exit 2; }

[[ "$WAIT_S" =~ ^(0|[1-9][0-9]{0,4})$ ]] || usage_error "CLUSTER_WAIT_S must be a whole number of seconds, got '$WAIT_S'"

# ---- processes, by recorded pid only ----

node_dir() { echo "$CLUSTER_DIR/node$1"; }
pid_in() { [[ -f "$1" ]] && tr -dc '0-9' < "$1" || true; }
# One-letter process state (R, S, T, Z, ...), empty when there is no such process.
proc_state() {
  if [[ -r "/proc/$1/stat" ]]; then sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true
  else ps -o stat= -p "$1" 2>/dev/null | cut -c1 || true; fi
}
cmdline_of() {
  if [[ -r "/proc/$1/cmdline" ]]; then tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null || true
  else ps -o command= -p "$1" 2>/dev/null || true; fi
}
# The pid is alive (a zombie counts as gone) and is still the process we started: its command
# line holds the marker (a node's config path, or the proxy's links file).
ours() {
  local pid=$1 marker=$2 state
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(proc_state "$pid")"
  [[ -n "$state" && "$state" != Z ]] || return 1
  [[ "$(cmdline_of "$pid")" == *"$marker"* ]]
}
node_pid() { local p; p="$(pid_in "$(node_dir "$1")/pid")"; ours "$p" "$(node_dir "$1")/config.json" && echo "$p"; }
proxy_pid() { local p; p="$(pid_in "$PROXY_PID")"; ours "$p" "$PROXY_LINKS" && echo "$p"; }
# Waits up to $2 tenths of a second for every pid in $1 (space separated) to be gone.
wait_gone() {
  local pids=$1 tenths=$2 pid left
  for (( t = 0; t < tenths; t++ )); do
    left=""
    for pid in $pids; do
      local s; s="$(proc_state "$pid")"
      [[ -n "$s" && "$s" != Z ]] && left+=" $pid"
    done
    [[ -z "$left" ]] && return 0
    sleep 0.1
  done
  return 1
}

# ---- the recorded cluster ----

load() {
  [[ -f "$PORTS" ]] || die "no cluster in $CLUSTER_DIR (run 'cluster.sh start N' first)"
  local key value
  while IFS='=' read -r key value; do [[ -n "$key" ]] && CFG[$key]=$value; done < "$PORTS"
  NODES="${CFG[nodes]:?}"
  PARTICIPANTS="${CFG[participants]:?}"
}
check_id() {
  [[ "$1" =~ ^[1-9][0-9]{0,2}$ ]] && (( $1 <= NODES )) || die "no node '$1' (nodes are 1..$NODES)"
}
client_port() { echo "${CFG[client.$1]}"; }

# ---- talking to ports, with bash's /dev/tcp under timeout (nc may not exist) ----

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
fourlw() {
  timeout "$QUERY_TIMEOUT_S" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1; printf "%s" "$1" >&3; cat <&3' \
    "$1" "$2" 2>/dev/null || true
}
# Sends one control command to the proxy; prints the reply lines; fails unless the last is "ok ...".
proxy_cmd() {
  [[ "${CFG[proxy]:-1}" == 0 ]] && die "this cluster runs without the fault proxy (CLUSTER_PROXY=0): no partitions"
  [[ -n "$(proxy_pid)" ]] || die "the fault proxy is not running (see $CLUSTER_DIR/proxy.log); 'restart ID' starts it again"
  local reply
  reply="$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1; printf "%s\n" "$1" >&3
    while IFS= read -r line <&3; do printf "%s\n" "$line"; case "$line" in ok*|error*) exit 0 ;; esac; done
    exit 1' "${CFG[control]}" "$*" 2>/dev/null)" || die "no answer from the fault proxy on port ${CFG[control]} to '$*'"
  case "$(tail -n 1 <<< "$reply")" in
    ok*) echo "$reply" ;;
    *) echo "$reply" >&2; die "the fault proxy refused '$*'" ;;
  esac
}

# ---- status ----

# One status line for node $1.
node_line() {
  local i=$1 pid answer mode zxid
  pid="$(node_pid "$i")" || { echo "$i stopped"; return 0; }
  answer="$(fourlw "$(client_port "$i")" srvr)"
  mode="$(sed -n 's/^Mode: *//p' <<< "$answer" | tr -d '\r')"
  zxid="$(sed -n 's/^Zxid: *//p' <<< "$answer" | tr -d '\r')"
  if [[ -z "$mode" || ! "$zxid" =~ ^0x[0-9a-fA-F]{1,16}$ ]]; then
    [[ "$(proc_state "$pid")" == T ]] && echo "$i not-answering (paused)" || echo "$i not-answering"
    return 0
  fi
  echo "$i $mode epoch=$(( zxid >> 32 )) zxid=$zxid"
}
# Every node's line, queried in parallel so that paused or cut-off nodes cost one timeout in all.
status_lines() {
  local tmp i jobs=()
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/cluster-status.XXXXXX")"
  for (( i = 1; i <= NODES; i++ )); do node_line "$i" > "$tmp/$i" & jobs+=($!); done
  wait "${jobs[@]}" || true
  for (( i = 1; i <= NODES; i++ )); do cat "$tmp/$i"; done
  rm -rf "$tmp"
}
# The leader among status lines ($1): the node in Mode leader with the highest epoch (a cut-off
# old leader may still say leader at an older epoch; that is noted on stderr), or the standalone
# node of a one-node cluster. Prints the id; returns 1 when there is none, 2 when two nodes lead
# at the same epoch (split brain; their ids are printed, comma separated).
leader_in() {
  local id mode epoch rest best=-1 who="" older=""
  while read -r id mode epoch rest; do
    [[ "$mode" == leader || ( "$NODES" == 1 && "$mode" == standalone ) ]] || continue
    epoch="${epoch#epoch=}"
    if (( epoch > best )); then older+="${who:+ $who}"; best=$epoch; who=$id
    elif (( epoch == best )); then who+=",$id"
    else older+=" $id"; fi
  done <<< "$1"
  [[ -n "$who" ]] || return 1
  [[ -n "$older" ]] && note "node(s)${older} also say leader, at an older epoch than node(s) $who (epoch $best)"
  echo "$who"
  [[ "$who" != *,* ]] || return 2
}

# ---- building the cluster ----

ensure_jar() {
  command -v java > /dev/null || die "java is not on the PATH"
  [[ -f "$JAR" ]] && return 0
  [[ -z "${PADDOCK_JAR:-}" ]] || die "no jar at $JAR (PADDOCK_JAR)"
  note "building $JAR (mvn -B -q package -DskipTests)"
  (cd "$ROOT" && mvn -B -q package -DskipTests) >&2 || die "mvn package failed"
  [[ -f "$JAR" ]] || die "mvn package did not make $JAR"
}
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
# The port block: client ports, peer ports, the control port, then one port per ordered link.
block_size() { echo $(( 2 * $1 + 1 + $1 * ($1 - 1) )); }
block_free() { local p; for (( p = $1; p < $1 + $2; p++ )); do port_free "$p" || return 1; done; }
choose_base() {
  local size=$1 tries base
  for (( tries = 0; tries < 50; tries++ )); do
    # Below 32768, Linux's first ephemeral port, so no outgoing connection takes one meanwhile.
    base=$(( 20000 + (RANDOM % ((32000 - 20000 - size) / 10)) * 10 ))
    block_free "$base" "$size" && { echo "$base"; return 0; }
  done
  die "found no $size free consecutive ports in 20000..32000"
}
write_ports() {
  local base=$1 i j next
  {
    echo "nodes=$NODES"; echo "participants=$PARTICIPANTS"; echo "base=$base"; echo "proxy=${CLUSTER_PROXY:-1}"
    for (( i = 1; i <= NODES; i++ )); do echo "client.$i=$(( base + i - 1 ))"; echo "peer.$i=$(( base + NODES + i - 1 ))"; done
    echo "control=$(( base + 2 * NODES ))"
    next=$(( base + 2 * NODES + 1 ))
    for (( i = 1; i <= NODES; i++ )); do for (( j = 1; j <= NODES; j++ )); do
      if (( i != j )); then echo "link.$i-$j=$next"; next=$(( next + 1 )); fi
    done; done
  } > "$PORTS"
}
# Node $1's JSON config: node $1 dials peer j at the proxy port of link $1-j, and listens on its own peer port.
write_config() {
  local i=$1 d j port role members="" extra="${CLUSTER_EXTRA_CONFIG:-}"
  d="$(node_dir "$i")"
  extra="$(sed -e 's/^[[:space:]]*{//' -e 's/}[[:space:]]*$//' <<< "$extra")"
  if (( NODES > 1 )); then
    for (( j = 1; j <= NODES; j++ )); do
      if (( j == i )) || [[ "${CFG[proxy]:-1}" == 0 ]]; then port="${CFG[peer.$j]}"; else port="${CFG[link.$i-$j]}"; fi
      if (( j > PARTICIPANTS )); then role=observer; else role=participant; fi
      members+="${members:+,}"$'\n'"    {\"id\": $j, \"host\": \"127.0.0.1\", \"clientPort\": ${CFG[client.$j]}, \"peerPort\": $port, \"role\": \"$role\"}"
    done
  fi
  {
    echo "{"
    echo "  \"serverId\": $i,"
    echo "  \"clientPort\": ${CFG[client.$i]},"
    echo "  \"httpPort\": $(( ${CLUSTER_HTTP_BASE_PORT:-0} > 0 ? ${CLUSTER_HTTP_BASE_PORT:-0} + i - 1 : 0 )),"
    echo "  \"dataDir\": $(json_string "$d/data"),"
    echo "  \"extendedTypesEnabled\": true,"
    printf '  "fourLetterWordWhitelist": "*"'
    [[ -n "$members" ]] && printf ',\n  "members": [%s\n  ]' "$members"
    [[ "$extra" =~ [^[:space:]] ]] && printf ',\n  %s' "$extra"
    printf '\n}\n'
  } > "$d/config.json"
}
write_links() {
  local i j
  for (( i = 1; i <= NODES; i++ )); do for (( j = 1; j <= NODES; j++ )); do
    if (( i != j )); then echo "$i-$j=${CFG[link.$i-$j]}:127.0.0.1:${CFG[peer.$j]}"; fi
  done; done > "$PROXY_LINKS"
}

start_proxy() {
  note "starting the fault proxy (control port ${CFG[control]}, $(( NODES * (NODES - 1) )) links)"
  nohup java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" fault-proxy \
    --control-port "${CFG[control]}" --links "$PROXY_LINKS" --exit-when-file-gone "$PROXY_PID" \
    >> "$CLUSTER_DIR/proxy.log" 2>&1 < /dev/null &
  echo $! > "$PROXY_PID"
}
# Up to 60 s: on a loaded machine a JVM (the proxy) beside N starting nodes can take 20 s to listen.
wait_proxy() {
  local deadline=$(( SECONDS + 60 )) pid
  pid="$(pid_in "$PROXY_PID")"
  while (( SECONDS < deadline )); do
    (proxy_cmd status > /dev/null 2>&1) && return 0
    ours "$pid" "$PROXY_LINKS" || { tail -n 20 "$CLUSTER_DIR/proxy.log" >&2; return 1; }
    sleep 0.2
  done
  return 1
}
# Starts the proxy when the cluster has peers and it is not running; returns 1 if it does not come up.
ensure_proxy() {
  (( NODES > 1 )) || return 0
  [[ "${CFG[proxy]:-1}" == 0 ]] && return 0
  [[ -n "$(proxy_pid)" ]] && return 0
  [[ -f "$PROXY_PID" ]] && note "the fault proxy was not running: starting it again, with every link open"
  start_proxy
  wait_proxy
}
start_node() {
  local i=$1 d opts=()
  d="$(node_dir "$i")"
  read -r -a opts <<< "${PADDOCK_JAVA_OPTS:-}"
  mkdir -p "$d/data"
  echo "=== cluster.sh: starting node $i at $(date '+%F %T')" >> "$d/node.log"
  nohup java "-Xms$HEAP" "-Xmx$HEAP" -XX:+AlwaysPreTouch ${opts[@]+"${opts[@]}"} -jar "$JAR" --config "$d/config.json" >> "$d/node.log" 2>&1 < /dev/null &
  echo $! > "$d/pid"
}

# ---- commands ----

# Every pid of the cluster still running: nodes (by their dirs, so a half-written start counts) and the proxy.
running_pids() {
  local d p
  shopt -s nullglob
  for d in "$CLUSTER_DIR"/node[0-9]*/; do
    d="${d%/}"
    p="$(pid_in "$d/pid")"
    ours "$p" "$d/config.json" && echo "$p"
  done
  p="$(pid_in "$PROXY_PID")"
  ours "$p" "$PROXY_LINKS" && echo "$p"
  return 0
}

cmd_stop() {
  local pids pid
  pids="$(running_pids | tr '\n' ' ')"
  if [[ -z "${pids// /}" ]]; then
    rm -f "$CLUSTER_DIR"/node[0-9]*/pid "$PROXY_PID"
    note "nothing running in $CLUSTER_DIR"
    return 0
  fi
  # A stopped (SIGSTOP) process would not act on SIGTERM until continued.
  for pid in $pids; do kill -CONT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  if ! wait_gone "$pids" 100; then
    note "still running after 10 s, sending SIGKILL:$(for pid in $pids; do [[ -n "$(proc_state "$pid")" ]] && printf ' %s' "$pid"; done)"
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    wait_gone "$pids" 50 || die "pids $pids did not end even after SIGKILL"
  fi
  rm -f "$CLUSTER_DIR"/node[0-9]*/pid "$PROXY_PID"
  note "stopped pids $pids"
}

# Waits for a leader and an answer from every node, up to CLUSTER_WAIT_S; fails with the status.
wait_cluster() {
  local deadline=$(( SECONDS + WAIT_S )) lines i leader
  while :; do
    for (( i = 1; i <= NODES; i++ )); do
      [[ -n "$(node_pid "$i")" ]] || { tail -n 20 "$(node_dir "$i")/node.log" >&2; note "node $i exited during start (log: $(node_dir "$i")/node.log)"; return 1; }
    done
    lines="$(status_lines)"
    if leader="$(leader_in "$lines" 2>/dev/null)" && ! grep -q 'not-answering' <<< "$lines"; then
      note "$NODES node(s) up in $CLUSTER_DIR, leader $leader"
      return 0
    fi
    if (( SECONDS >= deadline )); then
      echo "$lines" >&2
      if (( NODES > 1 )) && grep -q ' standalone ' <<< "$lines"; then
        note "a node of a $NODES-node cluster says Mode: standalone: does $JAR know the 'members' config key?"
      fi
      note "no leader with every node answering within ${WAIT_S} s (logs: $CLUSTER_DIR/node*/node.log)"
      return 1
    fi
    sleep 0.3
  done
}

cmd_start() {
  local participants="" observers=0 base=""
  while (( $# > 0 )); do
    case "$1" in
      --observers) [[ $# -ge 2 ]] || usage_error "--observers needs a count"; observers=$2; shift 2 ;;
      --base-port) [[ $# -ge 2 ]] || usage_error "--base-port needs a port"; base=$2; shift 2 ;;
      -*) usage_error "start: unknown option '$1'" ;;
      *) [[ -z "$participants" ]] || usage_error "start: one N only (got '$participants' and '$1')"; participants=$1; shift ;;
    esac
  done
  [[ "$participants" =~ ^[1-9][0-9]{0,2}$ ]] || usage_error "start N: N must be a number of participants >= 1, got '${participants}'"
  [[ "$observers" =~ ^(0|[1-9][0-9]{0,2})$ ]] || usage_error "--observers K: K must be a number >= 0, got '$observers'"
  (( participants + observers <= 32 )) || usage_error "at most 32 nodes, got $(( participants + observers ))"
  [[ -z "$base" || ( "$base" =~ ^[1-9][0-9]{3,4}$ && base -ge 1024 ) ]] || usage_error "--base-port P: P must be a port >= 1024, got '$base'"
  local running; running="$(running_pids | tr '\n' ' ')"
  [[ -z "${running// /}" ]] || die "a cluster is running in $CLUSTER_DIR (pids $running); run 'cluster.sh stop' first"
  NODES=$(( participants + observers ))
  PARTICIPANTS=$participants
  local size; size="$(block_size "$NODES")"
  if [[ -n "$base" ]]; then
    (( base + size - 1 <= 65535 )) || die "--base-port $base: the cluster needs $size ports, past 65535"
    local p; for (( p = base; p < base + size; p++ )); do port_free "$p" || die "port $p (of $base..$(( base + size - 1 ))) is taken"; done
  fi
  ensure_jar
  [[ -n "$base" ]] || base="$(choose_base "$size")"
  mkdir -p "$CLUSTER_DIR"
  rm -rf "$CLUSTER_DIR"/node[0-9]* "$PROXY_LINKS" "$PROXY_PID" "$CLUSTER_DIR/proxy.log" "$PORTS"
  write_ports "$base"
  load
  local i
  for (( i = 1; i <= NODES; i++ )); do mkdir -p "$(node_dir "$i")/data"; write_config "$i"; done
  trap 'note "interrupted: stopping what was started"; cmd_stop; exit 130' INT TERM
  if (( NODES > 1 )) && [[ "${CFG[proxy]:-1}" != 0 ]]; then write_links; start_proxy; fi
  for (( i = 1; i <= NODES; i++ )); do start_node "$i"; done
  if (( NODES > 1 )) && [[ "${CFG[proxy]:-1}" != 0 ]] && ! wait_proxy; then cmd_stop; die "the fault proxy did not come up (log: $CLUSTER_DIR/proxy.log)"; fi
  if ! wait_cluster; then cmd_stop; die "start failed; every process of it is stopped"; fi
  trap - INT TERM
  local connect=""
  for (( i = 1; i <= NODES; i++ )); do connect+="${connect:+,}127.0.0.1:$(client_port "$i")"; done
  echo "$connect" > "$CLUSTER_DIR/connect"
  echo "$connect"
}

cmd_leader() {
  local lines id code=0
  lines="$(status_lines)"
  id="$(leader_in "$lines")" || code=$?
  case "$code" in
    0) echo "$id" ;;
    2) echo "$lines" >&2; die "more than one leader at the same epoch: nodes $id" ;;
    *) echo "$lines" >&2; die "no leader" ;;
  esac
}

# Signals node $2 with $1, after checking that its recorded pid is still the node we started.
signal_node() {
  local sig=$1 i=$2 pid
  pid="$(node_pid "$i")" || die "node $i is not running"
  kill "-$sig" "$pid" || die "kill -$sig $pid (node $i) failed"
  echo "$pid"
}

cmd_kill() {
  local i=$1 pid
  pid="$(signal_node KILL "$i")"
  wait_gone "$pid" 100 || die "node $i (pid $pid) still exists 10 s after SIGKILL"
  rm -f "$(node_dir "$i")/pid"
  note "node $i killed (pid $pid)"
}

cmd_pause() {
  local i=$1 pid t
  pid="$(signal_node STOP "$i")"
  for (( t = 0; t < 50; t++ )); do [[ "$(proc_state "$pid")" == T ]] && { note "node $i paused (pid $pid)"; return 0; }; sleep 0.1; done
  die "node $i (pid $pid) is not stopped 5 s after SIGSTOP"
}

cmd_resume() {
  local i=$1 pid
  pid="$(signal_node CONT "$i")"
  note "node $i resumed (pid $pid)"
}

cmd_restart() {
  local i=$1 pid deadline line
  pid="$(node_pid "$i")" && die "node $i is running (pid $pid); kill or stop it first"
  [[ -f "$(node_dir "$i")/config.json" ]] || die "node $i has no config in $(node_dir "$i")"
  ensure_jar
  ensure_proxy || die "the fault proxy did not come up (log: $CLUSTER_DIR/proxy.log)"
  start_node "$i"
  pid="$(pid_in "$(node_dir "$i")/pid")"
  (( WAIT_S > 0 )) || { note "node $i started (pid $pid); not waiting (CLUSTER_WAIT_S=0)"; return 0; }
  deadline=$(( SECONDS + WAIT_S ))
  while (( SECONDS < deadline )); do
    [[ -n "$(node_pid "$i")" ]] || { tail -n 20 "$(node_dir "$i")/node.log" >&2; die "node $i exited during restart (log: $(node_dir "$i")/node.log)"; }
    line="$(node_line "$i")"
    [[ "$line" == *epoch=* ]] && { note "node $i restarted (pid $pid): $line"; return 0; }
    sleep 0.3
  done
  die "node $i (pid $pid) runs but does not serve within ${WAIT_S} s (left running; log: $(node_dir "$i")/node.log)"
}

need_peers() { (( NODES > 1 )) || die "a one-node cluster has no peer links to $1"; }

cmd_partition() {
  need_peers cut
  if [[ "${1:-}" == --oneway ]]; then
    [[ $# -eq 3 ]] || usage_error "partition --oneway FROM TO"
    check_id "$2"; check_id "$3"
    [[ "$2" != "$3" ]] || die "partition --oneway needs two different nodes"
    proxy_cmd "stall $2 $3"
    return 0
  fi
  [[ $# -ge 1 ]] || usage_error "partition ID... | partition --oneway FROM TO"
  local id; for id in "$@"; do check_id "$id"; done
  proxy_cmd "partition $*"
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) [[ $# -eq 0 ]] || usage_error "stop takes no arguments"; cmd_stop ;;
    status) [[ $# -eq 0 ]] || usage_error "status takes no arguments"; load; status_lines ;;
    leader) [[ $# -eq 0 ]] || usage_error "leader takes no arguments"; load; cmd_leader ;;
    kill|pause|resume|restart)
      [[ $# -eq 1 ]] || usage_error "$cmd ID"
      load; check_id "$1"; "cmd_$cmd" "$1" ;;
    partition) load; cmd_partition "$@" ;;
    heal) [[ $# -eq 0 ]] || usage_error "heal takes no arguments"; load; need_peers heal; proxy_cmd heal ;;
    links) [[ $# -eq 0 ]] || usage_error "links takes no arguments"; load; need_peers show; proxy_cmd status ;;
    help|-h|--help) usage_text ;;
    "") usage_text >&2; exit 2 ;;
    *) usage_error "unknown command '$cmd'" ;;
  esac
}

main "$@"
