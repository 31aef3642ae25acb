#!/usr/bin/env bash
# Benchmark of the RocksDB store and aggregation repository (io.inventorysync.store).
# Usage: scripts/bench-store.sh [valueBytes=256] [walOff=false]
# Prints items/s for raw RocksDB puts, RocksDBPayload.putItem, and putItem + session-summary update through the
# repository, for 1 session x 1k/100k/1M items and 1,000 sessions x 1,000 items, with the heap capped at 128 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
cp_file=target/bench-classpath.txt
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xmx128m -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
    io.inventorysync.store.RocksDBAggregationRepositoryBenchmark "$@"
