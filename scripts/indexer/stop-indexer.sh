#!/usr/bin/env bash
# stop-indexer.sh [DIR]: stops the node started by start-indexer.sh DIR (SIGTERM, SIGKILL after 30 s). Idempotent.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"
DIR=$(realpath -m "${1:-target/indexer}"); PIDFILE="$DIR/indexer.pid"
P=$(cat "$PIDFILE" 2>/dev/null || true)
[ -n "$P" ] || exit 0
# a recycled pid must not be killed: only a java process running OpenSearch from this DIR
if ! node_alive "$P" "$DIR"; then rm -f "$PIDFILE"; exit 0; fi
kill "$P" 2>/dev/null || { rm -f "$PIDFILE"; exit 0; }
for _ in $(seq 1 60); do kill -0 "$P" 2>/dev/null || { rm -f "$PIDFILE"; exit 0; }; sleep 0.5; done
kill -9 "$P" 2>/dev/null; rm -f "$PIDFILE"
