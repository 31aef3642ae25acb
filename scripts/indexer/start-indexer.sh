#!/usr/bin/env bash
# start-indexer.sh [--clean] DIR [HTTP_PORT]: starts the node prepared by prepare-indexer.sh in the background and
# returns once GET /_cluster/health is yellow or green over mutual TLS (deadline: START_TIMEOUT seconds, default 120).
#   --clean     wipe DIR/data first: a fresh cluster (the security index is rebuilt from config/opensearch-security)
#   HTTP_PORT   default 9200; the transport port is HTTP_PORT+100. Both must be free.
# On any failure the node it started is stopped again and the end of its log is printed; exit status 1.
# Logs: DIR/logs/stdout.log (console) and DIR/logs/test-indexer.log (OpenSearch's own log).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CLEAN=0; if [ "${1:-}" = --clean ]; then CLEAN=1; shift; fi
DIR=$(realpath -m "${1:-target/indexer}"); PORT=${2:-9200}; TIMEOUT=${START_TIMEOUT:-120}
# shellcheck source=common.sh
. "$HERE/common.sh"
HOME_DIR=$(ls -d "$DIR"/opensearch-*/ 2>/dev/null | head -1); HOME_DIR=${HOME_DIR%/}
[ -n "$HOME_DIR" ] && [ -x "$HOME_DIR/bin/opensearch" ] || { echo "no prepared node in $DIR: run prepare-indexer.sh $DIR first" >&2; exit 1; }
C="$DIR/certs"; LOGS="$DIR/logs"; PIDFILE="$DIR/indexer.pid"
check_traversable "$DIR"

# one node per DIR: a node still running from this DIR would share its data directory
if [ -f "$PIDFILE" ] && node_alive "$(cat "$PIDFILE")" "$DIR"; then
  echo "a node from $DIR is already running (pid $(cat "$PIDFILE")): stop-indexer.sh $DIR first" >&2; exit 1
fi
for p in "$PORT" $((PORT + 100)); do
  if port_in_use "$p"; then echo "port $p on 127.0.0.1 is already in use (HTTP $PORT, transport $((PORT + 100)))" >&2; exit 1; fi
done

export OPENSEARCH_JAVA_HOME; OPENSEARCH_JAVA_HOME=$(pick_jdk)
export OPENSEARCH_JAVA_OPTS=${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx512m}
export HTTP_PORT=$PORT TRANSPORT_PORT=$((PORT + 100))
RUNAS=(); [ "$(id -u)" = 0 ] && RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

if [ "$CLEAN" = 1 ]; then rm -rf "$DIR/data"; fi
mkdir -p "$DIR/data" "$LOGS"
rm -f "$LOGS"/*.log "$LOGS"/*.json "$LOGS"/*.gz "$LOGS/opensearch.pid" 2>/dev/null || true
[ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$DIR/data" "$LOGS"

PID=
fail() {
  echo "$1" >&2
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$PID" 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
  echo "--- last lines of $LOGS/stdout.log (full log: $LOGS/test-indexer.log) ---" >&2
  tail -40 "$LOGS/stdout.log" >&2 2>/dev/null || true
  exit 1
}
# interrupted (Ctrl-C, the test JVM killed us): do not leave a node behind
trap 'fail "start-indexer.sh interrupted"' INT TERM HUP

# setpriv execs and bin/opensearch execs java: $! is the java pid
"${RUNAS[@]}" "$HOME_DIR/bin/opensearch" -p "$LOGS/opensearch.pid" > "$LOGS/stdout.log" 2>&1 &
PID=$!
echo "$PID" > "$PIDFILE"
deadline=$((SECONDS + TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
  if curl -fsS -m 2 --cacert "$C/root-ca.pem" --cert "$C/client.pem" --key "$C/client-key.pem" \
       "https://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
    trap - INT TERM HUP
    echo "indexer up on https://127.0.0.1:$PORT after ${SECONDS}s (pid $PID, logs $LOGS)"; exit 0
  fi
  kill -0 "$PID" 2>/dev/null || { PID=; rm -f "$PIDFILE"; fail "indexer died during start-up"; }
  sleep 0.5
done
fail "indexer not healthy within ${TIMEOUT}s"
