package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.shadow.ShadowOutcomes;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.core.store.EventLatencyReader;
import dev.driftgate.core.store.Migrations;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.sampling.PromptSampler;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The overload benchmark of issue 16 (not a unit test; run with benchmarks/overload-bench.sh). Real
 * Kafka broker, real embedded PostgreSQL, the LLM simulator, and the real streaming job (shadow_config.yaml,
 * LLM scoring components, ROUGE-L-only agreement) on a local MiniCluster with load shedding ON.
 * Scoring capacity is fixed by the simulator: every model answers after {@code bench.latencyMs}, and
 * each of the job's three call stages holds at most {@code calls} requests in flight per subtask, so
 * X = parallelism x calls x 1000 / latencyMs events/s. The bench offers {@code bench.factor} x X
 * sampled events/s across the five categories for {@code bench.seconds}, stops the traffic, waits for
 * the job to account for every event, then reports event-to-row latency, consumer lag over time,
 * each category's scored vs sampled share, and sampled vs scored + failed + dead-lettered + shed.
 */
public final class OverloadBench {
    private static final String GROUP = "driftgate-overload-bench";
    private static final List<String> CATEGORIES =
            List.of("factual_qa", "reasoning", "summarization", "instruction_following", "safety");

    public static void main(String[] args) throws Exception {
        long latencyMs = Long.parseLong(System.getProperty("bench.latencyMs", "3200"));
        int parallelism = Integer.parseInt(System.getProperty("bench.parallelism", "1"));
        double factor = Double.parseDouble(System.getProperty("bench.factor", "3"));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "600"));
        int drainSeconds = Integer.parseInt(System.getProperty("bench.drainSeconds", "240"));
        Path config = Path.of(System.getProperty("bench.config", "config")).toAbsolutePath();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Files.createDirectories(tmp);

        DriftgateConfig cfg = new ConfigLoader().load(config);
        ShadowJobOptions base = ShadowJobOptions.from(cfg).withBertScore(false);
        ShedOptions fromYaml = ShedOptions.from(cfg.shadow());
        ShadowJobOptions options = base.withOverload(
                new ShedOptions(true, fromYaml.shadowPct(), fromYaml.targetLagMs(), fromYaml.adjustEveryMs()));
        int calls = options.calls().capacity();
        double capacity = parallelism * calls * 1000.0 / latencyMs;
        double offered = factor * capacity;
        String topic = cfg.shadow().kafka().requestsTopic();
        System.out.printf(Locale.ROOT, "cores=%d parallelism=%d calls/stage/subtask=%d model latency=%d ms ->"
                        + " capacity X=%.1f events/s; offered %.1f events/s (%.1fX) for %d s; shed target lag %d ms,"
                        + " adjust every %d ms%n", Runtime.getRuntime().availableProcessors(), parallelism, calls,
                latencyMs, capacity, offered, factor, seconds, fromYaml.targetLagMs(), fromYaml.adjustEveryMs());

        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Migrations.apply(pg.getPostgresDatabase());
        DataSource ds = pg.getPostgresDatabase();
        LocalKafkaBroker kafka = LocalKafkaBroker.startIn(tmp.resolve("overload-kafka-" + UUID.randomUUID()));
        kafka.createTopics(1, Duration.ofDays(1), topic, cfg.shadow().kafka().dlqTopic());
        LlmSimulator sim = LlmSimulator.fromConfig(config.resolve("simulator.yaml"), config.getParent()).start(0);
        sim.setLatencyOverrideMs(latencyMs);
        sim.setFaultsEnabled(false);
        JobClient job = null;
        try {
            ShadowDeployment deployment = new ShadowDeployment(kafka.bootstrapServers(), GROUP,
                    pg.getJdbcUrl("postgres", "postgres"), "postgres", null, null);
            ScoringComponents scoring = new LlmScoringComponents(config.toString(),
                    Map.of(Environment.OPENAI_BASE_URL, sim.baseUrl()));
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(parallelism);
            job = deployment.job(cfg.shadow(), options, scoring).executeAsync(env);
            Thread.sleep(5000); // let the job start reading before the clock starts

            Instant from = Instant.now().minusSeconds(1);
            Map<String, AtomicLong> sampledByCategory = new ConcurrentHashMap<>();
            AtomicLong sent = new AtomicLong();
            // as the ingress gateway does: only prompts its keyed hash samples at shadow_pct reach the topic,
            // so the job's shedder (same hash, a lower threshold) sees the hashes it would see in production
            PromptSampler sampler = new PromptSampler("overload-bench-key".getBytes(StandardCharsets.UTF_8),
                    cfg.shadow().shadowPct());
            Thread traffic = new Thread(() -> {
                Properties pp = new Properties();
                pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                    long interval = (long) (1e9 / offered);
                    long next = System.nanoTime();
                    long end = next + seconds * 1_000_000_000L;
                    long i = 0;
                    while (System.nanoTime() < end) {
                        String category = CATEGORIES.get((int) (sent.get() % CATEGORIES.size()));
                        String prompt;
                        long hash;
                        do {
                            prompt = "Sampled question " + (++i) + " about " + category;
                            hash = sampler.hash(prompt);
                        } while (!sampler.sampled(hash));
                        ShadowRequestEvent e = new ShadowRequestEvent(UUID.randomUUID().toString(),
                                System.currentTimeMillis(), prompt, hash, category, cfg.shadow().productionModel(),
                                "A careful production answer to question " + i, 20, cfg.shadow().candidateModel());
                        producer.send(new ProducerRecord<>(topic, Long.toString(hash), Json.mapper().writeValueAsString(e)));
                        sampledByCategory.computeIfAbsent(category, k -> new AtomicLong()).incrementAndGet();
                        sent.incrementAndGet();
                        next += interval;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                    producer.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "overload-traffic");
            long t0 = System.nanoTime();
            traffic.start();

            List<String> timeline = new ArrayList<>();
            long maxKafkaLag = 0;
            long maxInFlight = 0;
            long lastKafkaLag = 0;
            long lastInFlight = 0;
            long deadline = t0 + (seconds + drainSeconds) * 1_000_000_000L;
            long lastPrint = 0;
            long prevScored = 0;
            double prevT = 0;
            while (System.nanoTime() < deadline) {
                Thread.sleep(5000);
                double t = (System.nanoTime() - t0) / 1e9;
                long kLag = consumerLag(kafka.bootstrapServers(), topic);
                ShadowOutcomes o = ShadowOutcomes.since(ds, from);
                long inFlight = sent.get() - o.accounted();
                if (t <= seconds + 5) {
                    maxKafkaLag = Math.max(maxKafkaLag, kLag);
                    maxInFlight = Math.max(maxInFlight, inFlight);
                }
                lastKafkaLag = kLag;
                lastInFlight = inFlight;
                double scoredRate = (o.scored() + o.late() - prevScored) / (t - prevT);
                prevScored = o.scored() + o.late();
                prevT = t;
                if (t - lastPrint >= 30 || !traffic.isAlive()) {
                    String line = String.format(Locale.ROOT, "t=%4.0fs sent=%d scored=%d shed=%d failed=%d dead=%d"
                                    + " in-flight=%d kafka-committed-lag=%d scored/s(last 5s)=%.1f", t, sent.get(),
                            o.scored() + o.late(), o.shed(), o.failedCandidate() + o.failedJudge(), o.deadLettered(),
                            inFlight, kLag, scoredRate);
                    System.out.println(line);
                    timeline.add(line);
                    lastPrint = (long) t;
                }
                if (!traffic.isAlive() && inFlight <= 0 && t > seconds) {
                    break;
                }
            }
            traffic.interrupt();
            traffic.join();
            Thread.sleep(2000);

            ShadowOutcomes o = ShadowOutcomes.since(ds, from);
            long sampledKafka = SampledCount.since(kafka.bootstrapServers(), topic, from);
            System.out.println("---- results ----");
            System.out.printf(Locale.ROOT, "offered %.1f events/s for %d s; sampled (generator) %d, sampled (topic"
                    + " offsets) %d%n", offered, seconds, sent.get(), sampledKafka);
            System.out.print(o.render(sent.get()));
            System.out.printf(Locale.ROOT, "accounting exact: %s (sampled %d vs scored+late+failed+dead+shed %d)%n",
                    sent.get() == o.accounted() ? "YES" : "NO", sent.get(), o.accounted());
            System.out.printf(Locale.ROOT, "scored throughput over the offered period: %.1f events/s (X=%.1f)%n",
                    (double) (o.scored() + o.late()) / seconds, capacity);
            new EventLatencyReader(ds).since(cfg.shadow().candidateModel(), from)
                    .ifPresent(l -> System.out.println(l.describe()));
            System.out.printf(Locale.ROOT, "consumer lag, max while offering: %d events (Kafka committed offsets,"
                            + " committed at checkpoints), %d events in flight (sent - accounted); at the end: %d / %d%n",
                    maxKafkaLag, maxInFlight, lastKafkaLag, lastInFlight);
            Map<String, Long> scoredByCategory = new TreeMap<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT category, count(*) FROM shadow_evals WHERE NOT judge_failed"
                         + " AND ts >= '" + java.sql.Timestamp.from(from) + "' GROUP BY category")) {
                while (rs.next()) {
                    scoredByCategory.put(rs.getString(1), rs.getLong(2));
                }
            }
            long scoredTotal = scoredByCategory.values().stream().mapToLong(Long::longValue).sum();
            double worst = 0;
            for (Map.Entry<String, AtomicLong> e : new TreeMap<>(sampledByCategory).entrySet()) {
                double sampledShare = (double) e.getValue().get() / sent.get();
                double scoredShare = (double) scoredByCategory.getOrDefault(e.getKey(), 0L) / Math.max(1, scoredTotal);
                double rel = (scoredShare - sampledShare) / sampledShare;
                worst = Math.max(worst, Math.abs(rel));
                System.out.printf(Locale.ROOT, "category %-22s sampled %6d (%.2f%%) scored %6d (%.2f%%) relative"
                                + " difference %+.1f%%%n", e.getKey(), e.getValue().get(), 100 * sampledShare,
                        scoredByCategory.getOrDefault(e.getKey(), 0L), 100 * scoredShare, 100 * rel);
            }
            System.out.printf(Locale.ROOT, "worst category share difference: %.1f%% (target <= 10%%)%n", 100 * worst);
            System.out.printf(Locale.ROOT, "simulator requests %d, 429s %d%n", sim.requestCount(),
                    sim.rateLimitedCount());
        } finally {
            if (job != null) {
                try {
                    job.cancel().get();
                } catch (Exception ignored) {
                    // already finished
                }
            }
            sim.close();
            kafka.close();
            pg.close();
        }
        System.exit(0);
    }

    /** Sum over partitions of end offset - the group's committed offset (Flink commits at checkpoints). */
    private static long consumerLag(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
            for (int i = 0; i < 1; i++) {
                specs.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(specs).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }
}
