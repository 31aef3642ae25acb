#!/usr/bin/env bash
# run.sh: builds Inventory Sync if needed and runs it from this directory.
# When no indexer is configured (no config/ossec.conf and no INVENTORY_OSSEC_CONF), it provisions a local
# OpenSearch 2.19.4 with the security plugin and mutual TLS (scripts/indexer), writes a matching ossec.conf under
# run/, and points the service at it. Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
INDEXER_PORT=${INDEXER_PORT:-9200}

if [ ! -f target/inventory-sync.jar ] || [ -n "$(find src pom.xml -newer target/inventory-sync.jar -print -quit)" ]; then
  echo "== building target/inventory-sync.jar"
  mvn -B -q -DskipTests package
fi

STARTED_INDEXER=
cleanup() {
  if [ -n "$STARTED_INDEXER" ]; then
    echo "== stopping the local indexer"
    bash scripts/indexer/stop-indexer.sh "$STARTED_INDEXER" || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAVA_OPTS=(${JAVA_OPTS:-})
if [ -z "${INVENTORY_OSSEC_CONF:-}" ] && [ ! -f config/ossec.conf ]; then
  # the node runs as 'nobody' when we are root: it needs a directory every parent of which it can traverse
  DIR="$ROOT/run/indexer"
  if [ "$(id -u)" = 0 ] && ! (. scripts/indexer/common.sh; check_traversable "$ROOT") 2>/dev/null; then
    DIR=/var/tmp/inventory-sync-indexer
  fi
  echo "== no indexer configured: provisioning a local one in $DIR (first time: ~110 MB from Maven Central)"
  bash scripts/indexer/prepare-indexer.sh "$DIR" > /dev/null
  bash scripts/indexer/start-indexer.sh "$DIR" "$INDEXER_PORT"
  STARTED_INDEXER=$DIR
  mkdir -p run
  cat > run/ossec.conf <<XML
<ossec_config>
  <indexer>
    <hosts><host>https://localhost:$INDEXER_PORT</host></hosts>
    <ssl>
      <certificate_authorities><ca>$DIR/certs/root-ca.pem</ca></certificate_authorities>
      <certificate>$DIR/certs/client.pem</certificate>
      <key>$DIR/certs/client-key.pem</key>
    </ssl>
  </indexer>
</ossec_config>
XML
  JAVA_OPTS+=("-Dinventory.ossec-conf=run/ossec.conf")
  C="$DIR/certs"
  CURL="curl -s --cacert $C/root-ca.pem --cert $C/client.pem --key $C/client-key.pem https://localhost:$INDEXER_PORT"
  cat <<MSG

== local indexer: https://localhost:$INDEXER_PORT (mutual TLS). To look at it:
   $CURL/_cat/indices?v
   $CURL/wazuh-states-inventory-packages/_count
MSG
fi
# beside a manager (its router sockets exist) the service subscribes to its broker; elsewhere it listens on TCP,
# where the simulator and SendStart talk to it
WAZUH_HOME=${INVENTORY_WAZUH_HOME:-$(sed -n 's/^inventory.wazuh.home *= *//p' config/application.properties)}
TRANSPORT=${INVENTORY_ROUTER_TRANSPORT:-}
if [ -z "$TRANSPORT" ]; then
  if [ -d "$WAZUH_HOME/queue/router" ]; then TRANSPORT=wazuh; else TRANSPORT=tcp; fi
fi
JAVA_OPTS+=("-Dinventory.router.transport=$TRANSPORT")
PORT=${INVENTORY_ROUTER_PORT:-$(sed -n 's/^inventory.router.port *= *//p' config/application.properties)}
HEALTH_PORT=${INVENTORY_HEALTH_HTTP_PORT:-$(sed -n 's/^inventory.health.http.port *= *//p' config/application.properties)}
# the health checks over HTTP on loopback, for this demo run
JAVA_OPTS+=("-Dinventory.health.http.enabled=true")
if [ "$TRANSPORT" = wazuh ]; then
  cat <<MSG
== starting Inventory Sync beside the Wazuh manager in $WAZUH_HOME: subscribing to its router broker
   (queue/router/), answering agents through remoted's queue/sockets/ar.
   health:            curl -s http://127.0.0.1:$HEALTH_PORT/observe/health
   Ctrl-C here stops everything this script started.

MSG
else
cat <<MSG
== no Wazuh manager in $WAZUH_HOME: starting Inventory Sync with its TCP listener on 127.0.0.1:$PORT
   (INVENTORY_ROUTER_TRANSPORT=wazuh and INVENTORY_WAZUH_HOME=<dir> to subscribe to a manager). In another terminal:
   send a Start:      java -cp target/inventory-sync.jar io.inventorysync.tools.SendStart 127.0.0.1 $PORT
   simulate agents:   java -cp target/inventory-sync.jar io.inventorysync.tools.Simulate --agents 5 --items 1000 --port $PORT
   health:            curl -s http://127.0.0.1:$HEALTH_PORT/observe/health
   Ctrl-C here stops everything this script started.

MSG
fi
# in the background so that Ctrl-C / SIGTERM reach this script too: it stops the service, then the indexer
java "${JAVA_OPTS[@]}" -jar target/inventory-sync.jar &
SERVICE=$!
trap 'kill -TERM $SERVICE 2>/dev/null || true' INT TERM
status=0
while kill -0 $SERVICE 2>/dev/null; do wait $SERVICE || status=$?; done
exit $status
