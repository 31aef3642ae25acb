#!/usr/bin/env bash
# Benchmark of the whole service against the indexer's own limit (io.inventorysync.bench.ServiceBenchmark).
# Usage: scripts/bench.sh [--quick] [scenario...] [--flag value...]
#   scenarios: e2e ingest burst big (default: all four); hostile (HostileBenchmark), storm (restart storm), fullsession:
#              only when named
#   --quick                  smaller sizes that fit in a few minutes (40 x 1,000 e2e, 40 x 1,000 ingest, 200k big)
#   --agents 200 --items 2000 --doc-bytes 400 --warmup-agents 100                                    (e2e)
#     three variants, each with its own direct baseline: e2e-full-20 (headline), e2e-delta-20, e2e-full-8;
#     --mode delta|full and/or --concurrency N: only that variant (the other one defaults to delta, 8)
#   --ingest-agents 100 --ingest-items 2000 --ingest-warmup-agents <4 x ingest-agents> --ingest-repeats 3 (ingest;
#                            the median of the repeated measured rounds, the service's and raw RocksDB's)
#   --burst-agents 5000 --burst-connections 16 --burst-size 10 --burst-cold-agents 1000 --burst-warmup <burst-agents> --burst-warmup-rounds 1 --burst-warmup-passes 14
#     --burst-warmup-pause-ms 500 --burst-hold-ms 0 (pause to attach strace/perf)                        (burst)
#   --big-items 1000000 --big-heap 256m                                                                (big)
#   --transport tcp|wazuh     tcp: the TCP listener (default); wazuh: a router broker emulator in its own JVM, the service
#                            subscribed to it, the agents publishing through it, responses as AR datagrams
#   --service-heap 1g  --service-props k=v,k=v (extra -D for the service)  --service-jvm "-XX:.. -XX:.." (extra JVM options)
#   --jfr true (record the measured part of each scenario)
#   --hostile-agents 20 --hostile-items 500 --hostile-duration 120 --hostile-attack true|false          (hostile)
#   --storm-agents 2000 --storm-items 500 --storm-spread-s 5 --storm-connections 20 --storm-wait-s 60 --storm-attempts 3
#                            (storm: Full mode into a service just started, the agents multiplexed over the connections)
#   fullsession: the e2e workload (--agents --items --doc-bytes --warmup-agents) as second-generation FullSession
#     requests (POST /stateful, one per connection) on the service's Unix socket, --concurrency 20 agents at a time,
#     --mode full (a Cleans, then the whole dataset; default) or delta, against the direct bulk baseline in the same run;
#     docs/s of both and their ratio (target >= 0.95), answer p50/p99, the service's peak RSS
# Builds target/inventory-sync.jar, provisions and starts the TLS test indexer (scripts/indexer, 4 GB heap) on a free
# port, runs the scenarios (each with the service as its own JVM), writes target/bench/<timestamp>/{results.csv,
# results.json,*.csv,*.png} and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/indexer/common.sh

args=()
for a in "$@"; do
  if [ "$a" = --quick ]; then
    args+=(--agents 40 --items 1000 --warmup-agents 8 --ingest-agents 40 --ingest-items 1000 --big-items 200000)
  else
    args+=("$a")
  fi
done

# the manager transport's responses queue in the kernel for remoted's socket: at most this many datagrams
case " $* " in *" --transport wazuh "*)
  echo "net.unix.max_dgram_qlen = $(cat /proc/sys/net/unix/max_dgram_qlen 2>/dev/null || echo unknown) (systemd's default: 512)";;
esac
stamp=$(date +%Y%m%d-%H%M%S)
out="target/bench/$stamp"
mkdir -p "$out"
indexer_dir=${BENCH_INDEXER_DIR:-$PWD/target/bench-indexer}

echo "building target/inventory-sync.jar and the benchmark classes"
mvn -B -q package -DskipTests
mvn -B -q test-compile
cp_file=target/bench-classpath.txt
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"

bash scripts/indexer/prepare-indexer.sh "$indexer_dir" >"$out/indexer-prepare.log" 2>&1 \
  || { tail -20 "$out/indexer-prepare.log"; exit 1; }
port=
for p in $(shuf -i 20000-40000 -n 100); do
  if ! port_in_use "$p" && ! port_in_use $((p + 100)); then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free port pair found" >&2; exit 1; }
stop_indexer() { bash scripts/indexer/stop-indexer.sh "$indexer_dir" >/dev/null 2>&1 || true; }
trap stop_indexer EXIT
# BENCH_INDEXER_JAVA_OPTS: more options for the indexer's JVM (profiling it, e.g. -XX:StartFlightRecording=...)
indexer_opts="-Xms4g -Xmx4g${BENCH_INDEXER_JAVA_OPTS:+ $BENCH_INDEXER_JAVA_OPTS}"
echo "starting the indexer on https://localhost:$port (OPENSEARCH_JAVA_OPTS=$indexer_opts)"
OPENSEARCH_JAVA_OPTS="$indexer_opts" bash scripts/indexer/start-indexer.sh --clean "$indexer_dir" "$port" \
  >"$out/indexer-start.log" 2>&1 || { tail -20 "$out/indexer-start.log"; exit 1; }

# hostile: 20 good agents and one attacker (HostileBenchmark); run on its own, the other scenarios as before
hostile=false; rest=()
for a in "${args[@]}"; do if [ "$a" = hostile ]; then hostile=true; else rest+=("$a"); fi; done
if $hostile; then
  java -Xmx2g -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.inventorysync.bench.HostileBenchmark \
    --out "$out" --indexer-url "https://localhost:$port" --certs "$indexer_dir/certs" "${rest[@]}" 2>&1 | tee "$out/hostile.log"
fi
if ! $hostile || printf '%s\n' "${rest[@]}" | grep -qxE 'e2e|ingest|burst|big|storm|fullsession|all'; then
java -Xmx4g -Djava.awt.headless=true -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  io.inventorysync.bench.ServiceBenchmark --out "$out" --run-id "$stamp" --indexer-url "https://localhost:$port" \
  --certs "$indexer_dir/certs" --indexer-pid-file "$indexer_dir/indexer.pid" --command "scripts/bench.sh $*" \
  "${rest[@]}" 2>&1 | tee "$out/bench.log"
fi
cp "$indexer_dir/logs/test-indexer.log" "$out/indexer.log" 2>/dev/null || true
echo "results in $out"
