#!/usr/bin/env bash
# Start, stop, kill, pause and resume local Paddock nodes, each a separate process with its own
# data directory under $PADDOCK_RUN (default ./run): node i listens on 127.0.0.1:$((BASE_PORT + i - 1))
# (BASE_PORT defaults to 2181) and serves HTTP (admin API, /metrics) on $((HTTP_BASE_PORT + i - 1))
# (HTTP_BASE_PORT defaults to 8080; 0 turns HTTP off). Pids are recorded in run/node<i>/pid; only those pids are signalled.
#
#   scripts/local.sh start I [extra args]   start node I in the background (builds the jar if needed)
#   scripts/local.sh stop I                 SIGTERM, then wait
#   scripts/local.sh kill I                 SIGKILL (a crash)
#   scripts/local.sh pause I | resume I     SIGSTOP / SIGCONT (a frozen process)
#   scripts/local.sh status                 each recorded node: pid, state, srvr Mode
#   scripts/local.sh wipe I                 delete node I's data (must be stopped)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN="${PADDOCK_RUN:-$ROOT/run}"
BASE_PORT="${BASE_PORT:-2181}"
HTTP_BASE_PORT="${HTTP_BASE_PORT:-8080}"
JAR="$ROOT/target/paddock.jar"

die() { echo "local.sh: $*" >&2; exit 1; }
node_dir() { echo "$RUN/node$1"; }
port_of() { echo $((BASE_PORT + $1 - 1)); }
http_port_of() { if (( HTTP_BASE_PORT > 0 )); then echo $((HTTP_BASE_PORT + $1 - 1)); else echo 0; fi; }
pid_of() { local f; f="$(node_dir "$1")/pid"; [[ -f "$f" ]] && cat "$f" || true; }
alive() { local p; p="$(pid_of "$1")"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }
fourlw() { timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "%s" "$1" >&3; cat <&3' "$1" "$2" 2>/dev/null || true; }

build() {
  if [[ ! -f "$JAR" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]]; then
    (cd "$ROOT" && mvn -B -q package -DskipTests)
  fi
}

start() {
  local i=$1; shift
  alive "$i" && die "node $i is already running (pid $(pid_of "$i"))"
  build
  local dir; dir="$(node_dir "$i")"
  mkdir -p "$dir"
  nohup java ${PADDOCK_JAVA_OPTS:-} -jar "$JAR" --client-port "$(port_of "$i")" --http-port "$(http_port_of "$i")" --data-dir "$dir/data" "$@" \
    > "$dir/node.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 100); do
    if fourlw "$(port_of "$i")" srvr | grep -q '^Mode:'; then
      echo "node $i: pid $(pid_of "$i"), 127.0.0.1:$(port_of "$i")"
      return 0
    fi
    alive "$i" || { tail -20 "$dir/node.log" >&2; die "node $i exited during start"; }
    sleep 0.2
  done
  die "node $i did not answer srvr within 20 s (see $dir/node.log)"
}

signal() {
  local sig=$1 i=$2
  alive "$i" || die "node $i is not running"
  kill "-$sig" "$(pid_of "$i")"
}

stop() {
  local i=$1
  alive "$i" || { echo "node $i is not running"; return 0; }
  kill -TERM "$(pid_of "$i")"
  for _ in $(seq 1 100); do alive "$i" || { rm -f "$(node_dir "$i")/pid"; echo "node $i stopped"; return 0; }; sleep 0.1; done
  die "node $i did not stop within 10 s"
}

status() {
  shopt -s nullglob
  for d in "$RUN"/node*; do
    local i=${d##*node}
    if alive "$i"; then
      local state; state=$(ps -o stat= -p "$(pid_of "$i")" | cut -c1)
      echo "node $i: pid $(pid_of "$i") state $state port $(port_of "$i") $(fourlw "$(port_of "$i")" srvr | grep '^Mode:' || echo 'Mode: (no answer)')"
    else
      echo "node $i: not running"
    fi
  done
}

cmd="${1:-}"; shift || true
case "$cmd" in
  start) [[ $# -ge 1 ]] || die "usage: start I"; start "$@" ;;
  stop) stop "${1:?usage: stop I}" ;;
  kill) signal KILL "${1:?usage: kill I}"; echo "node $1 killed" ;;
  pause) signal STOP "${1:?usage: pause I}"; echo "node $1 paused" ;;
  resume) signal CONT "${1:?usage: resume I}"; echo "node $1 resumed" ;;
  status) status ;;
  wipe) alive "${1:?usage: wipe I}" && die "stop node $1 first"; rm -rf "$(node_dir "$1")"; echo "node $1 wiped" ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
