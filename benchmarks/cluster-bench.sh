#!/usr/bin/env bash
# Streaming throughput on the local standalone Flink cluster, parallelism 1 vs 2 (ClusterStreamBench).
# Usage: benchmarks/cluster-bench.sh [-Dbench.events=1500]
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor build (the job jar is shaded in flink-jobs' package phase); classes resolve to target/
mvn -B -o -q -pl cli -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$PWD/cli/target/bench-classpath.txt" -Dmdep.includeScope=test
mkdir -p cli/target/tmp
exec java -Xmx1g -Djava.io.tmpdir=cli/target/tmp -Dlogback.configurationFile=flink-jobs/src/test/resources/logback-test.xml "$@" \
  -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/bench-classpath.txt)" \
  dev.driftgate.cli.cluster.ClusterStreamBench
