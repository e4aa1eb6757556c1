package dev.driftgate.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.DatabaseTarget;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A provider limit shared by the whole job: two ModelClients (two subtasks) with the limit L in
 * PostgreSQL (V9 rate_limit_buckets) against the simulator enforcing L requests/minute. Together they
 * stay within L + 5% and never meet a 429; with per-client buckets (the old behaviour) they exceed it.
 */
class SharedRateLimitTest {
    private static final int L = 600; // requests per minute: 10/s, so seconds of test mean a meaningful count
    private static final int THREADS_PER_CLIENT = 6;

    @Test
    void twoClientsSharingTheLimitStayWithinItWithoutA429() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Database db = Database.connect(DatabaseTarget.external(pg.getJdbcUrl("postgres", "postgres"),
                     Optional.of("postgres"), Optional.empty()));
             LlmSimulator sim = simulator()) {
            RateBuckets shared = new JdbcRateBuckets(db.dataSource());
            try (ModelClients first = clients(sim, shared); ModelClients second = clients(sim, shared)) {
                double perSecond = observedRate(sim, List.of(first, second), 2_000, 10_000);
                System.out.printf("shared limit: %.2f requests/s observed for a limit of %.2f/s, %d 429s%n",
                        perSecond, L / 60.0, sim.rateLimitedCount());
                assertThat(perSecond).isLessThanOrEqualTo(L / 60.0 * 1.05).isGreaterThan(L / 60.0 * 0.8);
                assertThat(sim.rateLimitedCount()).isZero();
            }
        }
    }

    @Test
    void perClientBucketsMultiplyTheLimitByTheParallelism() throws Exception {
        try (LlmSimulator sim = simulator();
             ModelClients first = clients(sim, RateBuckets.local()); ModelClients second = clients(sim, RateBuckets.local())) {
            double perSecond = observedRate(sim, List.of(first, second), 1_000, 4_000);
            System.out.printf("per-client limit: %.2f requests/s accepted, %d 429s%n", perSecond, sim.rateLimitedCount());
            assertThat(sim.rateLimitedCount()).isPositive();
        }
    }

    @Test
    void theSwitchPicksSharedBucketsAndRefusesToRunWithoutADatabase() {
        assertThat(JdbcRateBuckets.fromEnvironment(dev.driftgate.core.config.Environment.of(Map.of())))
                .isNotInstanceOf(JdbcRateBuckets.class);
        assertThat(JdbcRateBuckets.fromEnvironment(dev.driftgate.core.config.Environment.of(Map.of(
                "DRIFTGATE_SHARED_RATE_LIMITS", "true", "DRIFTGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x"))))
                .isInstanceOf(JdbcRateBuckets.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JdbcRateBuckets.fromEnvironment(
                        dev.driftgate.core.config.Environment.of(Map.of("DRIFTGATE_SHARED_RATE_LIMITS", "true"))))
                .hasMessageContaining("DRIFTGATE_DB_URL");
    }

    @Test
    void anUnreachableDatabaseFallsBackToALocalBucketInsteadOfFailingCalls() {
        RateBucket bucket = new JdbcRateBuckets(DatabaseTarget.external("jdbc:postgresql://127.0.0.1:1/x",
                Optional.empty(), Optional.empty()).dataSource()).bucket("openai@x:requests", 2, 2);
        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isPositive();
    }

    private static LlmSimulator simulator() {
        LlmSimulator sim = new LlmSimulator(SimulatorConfig.load(Path.of("src/test/resources/sim/simulator-test.yaml")),
                ReferenceAnswers.load(Path.of("src/test/resources/sim/golden-mini.jsonl"))).start(0);
        sim.setRequestsPerMinuteLimit(L);
        return sim;
    }

    private static ModelClients clients(LlmSimulator sim, RateBuckets buckets) {
        // a non-loopback-looking limit is not needed: the limit is set explicitly, as in production
        LlmSettings settings = LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(0),
                Map.of("OPENAI_BASE_URL", sim.baseUrl(), "DRIFTGATE_RATE_LIMIT_OPENAI", L + ",0"));
        ModelClients models = new ModelClients(settings, new PriceTable(Map.of()), null,
                dev.driftgate.core.cache.CacheMode.NO_CACHE, buckets);
        models.stack("openai/sim-perfect");
        return models;
    }

    /** Requests the simulator accepted per second between warmupMs and warmupMs + measureMs of full load. */
    private static double observedRate(LlmSimulator sim, List<ModelClients> clients, long warmupMs, long measureMs)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS_PER_CLIENT * clients.size());
        for (ModelClients models : clients) {
            for (int t = 0; t < THREADS_PER_CLIENT; t++) {
                pool.execute(() -> {
                    while (!stop.get()) {
                        try {
                            models.complete(ModelRequest.inference("openai/sim-perfect", "s", "What is 2 + 2?"));
                        } catch (ModelCallException e) {
                            // a 429 is counted by the simulator
                        }
                    }
                });
            }
        }
        Thread.sleep(warmupMs);
        long accepted0 = sim.requestCount() - sim.rateLimitedCount();
        long t0 = System.nanoTime();
        Thread.sleep(measureMs);
        long accepted1 = sim.requestCount() - sim.rateLimitedCount();
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        return (accepted1 - accepted0) / seconds;
    }
}
