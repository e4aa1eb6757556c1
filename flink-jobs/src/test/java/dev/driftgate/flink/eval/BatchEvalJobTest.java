package dev.driftgate.flink.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.cache.CacheMode;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.flink.ops.LlmClientFactory;
import dev.driftgate.local.sim.LlmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded job end to end on a MiniCluster: the real LangChain4j OpenAI client against the
 * OpenAI-compatible simulator, core's LLM judge, ROUGE-L and BERTScore (MiniLM on DJL), and a real
 * embedded PostgreSQL run store.
 */
class BatchEvalJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    static JdbcRunStore store;
    static LlmSimulator sim;
    static Path dataset;

    @BeforeAll
    static void start() throws Exception {
        store = new JdbcRunStore(pg.dataSource());
        dataset = EvalFixture.slice(dir, 3);
        sim = EvalFixture.simulator(dataset);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    private static EvalRun eval(DriftgateConfig config, String model, String out) throws Exception {
        return eval(config, model, out, null);
    }

    private static EvalRun eval(DriftgateConfig config, String model, String out,
                                LlmClientFactory.ResponseCacheTarget cache) throws Exception {
        Map<String, String> endpoints = Map.of("OPENAI_BASE_URL", sim.baseUrl());
        EvalRunner runner = new EvalRunner(store, Clock.systemUTC(), Map.of("GITHUB_SHA", "abc123"));
        EvalRunner.Request request = new EvalRunner.Request(EvalFixture.CONFIG_DIR, config, dataset, model,
                Map.of("branch", "test"), 8, null, dir.resolve(out), endpoints, 42, RuntimeExecutionMode.BATCH, 1);
        return runner.run(request, EvalRunner.Parts.real(config, EvalFixture.CONFIG_DIR, endpoints, cache),
                new EvalRunner.Listener() { });
    }

    private static DriftgateConfig config() {
        return EvalFixture.with(EvalFixture.config(), "openai/judge-sim", 10, 4);
    }

    @Test
    void scoresJsonAndDatabaseRowsAgree() throws Exception {
        EvalRun run = eval(config(), "openai/sim-good", "good");

        assertThat(run.status()).isEqualTo(EvalRun.Status.COMPLETED);
        assertThat(run.examples()).hasSize(15).noneMatch(ExampleResult::failed);
        assertThat(run.categories()).hasSize(5);
        assertThat(run.tags()).containsEntry("env", "ci").containsEntry("branch", "test");
        assertThat(run.gitSha()).isEqualTo("abc123");
        assertThat(run.prNumber()).isEqualTo(42);
        assertThat(run.usage()).containsKeys("openai/sim-good", "openai/judge-sim");
        assertThat(run.usage().get("openai/sim-good").calls()).isEqualTo(15);
        assertThat(run.overall()).isBetween(0.5, 1.0);

        EvalRun file = ScoresFile.read(dir.resolve("good").resolve("scores.json"));
        assertThat(file).usingRecursiveComparison().ignoringFields("startedAt", "finishedAt").isEqualTo(run);
        EvalRun db = store.findRun(run.runId()).orElseThrow();
        assertThat(db).usingRecursiveComparison().ignoringFields("startedAt", "finishedAt").isEqualTo(file);
        try (Connection c = pg.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*), sum(composite) from eval_example_scores "
                     + "where run_id = '" + run.runId() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(15);
            assertThat(rs.getDouble(2)).isCloseTo(run.examples().stream().mapToDouble(ExampleResult::composite).sum(),
                    org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void goodModelOutranksDegradedModelInEveryCategory() throws Exception {
        EvalRun good = eval(config(), "openai/sim-good", "rank-good");
        EvalRun degraded = eval(config(), "openai/sim-degraded", "rank-degraded");
        for (Map.Entry<String, CategoryScore> e : good.categories().entrySet()) {
            CategoryScore bad = degraded.categories().get(e.getKey());
            assertThat(e.getValue().composite()).as(e.getKey()).isGreaterThan(bad.composite());
        }
        assertThat(good.overall()).isGreaterThan(degraded.overall());
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedAndCounted() throws Exception {
        long limitedBefore = sim.rateLimitedCount();
        long errorsBefore = sim.serverErrorCount();
        EvalRun run = eval(config(), "openai/sim-flaky", "flaky");
        long faults = sim.rateLimitedCount() - limitedBefore + sim.serverErrorCount() - errorsBefore;

        assertThat(faults).isPositive();
        assertThat(run.examples()).noneMatch(ExampleResult::failed);
        assertThat(run.status()).isEqualTo(EvalRun.Status.COMPLETED);
        // every attempt is a call: the 15 answers plus one call per 429/500 the simulator sent
        assertThat(run.usage().get("openai/sim-flaky").calls()).isEqualTo(15 + faults);
    }

    @Test
    void timeoutsAreRetriedByTheClientThenRecordedAsFailures() throws Exception {
        DriftgateConfig config = EvalFixture.with(EvalFixture.config(), "openai/judge-sim", 1, 1);
        EvalRun run = eval(config, "openai/sim-slow", "slow");
        assertThat(run.examples()).allMatch(ExampleResult::failed);
        assertThat(run.examples()).allSatisfy(e -> {
            assertThat(e.failureStage()).isEqualTo("inference");
            assertThat(e.failureReason()).containsIgnoringCase("timed out").contains("after 2 attempts");
        });
        assertThat(run.status()).isEqualTo(EvalRun.Status.TOO_MANY_FAILURES);
        assertThat(run.usage().get("openai/sim-slow").calls()).as("two attempts per example").isEqualTo(30);
    }

    @Test
    void malformedJudgeOutputIsACountedJudgeFailure() throws Exception {
        DriftgateConfig config = EvalFixture.with(EvalFixture.config(), "openai/judge-broken", 10, 4);
        EvalRun run = eval(config, "openai/sim-good", "broken-judge");
        assertThat(run.judgeFailures()).isEqualTo(15);
        assertThat(run.examples()).allSatisfy(e -> {
            assertThat(e.failed()).isTrue();
            assertThat(e.failureStage()).isEqualTo("judge");
            assertThat(e.judge().rawText()).isNotNull();
        });
        assertThat(run.categories().values()).allSatisfy(c -> assertThat(c.failed()).isEqualTo(3));
        assertThat(run.status()).isEqualTo(EvalRun.Status.TOO_MANY_FAILURES);
        assertThat(Files.exists(dir.resolve("broken-judge").resolve("scores.json"))).isTrue();
    }

    @Test
    void warmCacheRerunGivesTheSameScoresJson() throws Exception {
        var cache = new LlmClientFactory.ResponseCacheTarget(pg.jdbcUrl(), "postgres",
                CacheMode.NORMAL);
        EvalRun cold = eval(config(), "openai/sim-candidate-cache", "cold", cache);
        long requests = sim.requestCount();
        EvalRun warm1 = eval(config(), "openai/sim-candidate-cache", "warm1", cache);
        EvalRun warm2 = eval(config(), "openai/sim-candidate-cache", "warm2", cache);
        assertThat(sim.requestCount()).as("warm runs never reach the model").isEqualTo(requests);

        assertThat(warm1.examples()).extracting(ExampleResult::composite)
                .containsExactlyElementsOf(cold.examples().stream().map(ExampleResult::composite).toList());
        String a = Files.readString(dir.resolve("warm1").resolve("scores.json"));
        String b = Files.readString(dir.resolve("warm2").resolve("scores.json"));
        if (!withoutRunIdentity(a).equals(withoutRunIdentity(b))) {
            Files.writeString(Path.of("target", "warm1-scores.json"), a);
            Files.writeString(Path.of("target", "warm2-scores.json"), b);
        }
        assertThat(withoutRunIdentity(a)).isEqualTo(withoutRunIdentity(b));
        assertThat(warm2.runId()).isNotEqualTo(warm1.runId());
    }

    private static String withoutRunIdentity(String scoresJson) {
        return scoresJson.replaceAll("\"(run_id|started_at|finished_at)\" : \"[^\"]*\"", "\"$1\" : \"-\"");
    }

    @Test
    void cancelStopsTheJobAndRecordsAnAbortedRun() throws Exception {
        DriftgateConfig config = EvalFixture.with(EvalFixture.config(), "openai/judge-sim", 30, 0);
        Map<String, String> endpoints = Map.of("OPENAI_BASE_URL", sim.baseUrl());
        EvalRunner runner = new EvalRunner(store, Clock.systemUTC(), Map.of());
        EvalRunner.Request request = new EvalRunner.Request(EvalFixture.CONFIG_DIR, config, dataset,
                "openai/sim-slow", Map.of(), 2, null, dir.resolve("aborted"), endpoints, null,
                RuntimeExecutionMode.BATCH, 1);
        java.util.concurrent.CompletableFuture<EvalRun> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return runner.run(request, EvalRunner.Parts.real(config, EvalFixture.CONFIG_DIR, endpoints,
                                null), new EvalRunner.Listener() { });
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        Thread.sleep(8_000); // the first slow answers (3 s each, 2 at a time) are in flight or done
        runner.cancel();
        EvalRun run = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(run.status()).isEqualTo(EvalRun.Status.ABORTED);
        assertThat(run.examples().size()).isLessThan(15);
        assertThat(ScoresFile.read(dir.resolve("aborted").resolve("scores.json")).status()).isEqualTo(EvalRun.Status.ABORTED);
        assertThat(store.findRun(run.runId()).orElseThrow().status()).isEqualTo(EvalRun.Status.ABORTED);
    }
}
