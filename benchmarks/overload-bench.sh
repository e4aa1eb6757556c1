#!/usr/bin/env bash
# Overload benchmark (issue 16): real Kafka + embedded PostgreSQL + LLM simulator + the job with load shedding on, on a MiniCluster.
# Usage: benchmarks/overload-bench.sh [-Dbench.seconds=600 -Dbench.latencyMs=3200 -Dbench.factor=3 -Dbench.parallelism=1]
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor build so core resolves to its target/classes; the last module written (flink-jobs) wins
mvn -B -o -q -pl flink-jobs -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/flink-jobs/target/overload-classpath.txt" -Dmdep.includeScope=test
mkdir -p flink-jobs/target/tmp
exec java -Xmx2g -Djava.io.tmpdir=flink-jobs/target/tmp -Dlogback.configurationFile=flink-jobs/src/test/resources/logback-test.xml "$@" \
  -cp "flink-jobs/target/test-classes:flink-jobs/target/classes:core/target/classes:$(cat flink-jobs/target/overload-classpath.txt)" \
  dev.driftgate.flink.shadow.OverloadBench
