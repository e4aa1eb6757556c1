package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.store.Migrations;
import dev.driftgate.core.testing.SlackWebhookReceiver;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.flink.ops.CoreTextMetricsFactory;
import dev.driftgate.flink.ops.TaskEnvironment;
import dev.driftgate.flink.ops.TextMetricsFactory;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.traffic.Questions;
import dev.driftgate.local.traffic.ShadowTrafficGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The stream benchmark (not a unit test; run with benchmarks/stream-bench.sh). Real Kafka broker,
 * real embedded PostgreSQL, the job on a local MiniCluster with checkpointing every 10 s, the
 * candidate and judge answering in a uniform 0-50 ms (three calls per event).
 *
 * <ol>
 *   <li>capacity: N events pre-loaded, the job drains them; rows/s over the middle 80%, and the same
 *       with 0 ms model latency as the baseline that shows whether scoring is the bottleneck; then
 *       with core's real agreement metrics: ROUGE-L only, and BERTScore + ROUGE-L (fewer events);</li>
 *   <li>latency: events at a fixed rate, p50/p95 of (row inserted_at - event ts);</li>
 *   <li>alerts: 10 s windows, degraded traffic, Slack receipt - (window end + out-of-orderness).</li>
 * </ol>
 *
 * <p>{@code -Dbench.mode=bertscore-cache} runs only {@link EmbeddingCacheBench}: capacity with BERTScore
 * agreement, embedding cache off vs on, on unique and on repeating (popular-question) traffic.
 */
public final class StreamBench {
    private static EmbeddedPostgres pg;
    private static LocalKafkaBroker kafka;

    public static void main(String[] args) throws Exception {
        int preload = Integer.parseInt(System.getProperty("bench.preload", "20000"));
        int rate = Integer.parseInt(System.getProperty("bench.rate", "400"));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "40"));
        int threads = Integer.parseInt(System.getProperty("bench.threads", "64"));
        int bertPreload = Integer.parseInt(System.getProperty("bench.bertPreload", "1500"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        pg = EmbeddedPostgres.builder().start();
        Migrations.apply(pg.getPostgresDatabase());
        kafka = LocalKafkaBroker.startIn(tmp.resolve("bench-kafka-" + UUID.randomUUID()));
        try (SlackWebhookReceiver slack = new SlackWebhookReceiver()) {
            System.out.printf(Locale.ROOT, "cores=%d threads=%d%n", Runtime.getRuntime().availableProcessors(), threads);
            Path config = Path.of(System.getProperty("bench.config", "config"));
            CoreTextMetricsFactory real = CoreTextMetricsFactory.of(new ConfigLoader().load(config).scorer(), config);
            if ("bertscore-cache".equals(System.getProperty("bench.mode"))) {
                new EmbeddingCacheBench((run, events, agreement, traffic) ->
                        capacity(run, events, 0, 50, threads, slack, agreement, traffic), real,
                        EmbeddingCacheBench.Settings.fromSystemProperties(), System.out).run();
            } else {
                capacityLatencyAndAlerts(preload, rate, seconds, threads, bertPreload, slack, real);
            }
        } finally {
            kafka.close();
            pg.close();
        }
        System.exit(0);
    }

    /** The default mode: the capacity rows, latency and alert latency, RSS. */
    private static void capacityLatencyAndAlerts(int preload, int rate, int seconds, int threads, int bertPreload,
                                                 SlackWebhookReceiver slack, TextMetricsFactory real) throws Exception {
        double baseline = capacity("cap0", preload, 0, 0, threads, slack, STAND_IN);
        double withLatency = capacity("cap50", preload, 0, 50, threads, slack, STAND_IN);
        System.out.printf(Locale.ROOT, "capacity: %.0f events/s with 0-50 ms model latency, %.0f events/s with"
                + " 0 ms (ratio %.2f)%n", withLatency, baseline, withLatency / baseline);
        double rougeOnly = capacity("cap50rouge", preload, 0, 50, threads, slack, real.withoutBertScore());
        System.out.printf(Locale.ROOT, "capacity with real ROUGE-L agreement (BERTScore off): %.0f events/s%n",
                rougeOnly);
        double bert = capacity("cap50bert", bertPreload, 0, 50, threads, slack, real);
        System.out.printf(Locale.ROOT, "capacity with real BERTScore + ROUGE-L agreement (batched): %.1f events/s"
                + " (%d events)%n", bert, bertPreload);
        latencyAndAlerts(rate, seconds, threads, slack);
        System.out.printf(Locale.ROOT, "RSS %.0f MB (benchmark JVM: MiniCluster + job + clients)%n", rssMb());
    }

    private static ShadowJobOptions options(Duration window, int threads, String slackUrl) {
        TaskEnvironment.install(Environment.of(Map.of(Environment.SLACK_WEBHOOK_URL, slackUrl)));
        return new ShadowJobOptions(window, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10),
                JudgeMode.POINTWISE, false, new DriftRule(0.72, 3, -0.05, 3_600_000L),
                new AsyncCallOptions(threads, 60_000), AgreementOptions.defaults(), Environment.SLACK_WEBHOOK_URL, 4, 100,
                500, 200);
    }

    /** The stand-in agreement metrics (token overlap): the default for measuring the rest of the job. */
    /** Every prompt sampled: the bench measures scoring, not the gateway's sampling. */
    private static final PromptSampler ALL = new PromptSampler("stream-bench".getBytes(StandardCharsets.UTF_8), 100);
    private static final TextMetricsFactory STAND_IN = new FakeScoringComponents.JaccardMetrics();

    private static JobClient start(String name, ShadowJobOptions o, int minMs, int maxMs, TextMetricsFactory agreement)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        var conn = ShadowJdbcSinks.connection(pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
        var exec = ShadowJdbcSinks.execution(o.jdbcBatchSize(), o.jdbcBatchIntervalMs());
        ShadowSinks sinks = ShadowSinks.jdbcAndKafka(conn, exec, kafka.bootstrapServers(), name + ".dlq");
        // the bench's events may be historic: accept any past ts, still reject the future
        return new ShadowScoringJob(ShadowKafka.source(kafka.bootstrapServers(), name, name), sinks,
                new FakeScoringComponents(minMs, maxMs).withAgreementMetrics(agreement), o, ShadowScoringJobTest.HISTORIC)
                .executeAsync(env);
    }

    private static double capacity(String name, int n, int minMs, int maxMs, int threads, SlackWebhookReceiver slack,
                                   TextMetricsFactory agreement) throws Exception {
        return capacity(name, n, minMs, maxMs, threads, slack, agreement, Questions::unique).eventsPerSecond();
    }

    /**
     * A drained run over the middle 80% of its rows: wall-clock rows/s, and this JVM's process CPU per
     * row (MiniCluster, job, clients; not the Kafka broker or PostgreSQL, which are other processes),
     * which other work on the machine disturbs much less than the wall clock.
     */
    record Drain(double eventsPerSecond, double cpuMsPerEvent) {
    }

    private static Drain capacity(String name, int n, int minMs, int maxMs, int threads, SlackWebhookReceiver slack,
                                   TextMetricsFactory agreement, Supplier<Questions> traffic) throws Exception {
        kafka.createTopics(1, name, name + ".dlq");
        try (ShadowTrafficGenerator g =
                     new ShadowTrafficGenerator(kafka.bootstrapServers(), name, "prod", name, ALL, traffic)) {
            for (int i = 0; i < n; i++) {
                g.send("");
            }
        }
        JobClient job = start(name, options(Duration.ofMinutes(5), threads, slack.url()), minMs, maxMs, agreement);
        List<long[]> samples = new ArrayList<>(); // {nanos, rows, process CPU nanos}
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long rows = 0;
        while (rows < n && System.nanoTime() < deadline) {
            Thread.sleep(250);
            rows = scalar("SELECT count(*) FROM shadow_evals WHERE shadow_model = '" + name + "'");
            samples.add(new long[] {System.nanoTime(), rows, processCpuNanos()});
        }
        job.cancel().get();
        long lo = n / 10;
        long hi = n - n / 10;
        long[] a = samples.stream().filter(s -> s[1] >= lo).findFirst().orElseThrow();
        long[] b = samples.stream().filter(s -> s[1] >= hi).findFirst().orElseThrow();
        return new Drain((b[1] - a[1]) / ((b[0] - a[0]) / 1e9), (b[2] - a[2]) / 1e6 / (b[1] - a[1]));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void latencyAndAlerts(int rate, int seconds, int threads, SlackWebhookReceiver slack) throws Exception {
        String name = "lat";
        kafka.createTopics(1, name, name + ".dlq");
        slack.reset();
        Duration window = Duration.ofSeconds(10);
        JobClient job = start(name, options(window, threads, slack.url()), 0, 50, STAND_IN);
        Thread.sleep(3000); // let the job start reading before the clock starts
        try (ShadowTrafficGenerator g = new ShadowTrafficGenerator(kafka.bootstrapServers(), name, "prod", name, ALL)) {
            g.run(rate, (long) rate * seconds, " [bad]");
        }
        Thread.sleep(5000);
        long sent = (long) rate * seconds;
        long rows = scalar("SELECT count(*) FROM shadow_evals WHERE shadow_model = 'lat'");
        List<Long> lat = column("SELECT (extract(epoch FROM inserted_at - ts) * 1000)::bigint FROM shadow_evals"
                + " WHERE shadow_model = 'lat' ORDER BY 1");
        System.out.printf(Locale.ROOT, "latency at %d events/s for %d s: %d sent, %d rows, event ts -> row visible"
                        + " p50 %d ms, p95 %d ms, max %d ms%n", rate, seconds, sent, rows,
                lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.95)), lat.get(lat.size() - 1));
        List<Long> alertLatency = new ArrayList<>();
        List<Long> windowEnds = column("SELECT (extract(epoch FROM window_end) * 1000)::bigint FROM drift_windows"
                + " WHERE shadow_model = 'lat' ORDER BY window_end");
        // the alert fires when the watermark (max ts - 1 s) passes the end of the 3rd full window
        for (int i = 0; i < slack.accepted().size(); i++) {
            String body = slack.accepted().get(i).toString();
            long end = windowEnds.stream().filter(e -> body.contains(java.time.Instant.ofEpochMilli(e).toString()))
                    .findFirst().orElse(-1L);
            if (end > 0) {
                alertLatency.add(slack.acceptedAt().get(i) - (end + 1000));
            }
        }
        alertLatency.sort(null);
        System.out.printf(Locale.ROOT, "alerts: %d delivered; latency after window close (receipt - (window end +"
                + " out-of-orderness)): %s ms%n", slack.accepted().size(), alertLatency);
        job.cancel().get();
    }

    private static long scalar(String sql) throws Exception {
        return column(sql).get(0);
    }

    private static List<Long> column(String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    private static double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
