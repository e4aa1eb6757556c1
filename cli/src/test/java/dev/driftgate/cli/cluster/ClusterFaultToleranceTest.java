package dev.driftgate.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.cli.CliRun;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.store.Migrations;
import dev.driftgate.local.LoopbackPorts;
import dev.driftgate.local.flink.FlinkClusterExtension;
import dev.driftgate.local.flink.FlinkRest;
import dev.driftgate.local.flink.FlinkRunClient;
import dev.driftgate.local.flink.LocalFlinkCluster;
import dev.driftgate.local.flink.PrometheusScrape;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job at parallelism 2 over two TaskManager JVMs loses and duplicates nothing when one
 * TaskManager is SIGKILLed mid-stream and a replacement joins; then a stop-with-savepoint and a
 * resubmission from it at parallelism 1 (keyed window and detector state redistribute) carry on.
 * Checked in the tables: every event in shadow_evals once, every window's n equal to its rows, no
 * alert recorded twice, every bad record dead-lettered (at least once: the DLQ sink is a plain
 * producer flushed on checkpoints, so a replay after a crash may write one again).
 */
@Tag("cluster")
class ClusterFaultToleranceTest {
    private static final int EVENTS = 2000;
    private static final int AFTER_SAVEPOINT = 200;
    private static final int GARBAGE = 20;
    private static final Duration SPACING = Duration.ofMillis(450);
    private static final Pattern JOB_ID = Pattern.compile("shadow-scoring job ([0-9a-f]{32}) submitted");
    private static final Path DIR = dir();
    private static final Path CONFIG = configWithFastCheckpoints(DIR.resolve("config"));
    private static final LlmSimulator SIM = simulator();
    private static final int PROM = LoopbackPorts.free();
    private static final String OP = "flink_taskmanager_job_task_operator_";

    @RegisterExtension
    static final FlinkClusterExtension CLUSTER = new FlinkClusterExtension(2, spec -> spec
            .withPrometheus(PROM, PROM + 9)
            .withEnvironment(Map.of("OPENAI_BASE_URL", SIM.baseUrl(), "OPENAI_API_KEY", "sim",
                    "DRIFTGATE_CONFIG_DIR", CONFIG.toString())));

    private static LocalKafkaBroker kafka;
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startKafkaAndDatabase() throws IOException {
        kafka = LocalKafkaBroker.startIn(DIR.resolve("kafka"));
        kafka.createTopics(2, "driftgate.shadow.requests", "driftgate.shadow.dlq");
        pg = EmbeddedPostgres.builder().setDataDirectory(DIR.resolve("pg")).start();
        Migrations.apply(pg.getPostgresDatabase());
    }

    @AfterAll
    static void stopAll() throws IOException {
        SIM.close();
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aKilledTaskManagerLosesAndDuplicatesNothingAndASavepointCarriesTheStateToParallelismOne() throws Exception {
        LocalFlinkCluster cluster = CLUSTER.cluster();
        FlinkRest rest = cluster.rest();
        ShadowTables tables = new ShadowTables(pg.getJdbcUrl("postgres", "postgres"));
        Instant base = ShadowEvents.base();

        String job = submit(cluster, "--parallelism", "2");
        try (ShadowEvents events = new ShadowEvents(kafka.bootstrapServers(), "driftgate.shadow.requests",
                "openai/sim-candidate")) {
            events.sendGarbage(GARBAGE / 2);
            events.send("a", EVENTS, base, SPACING);
            events.sendGarbage(GARBAGE / 2);
            events.sentinels("a", base.plus(Duration.ofHours(2)), 2);
            long t0 = System.nanoTime();

            // two scrapes while both TaskManagers live (a restart starts the counters again), then the kill
            await("a tenth of the events scored", Duration.ofMinutes(3), () -> tables.evals() >= EVENTS / 10);
            PrometheusScrape early = PrometheusScrape.of(PROM, PROM + 9);
            await("a third of the events scored", Duration.ofMinutes(3), () -> tables.evals() >= EVENTS / 3);
            PrometheusScrape half = PrometheusScrape.of(PROM, PROM + 9);
            await("half the events scored", Duration.ofMinutes(3), () -> tables.evals() >= EVENTS / 2);
            long atKill = tables.evals();
            long killedAt = System.nanoTime();
            cluster.killTaskManager(0);
            cluster.addTaskManager(2);
            await("the job restarted", Duration.ofMinutes(2), () -> restarts(rest, job) >= 1 && running(rest, job));
            long runningAgainMs = (System.nanoTime() - killedAt) / 1_000_000;
            long rowsAfterRestart = tables.evals();
            // a replay first upserts the rows written since the restored checkpoint: count only what is new
            await("a new row after recovery (rows at restart " + rowsAfterRestart + ")", Duration.ofMinutes(2),
                    () -> tables.evals() > rowsAfterRestart || tables.evals() == EVENTS + 2);
            long firstRowMs = (System.nanoTime() - killedAt) / 1_000_000;

            await("every event scored", Duration.ofMinutes(3), () -> tables.distinctEvents() == EVENTS + 2);
            long allMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tables.evals()).isEqualTo(EVENTS + 2);
            // 3 five-minute windows x 5 categories; the sentinels' window is still open
            // a subtask restored from a checkpoint taken after its sentinel has no event to restart its
            // watermark from (the assigner's max timestamp is not checkpointed): it holds the windows
            // back until windows.idleness_seconds (60 s) marks it idle
            await("every closed window written", Duration.ofSeconds(150), () -> tables.windows() == 15);
            assertThat(tables.windowsWhoseNIsNotTheirRows()).isEmpty();
            assertThat(tables.doubledAlerts()).isEmpty();
            assertMetricsMoved(early, half);
            Map<String, Integer> dlq = deadLetters(GARBAGE);
            assertThat(dlq).hasSize(GARBAGE);
            FlinkRest.CheckpointStats checkpoints = rest.checkpoints(job);
            System.out.printf("fault tolerance: rows at kill=%d, kill->RUNNING again ms=%d, kill->first new row ms=%d,"
                            + " %d events in ms=%d (%.1f events/s incl. recovery), dead letters %d distinct / %d written,"
                            + " checkpoints completed=%d failed=%d last duration ms=%d size bytes=%d%n", atKill,
                    runningAgainMs, firstRowMs, EVENTS, allMs, EVENTS * 1000.0 / allMs, dlq.size(),
                    dlq.values().stream().mapToInt(Integer::intValue).sum(), checkpoints.completed(),
                    checkpoints.failed(), checkpoints.lastDurationMs(), checkpoints.lastStateSizeBytes());

            FlinkRunClient client = new FlinkRunClient(cluster.restAddress(), DIR.resolve("client"), Map.of());
            String savepoint = client.stopWithSavepoint(job, cluster.savepointDir());
            events.send("b", AFTER_SAVEPOINT, base.plus(Duration.ofHours(3)), SPACING);
            String resumed = submit(cluster, "--parallelism", "1", "--from-savepoint", savepoint);
            await("the events after the savepoint scored", Duration.ofMinutes(2),
                    () -> tables.distinctEvents() == EVENTS + 2 + AFTER_SAVEPOINT);
            // only now: at parallelism 1 one subtask reads both partitions and the watermark is assigned
            // after parsing, on the merged stream, so a sentinel read ahead of the other partition's
            // backlog would make that backlog late (see docs/stream.md, "Parallelism and partitions")
            events.sentinels("b", base.plus(Duration.ofHours(5)), 2);
            await("the sentinels after the savepoint scored", Duration.ofMinutes(1),
                    () -> tables.distinctEvents() == EVENTS + 2 + AFTER_SAVEPOINT + 2);
            // + the first sentinels' window (factual_qa) + the 90 s after the savepoint (5 categories)
            await("the windows after the savepoint written", Duration.ofSeconds(150), () -> tables.windows() == 21);
            assertThat(tables.evals()).isEqualTo(EVENTS + 2 + AFTER_SAVEPOINT + 2);
            assertThat(tables.windowsWhoseNIsNotTheirRows()).isEmpty();
            assertThat(tables.doubledAlerts()).isEmpty();
            client.cancel(resumed);
        }
    }

    /** The product's operator metrics and Flink's own reach Prometheus, and they move as events flow. */
    private static void assertMetricsMoved(PrometheusScrape early, PrometheusScrape half) {
        String parse = op("parse-events");
        String split = op("split-dead-letters");
        String candidate = op("candidate-inference");
        String judge = op("judge-prod");
        assertThat(half.sum("flink_jobmanager_numRegisteredTaskManagers")).isEqualTo(2);
        assertThat(early.sum(OP + "eventsIn", parse)).as(String.join("\n", half.series(OP + "eventsIn"))).isPositive();
        assertThat(half.sum(OP + "eventsIn", parse)).isGreaterThan(early.sum(OP + "eventsIn", parse));
        assertThat(half.sum(OP + "scored", split)).isGreaterThan(early.sum(OP + "scored", split));
        // the first garbage records come before every event; the source may already be past the last ones
        assertThat(half.sum(OP + "deadLettered", parse)).isBetween(GARBAGE / 2.0, (double) GARBAGE);
        assertThat(half.sum(OP + "calls", candidate)).isGreaterThan(early.sum(OP + "calls", candidate));
        assertThat(half.sum(OP + "callLatencyMs_count", judge)).isPositive();
        assertThat(half.sum(OP + "callLatencyMs", judge, "quantile=\"0.5\"")).isPositive();
        assertThat(half.series(OP + "inFlight")).isNotEmpty();
        assertThat(half.series(OP + "late")).isNotEmpty();
        // Flink's own: consumer lag per split and the watermark each operator sees
        assertThat(half.series(OP + "pendingRecords")).isNotEmpty();
        assertThat(half.series(OP + "currentInputWatermark")).isNotEmpty();
        System.out.printf("metrics at a third: eventsIn=%.0f scored=%.0f deadLettered(parse)=%.0f candidate calls=%.0f"
                        + " judge-prod callLatencyMs p50=%.0f p99=%.0f (%d lines)%n", half.sum(OP + "eventsIn", parse),
                half.sum(OP + "scored", split), half.sum(OP + "deadLettered", parse), half.sum(OP + "calls", candidate),
                half.sum(OP + "callLatencyMs", judge, "quantile=\"0.5\"") / 2,
                half.sum(OP + "callLatencyMs", judge, "quantile=\"0.99\"") / 2, half.size());
    }

    /** The reporter writes label values with '-' as '_' (parse-events -> parse_events). */
    private static String op(String name) {
        return "operator_name=\"" + name.replace('-', '_') + "\"";
    }

    private static String submit(LocalFlinkCluster cluster, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("stream", "--cluster", cluster.restAddress(),
                "--job-jar", ClusterTestJobJar.path().toString(), "--config", CONFIG.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--jdbc-url", pg.getJdbcUrl("postgres", "postgres"),
                "--no-bertscore"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.execute(Map.of("DRIFTGATE_HOME", DIR.toString(), "DRIFTGATE_DB_USER", "postgres"),
                args.toArray(String[]::new));
        assertThat(run.code()).as(run.all()).isZero();
        Matcher m = JOB_ID.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }

    /** Dead letters by source (partition/offset) and how often each was written. */
    private static Map<String, Integer> deadLetters(int expected) throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, Integer> bySource = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of("driftgate.shadow.dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && bySource.size() < expected) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode dl = Json.mapper().readTree(r.value());
                    bySource.merge(dl.path("partition").asText() + "/" + dl.path("offset").asText(), 1, Integer::sum);
                }
            }
        }
        return bySource;
    }

    private static long restarts(FlinkRest rest, String job) {
        try {
            return rest.restarts(job);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean running(FlinkRest rest, String job) {
        try {
            return rest.job(job).map(j -> j.state().equals("RUNNING")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                ShadowTables t = new ShadowTables(pg.getJdbcUrl("postgres", "postgres"));
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what
                        + " (shadow_evals rows " + t.evals() + ", drift_windows " + t.windows() + ")");
            }
            Thread.sleep(100);
        }
    }

    private static Path dir() {
        try {
            return Files.createDirectories(Path.of("target", "cluster-ft-" + System.currentTimeMillis()))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped config with 2 s checkpoints, so a crash replays little and the test stays short. */
    private static Path configWithFastCheckpoints(Path target) {
        try {
            return ConfigCopy.withShadowConfig(Path.of("../config").toAbsolutePath().normalize(), target,
                    "checkpoint_interval_seconds: \\d+", "checkpoint_interval_seconds: 2");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LlmSimulator simulator() {
        Path config = Path.of("../config").toAbsolutePath().normalize();
        LlmSimulator sim = LlmSimulator.fromConfig(config.resolve("simulator.yaml"), config.getParent()).start(0);
        sim.setFaultsEnabled(false);
        return sim;
    }
}
