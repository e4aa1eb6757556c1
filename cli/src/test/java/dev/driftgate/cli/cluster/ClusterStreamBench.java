package dev.driftgate.cli.cluster;

import dev.driftgate.core.store.Migrations;
import dev.driftgate.local.flink.FlinkClusterSpec;
import dev.driftgate.local.flink.FlinkRest;
import dev.driftgate.local.flink.FlinkRunClient;
import dev.driftgate.local.flink.LocalFlinkCluster;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Streaming throughput on the local standalone cluster at parallelism 1 against 2 (not a unit test;
 * run with benchmarks/cluster-bench.sh). Two TaskManager JVMs x 1 slot, a 2-partition topic preloaded
 * with N events, the simulator's sim-candidate/judge-sim latencies, --no-bertscore. Throughput =
 * events / (last row written - first row written), so submission and start-up are left out.
 */
public final class ClusterStreamBench {
    private ClusterStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.events", 1500);
        Path dir = Files.createDirectories(Path.of("cli/target/cluster-bench-" + System.currentTimeMillis()))
                .toAbsolutePath();
        Path config = Path.of("config").toAbsolutePath();
        try (LlmSimulator sim = LlmSimulator.fromConfig(config.resolve("simulator.yaml"), config.getParent()).start(0);
             LocalKafkaBroker kafka = LocalKafkaBroker.startIn(dir.resolve("kafka"));
             EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start()) {
            sim.setFaultsEnabled(false);
            Migrations.apply(pg.getPostgresDatabase());
            long t0 = System.nanoTime();
            try (LocalFlinkCluster cluster = LocalFlinkCluster.start(FlinkClusterSpec.defaults(dir.resolve("cluster"), 2)
                    .withEnvironment(Map.of("OPENAI_BASE_URL", sim.baseUrl(), "OPENAI_API_KEY", "sim",
                            "DRIFTGATE_CONFIG_DIR", config.toString())))) {
                System.out.printf("cluster start (JobManager + 2 TaskManagers registered): %d ms%n",
                        (System.nanoTime() - t0) / 1_000_000);
                String url = pg.getJdbcUrl("postgres", "postgres");
                ShadowTables tables = new ShadowTables(url);
                FlinkRunClient client = new FlinkRunClient(cluster.restAddress(), dir.resolve("client"),
                        Map.of("DRIFTGATE_CONFIG_DIR", config.toString()));
                // -Dbench.parallelism=2 runs one setting on a fresh cluster (a second job on the same
                // cluster lost its PostgreSQL connection once here; not investigated)
                int[] settings = System.getProperty("bench.parallelism") == null ? new int[] {1, 2}
                        : new int[] {Integer.getInteger("bench.parallelism")};
                for (int parallelism : settings) {
                    String topic = "bench-p" + parallelism;
                    kafka.createTopics(2, topic, "driftgate.shadow.dlq");
                    try (ShadowEvents events = new ShadowEvents(kafka.bootstrapServers(), topic, "openai/sim-candidate")) {
                        events.send("p" + parallelism, n, ShadowEvents.base(), Duration.ofMillis(100));
                    }
                    Path cfg = ConfigCopy.withShadowConfig(config, dir.resolve("config-p" + parallelism),
                            "requests_topic: \\S+", "requests_topic: " + topic);
                    long before = tables.evals();
                    FlinkRunClient.Result r = client.run(FlinkRunClient.Submission.of(
                            Path.of("flink-jobs/target/driftgate-flink-job.jar"), ClusterJobs.SHADOW_MAIN,
                            ClusterJobs.jobArgs("config", cfg, "bootstrap-servers", kafka.bootstrapServers(),
                                    "jdbc-url", url, "jdbc-user", "postgres", "group-id", topic, "bertscore", false))
                            .detach().withParallelism(parallelism), line -> { });
                    String job = r.jobId().orElseThrow(() -> new IllegalStateException("not submitted: " + r.log()));
                    while (tables.evals() == before) {
                        Thread.sleep(20);
                    }
                    long first = System.nanoTime();
                    while (tables.evals() < before + n) {
                        Thread.sleep(20);
                    }
                    long ms = (System.nanoTime() - first) / 1_000_000;
                    FlinkRest.CheckpointStats cp = cluster.rest().checkpoints(job);
                    System.out.printf("parallelism %d: %d events in %d ms = %.1f events/s; checkpoints %d completed,"
                                    + " last %d ms, %d bytes%n", parallelism, n, ms, n * 1000.0 / ms, cp.completed(),
                            cp.lastDurationMs(), cp.lastStateSizeBytes());
                    client.cancel(job);
                }
            }
        }
    }


}
