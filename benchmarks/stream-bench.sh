#!/usr/bin/env bash
# Stream benchmark: real Kafka + embedded PostgreSQL + the job on a local MiniCluster, 0-50 ms model latency.
# Usage: benchmarks/stream-bench.sh [-Dbench.rate=400 -Dbench.seconds=40 -Dbench.preload=20000 -Dbench.threads=64]
#        benchmarks/stream-bench.sh -Dbench.mode=bertscore-cache [-Dbench.cacheEvents=20000 -Dbench.cacheRounds=3
#          -Dbench.distinct=200 -Dbench.zipf=1.0]   # BERTScore agreement, embedding cache off vs on (issue 16)
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor build so core resolves to its target/classes; the last module written (flink-jobs) wins
mvn -B -o -q -pl flink-jobs -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/flink-jobs/target/bench-classpath.txt" -Dmdep.includeScope=test
mkdir -p flink-jobs/target/tmp
exec java -Xmx2g -Djava.io.tmpdir=flink-jobs/target/tmp -Dlogback.configurationFile=flink-jobs/src/test/resources/logback-test.xml "$@" \
  -cp "flink-jobs/target/test-classes:flink-jobs/target/classes:core/target/classes:$(cat flink-jobs/target/bench-classpath.txt)" \
  dev.driftgate.flink.shadow.StreamBench
