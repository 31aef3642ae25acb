#!/usr/bin/env bash
# prepare-indexer.sh [DIR]: lays out a runnable OpenSearch 2.19.4 + security plugin (mTLS) in DIR, with the modules
# the integ-test-zip lacks: reindex (_delete_by_query, _update_by_query), lang-painless (scripts in _bulk updates and
# _update_by_query) and mapper-extras (scaled_float...).
# Needs: mvn (Maven Central), unzip, openssl, keytool, a JDK 11..21 (OPENSEARCH_JAVA_HOME, else found).
# Idempotent: skips steps already done; a DIR prepared by an older version gets the missing modules added.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(realpath -m "${1:-target/indexer}")
OSV=2.19.4
HOME_DIR="$DIR/opensearch-$OSV"

# shellcheck source=common.sh
. "$HERE/common.sh"
mkdir -p "$DIR"
check_traversable "$DIR"

# add_module NAME CLASSNAME DESCRIPTION JAR-PREFIX...: lays out modules/NAME from jars in DIR/dl (once)
add_module() {
  local name=$1 cls=$2 desc=$3; shift 3
  local m="$HOME_DIR/modules/$name" j f
  [ -f "$m/plugin-descriptor.properties" ] && return 0
  mkdir -p "$m"
  for j in "$@"; do
    f=$(ls "$DIR"/dl/"$j"-[0-9]*.jar 2>/dev/null | head -1)
    [ -n "$f" ] || { echo "missing jar $j in $DIR/dl" >&2; exit 1; }
    cp "$f" "$m/"
  done
  cat > "$m/plugin-descriptor.properties" <<EOP
description=$desc
version=$OSV
name=$name
classname=$cls
java.version=11
opensearch.version=$OSV
custom.foldername=
extended.plugins=
has.native.controller=false
EOP
}

mkdir -p "$DIR/dl"
# the marker carries the pom's checksum: a changed pom fetches again
MARKER="$DIR/dl/.done-$(cksum < "$HERE/indexer-pom.xml" | cut -d' ' -f1)"
if [ ! -f "$MARKER" ]; then
  mvn -B -q -f "$HERE/indexer-pom.xml" ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies -DoutputDirectory="$DIR/dl"
  touch "$MARKER"
fi
JDK=$(pick_jdk)
# unzip beside, then rename: an interrupted run never leaves a half-extracted node behind
if [ ! -d "$HOME_DIR" ]; then
  rm -rf "$DIR/.unzip"; unzip -q "$DIR/dl/opensearch-$OSV.zip" -d "$DIR/.unzip"
  mv "$DIR/.unzip/opensearch-$OSV" "$HOME_DIR"; rm -rf "$DIR/.unzip"
fi

# reindex module (_delete_by_query, _update_by_query, _reindex): not in the integ-test-zip
add_module reindex org.opensearch.index.reindex.ReindexPlugin \
  "The Reindex module adds APIs to reindex from one index to another or update documents in place." \
  reindex-client opensearch-rest-client opensearch-ssl-config httpclient httpcore httpasyncclient httpcore-nio \
  commons-codec commons-logging
[ -f "$HOME_DIR/modules/reindex/plugin-security.policy" ] || cat > "$HOME_DIR/modules/reindex/plugin-security.policy" <<'EOP'
grant { permission java.net.SocketPermission "*", "connect"; };
grant codeBase "${codebase.opensearch-rest-client}" { permission java.net.NetPermission "getProxySelector"; };
grant codeBase "${codebase.httpasyncclient}" { permission java.net.NetPermission "getProxySelector"; };
EOP
# lang-painless module: without it any script (bulk update with scripted_upsert, _update_by_query) fails
add_module lang-painless org.opensearch.painless.PainlessPlugin \
  "An easy, safe and fast scripting language for OpenSearch" \
  lang-painless opensearch-scripting-painless-spi antlr4-runtime asm asm-analysis asm-commons asm-tree asm-util
[ -f "$HOME_DIR/modules/lang-painless/plugin-security.policy" ] || cat > "$HOME_DIR/modules/lang-painless/plugin-security.policy" <<'EOP'
grant {
  // needed to generate runtime classes
  permission java.lang.RuntimePermission "createClassLoader";
  // needed to find the classloader to load allowlisted classes from
  permission java.lang.RuntimePermission "getClassLoader";
};
EOP
# mapper-extras module: scaled_float, rank_feature, token_count...
add_module mapper-extras org.opensearch.index.mapper.MapperExtrasPlugin "Adds advanced field mappers" mapper-extras-client

if [ ! -d "$HOME_DIR/plugins/opensearch-security" ]; then
  JAVA_HOME=$JDK OPENSEARCH_JAVA_HOME=$JDK "$HOME_DIR/bin/opensearch-plugin" install --batch \
    "file://$DIR/dl/opensearch-security-$OSV.0.zip" > "$DIR/plugin-install.log" 2>&1 \
    || { cat "$DIR/plugin-install.log" >&2; exit 1; }
fi
# certificates: CA, node (server, SAN localhost/127.0.0.1), admin, client (CN=client), PKCS#12 stores for Java
C="$DIR/certs"
mkdir -p "$C"
(
  cd "$C"
  # leaf NAME CN EXTENDED-KEY-USAGE [SAN] [KEY-ALGORITHM-OPTIONS...]: a certificate signed by root-ca
  leaf() {
    local name=$1 cn=$2 eku=$3 san=${4:-}; shift 4 || shift $#
    if [ $# -gt 0 ]; then openssl genpkey "$@" -out "$name-key.pem" 2>/dev/null
    else openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name-key.pem" 2>/dev/null; fi
    openssl req -new -key "$name-key.pem" -subj "/C=US/O=Test/OU=Indexer/CN=$cn" -out "$name.csr"
    { echo "basicConstraints=CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"; echo "extendedKeyUsage=$eku"
      [ -n "$san" ] && echo "subjectAltName=$san"; } > "$name.ext"
    openssl x509 -req -in "$name.csr" -CA root-ca.pem -CAkey root-ca-key.pem -CAcreateserial -sha256 -days 3650 \
      -extfile "$name.ext" -out "$name.pem" 2>/dev/null
    rm -f "$name.csr" "$name.ext"
  }
  if [ ! -f client.p12 ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out root-ca-key.pem 2>/dev/null
    openssl req -new -x509 -sha256 -key root-ca-key.pem -subj "/C=US/O=Test/OU=Indexer/CN=test-root-ca" -days 3650 \
      -out root-ca.pem -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    leaf node node serverAuth,clientAuth "DNS:localhost,IP:127.0.0.1"
    leaf admin admin clientAuth
    leaf client client clientAuth
    openssl pkcs12 -export -in client.pem -inkey client-key.pem -certfile root-ca.pem -name client -passout pass:changeit -out client.p12
    keytool -importcert -noprompt -alias root-ca -file root-ca.pem -keystore truststore.p12 -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  fi
  # the same client key in PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as older tools write it
  [ -f client-key-pkcs1.pem ] || openssl rsa -in client-key.pem -traditional -out client-key-pkcs1.pem 2>/dev/null
  # a client with an EC P-256 key in SEC1 form ("BEGIN EC PRIVATE KEY"), also CN=client
  if [ ! -f client-ec-key.pem ]; then
    leaf client-ec client clientAuth "" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
    openssl ec -in client-ec-key.pem -out client-ec-key.sec1 2>/dev/null && mv client-ec-key.sec1 client-ec-key.pem
  fi
  # the client key as encrypted PKCS#8 ("BEGIN ENCRYPTED PRIVATE KEY", PBES2 AES-256-CBC), password "changeit"
  [ -f client-key-encrypted.pem ] || openssl pkcs8 -topk8 -v2 aes-256-cbc -in client-key.pem \
    -passout pass:changeit -out client-key-encrypted.pem
  # the node's key under a certificate that expired in 2021 (openssl ca: x509 -req cannot date in the past)
  if [ ! -f node-expired.pem ]; then
    E=$(mktemp -d)
    touch "$E/index.txt"; echo 1000 > "$E/serial"
    cat > "$E/ca.cnf" <<EOX
[ ca ]
default_ca = expired
[ expired ]
database = $E/index.txt
new_certs_dir = $E
serial = $E/serial
default_md = sha256
policy = any
[ any ]
commonName = supplied
[ ext ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
EOX
    openssl req -new -key node-key.pem -subj "/C=US/O=Test/OU=Indexer/CN=node-expired" -out "$E/node.csr"
    openssl ca -batch -config "$E/ca.cnf" -cert root-ca.pem -keyfile root-ca-key.pem -in "$E/node.csr" \
      -startdate 20200101000000Z -enddate 20210101000000Z -extensions ext -notext -out node-expired.pem 2>/dev/null
    rm -rf "$E"
  fi
  # a second, foreign CA that signed nothing the node presents: trusting only it must fail the handshake
  if [ ! -f other-ca.pem ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other-ca-key.pem 2>/dev/null
    openssl req -new -x509 -sha256 -key other-ca-key.pem -subj "/C=US/O=Other/OU=Elsewhere/CN=other-root-ca" -days 3650 \
      -out other-ca.pem -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  fi
)
CFG="$HOME_DIR/config"
cp "$C/root-ca.pem" "$C/node.pem" "$C/node-key.pem" "$CFG/"
cat > "$CFG/opensearch.yml" <<EOC
cluster.name: test-indexer
node.name: indexer-1
network.host: 127.0.0.1
http.port: \${HTTP_PORT}
transport.port: \${TRANSPORT_PORT}
discovery.type: single-node
path.data: $DIR/data
path.logs: $DIR/logs
plugins.security.ssl.transport.pemcert_filepath: node.pem
plugins.security.ssl.transport.pemkey_filepath: node-key.pem
plugins.security.ssl.transport.pemtrustedcas_filepath: root-ca.pem
plugins.security.ssl.transport.enforce_hostname_verification: false
plugins.security.ssl.http.enabled: true
plugins.security.ssl.http.pemcert_filepath: node.pem
plugins.security.ssl.http.pemkey_filepath: node-key.pem
plugins.security.ssl.http.pemtrustedcas_filepath: root-ca.pem
plugins.security.ssl.http.clientauth_mode: REQUIRE
plugins.security.allow_default_init_securityindex: true
plugins.security.authcz.admin_dn: ["CN=admin,OU=Indexer,O=Test,C=US"]
plugins.security.nodes_dn: ["CN=node,OU=Indexer,O=Test,C=US"]
plugins.security.audit.type: noop
plugins.security.restapi.roles_enabled: ["all_access"]
plugins.security.system_indices.enabled: true
EOC
S="$CFG/opensearch-security"
cat > "$S/config.yml" <<'EOC'
---
_meta: { type: "config", config_version: 2 }
config:
  dynamic:
    http:
      anonymous_auth_enabled: false
    authc:
      clientcert_auth_domain:
        http_enabled: true
        transport_enabled: false
        order: 0
        http_authenticator: { type: clientcert, challenge: false, config: { username_attribute: cn } }
        authentication_backend: { type: noop }
      basic_internal_auth_domain:
        http_enabled: true
        transport_enabled: true
        order: 1
        http_authenticator: { type: basic, challenge: false }
        authentication_backend: { type: intern }
EOC
grep -q '^indexer_writer:' "$S/roles.yml" || cat >> "$S/roles.yml" <<'EOC'

indexer_writer:
  reserved: false
  cluster_permissions: ["cluster_composite_ops", "cluster_monitor", "indices:data/read/scroll/clear", "indices:admin/template/*", "indices:admin/index_template/*"]
  index_permissions:
    - index_patterns: ["*"]
      allowed_actions: ["crud", "create_index", "manage"]
EOC
# by-query requests scroll and clear their scroll when done: without scroll/clear (not in cluster_composite_ops) each
# one leaves a search context open for 5 minutes (a role of an older prepare is given it)
grep -q 'indices:data/read/scroll/clear' "$S/roles.yml" \
  || sed -i 's#^  cluster_permissions: \["cluster_composite_ops", "cluster_monitor", #&"indices:data/read/scroll/clear", #' "$S/roles.yml"
grep -q '^indexer_writer:' "$S/roles_mapping.yml" || cat >> "$S/roles_mapping.yml" <<'EOC'

indexer_writer:
  reserved: false
  users: ["client"]
EOC
mkdir -p "$DIR/data" "$DIR/logs"
chmod 700 "$CFG"; chmod 600 "$CFG"/*.pem
# OpenSearch refuses to run as root: hand the tree to an unprivileged user (nobody) when we are root
if [ "$(id -u)" = 0 ]; then chown -R nobody:nogroup "$HOME_DIR" "$DIR/data" "$DIR/logs"; fi
echo "$HOME_DIR"
