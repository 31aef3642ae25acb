# common.sh: sourced by the indexer scripts. Picks a JDK OpenSearch 2.x accepts (11..21: a JDK >= 24 refuses its
# security manager), honouring OPENSEARCH_JAVA_HOME, then JAVA_HOME, then /usr/lib/jvm/*, then `java` on the PATH.
pick_jdk() {
  local cands=("${OPENSEARCH_JAVA_HOME:-}" "${JAVA_HOME:-}") j v
  for j in /usr/lib/jvm/*; do cands+=("$j"); done
  if command -v java >/dev/null; then cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  for j in "${cands[@]}"; do
    [ -n "$j" ] && [ -x "$j/bin/java" ] || continue
    v=$("$j/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$v" ] && [ "$v" -ge 11 ] && [ "$v" -le 21 ]; then echo "$j"; return 0; fi
  done
  echo "no JDK 11..21 found for OpenSearch (set OPENSEARCH_JAVA_HOME)" >&2; return 1
}

# OpenSearch refuses to run as root: as root, the node runs as nobody, which must traverse every parent of DIR.
check_traversable() {
  [ "$(id -u)" = 0 ] || return 0
  local d=$1
  while [ "$d" != / ]; do
    if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$d"; then
      echo "user nobody cannot traverse $d (OpenSearch runs as nobody when started by root): chmod o+x it or use another DIR" >&2
      return 1
    fi
    d=$(dirname "$d")
  done
}

# port_in_use PORT: true if something accepts connections on 127.0.0.1:PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# node_alive PID DIR: true if PID is an OpenSearch started from DIR (not a recycled pid)
node_alive() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q "$2/opensearch-"; }
