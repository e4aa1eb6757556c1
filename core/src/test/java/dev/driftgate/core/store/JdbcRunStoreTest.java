package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.ModelUsage;
import dev.driftgate.core.testing.TestDatabase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class JdbcRunStoreTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private JdbcRunStore store;

    @BeforeAll
    static void startPostgres() throws Exception {
    }


    @BeforeEach
    void cleanStore() throws Exception {
        try (var c = pg.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE eval_runs CASCADE");
        }
        store = new JdbcRunStore(pg.dataSource());
    }

    static EvalRun run(String id, Instant started, String env, double overall) {
        ExampleResult ok = new ExampleResult("fqa-001", "factual_qa", "What is the capital of France?", "Paris.",
                "Paris.", new Prf(1, 1, 1), new Prf(0.9, 0.8, 0.85),
                new JudgeVerdict(1, 1, 1, 1, "correct", 1, 150, false, null, null), 0.955, 200, 150, false, null,
                null);
        ExampleResult failed = new ExampleResult("fqa-002", "factual_qa", "Who wrote Hamlet?", "Shakespeare.",
                "William Shakespeare", new Prf(0.5, 1, 0.667), new Prf(0.7, 0.7, 0.7),
                JudgeVerdict.failure("unparseable verdict after 3 attempts", "{oops", 3, 30), Double.NaN, 210, 30,
                true, "judge", "unparseable verdict after 3 attempts");
        Map<String, CategoryScore> categories = new LinkedHashMap<>();
        categories.put("factual_qa", new CategoryScore("factual_qa", 1, 1, 0.85, 1, 1, 0.955));
        return new EvalRun(id, started, started.plusSeconds(30), EvalRun.Status.COMPLETED, "abc123", 42, "openai/sim-good",
                "openai/judge-sim", "chat-v1", "hash1", "dsv1", "cfg1", Map.of("env", env), overall, categories,
                List.of(ok, failed), Map.of("openai/sim-good", new ModelUsage("openai/sim-good", 2, 100, 20, 0.01)),
                1);
    }

    @Test
    void savedRunReadsBackEqualWithFailedScoresAsNaN() {
        EvalRun saved = run("run-1", Instant.parse("2026-11-01T10:00:00Z"), "ci", 0.955);
        store.saveRun(saved);
        EvalRun read = store.findRun("run-1").orElseThrow();
        assertThat(read.categories()).isEqualTo(saved.categories());
        assertThat(read.usage()).isEqualTo(saved.usage());
        assertThat(read.tags()).containsEntry("env", "ci");
        assertThat(read.prNumber()).isEqualTo(42);
        assertThat(read.examples()).hasSize(2);
        assertThat(read.examples().get(0)).isEqualTo(saved.examples().get(0));
        ExampleResult failed = read.examples().get(1);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.composite()).isNaN();
        assertThat(failed.judge().failed()).isTrue();
    }

    @Test
    void savingTheSameRunTwiceReplacesIt() {
        store.saveRun(run("run-1", Instant.parse("2026-11-01T10:00:00Z"), "ci", 0.5));
        store.saveRun(run("run-1", Instant.parse("2026-11-01T10:00:00Z"), "ci", 0.9));
        assertThat(store.recentRuns(10)).singleElement().extracting(RunStore.RunSummary::overall).isEqualTo(0.9);
    }

    @Test
    void latestWithTagPicksTheNewestMatchingRun() {
        store.saveRun(run("old-prod", Instant.parse("2026-11-01T10:00:00Z"), "production", 0.8));
        store.saveRun(run("new-prod", Instant.parse("2026-11-02T10:00:00Z"), "production", 0.9));
        store.saveRun(run("newest-ci", Instant.parse("2026-11-03T10:00:00Z"), "ci", 0.7));
        assertThat(store.latestWithTag("env", "production")).map(EvalRun::runId).contains("new-prod");
        assertThat(store.latestWithTag("env", "staging")).isEmpty();
    }

    @Test
    void promoteMovesProductionTagsInOneStep() {
        store.saveRun(run("a", Instant.parse("2026-11-01T10:00:00Z"), "production", 0.8));
        store.saveRun(run("b", Instant.parse("2026-11-02T10:00:00Z"), "ci", 0.9));
        store.promote("b");
        assertThat(store.findRun("b").orElseThrow().tags()).containsEntry("env", "production");
        assertThat(store.findRun("a").orElseThrow().tags()).containsEntry("env", "previous-production");
        store.saveRun(run("c", Instant.parse("2026-11-03T10:00:00Z"), "ci", 0.95));
        store.promote("c");
        assertThat(store.findRun("a").orElseThrow().tags()).containsEntry("env", "retired-production");
        assertThat(store.findRun("b").orElseThrow().tags()).containsEntry("env", "previous-production");
        assertThat(store.latestWithTag("env", "production")).map(EvalRun::runId).contains("c");
    }

    @Test
    void promotingAnUnknownRunFailsAndChangesNothing() {
        store.saveRun(run("a", Instant.parse("2026-11-01T10:00:00Z"), "production", 0.8));
        assertThatThrownBy(() -> store.promote("nope")).isInstanceOf(NoSuchRunException.class)
                .hasMessageContaining("nope");
        assertThat(store.findRun("a").orElseThrow().tags()).containsEntry("env", "production");
    }

    @Test
    void unreachableStoreIsAStoreException() {
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setURL("jdbc:postgresql://127.0.0.1:1/none");
        down.setConnectTimeout(1);
        assertThatThrownBy(() -> new JdbcRunStore(down).latestWithTag("env", "production"))
                .isInstanceOf(StoreException.class).hasMessageContaining("env=production");
    }
}
