package dev.driftgate.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.gate.TestRuns;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PromoteAndRunsCommandTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private static JdbcRunStore store;
    private static Map<String, String> env;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;
    private java.nio.file.Path baselineFile;

    @BeforeAll
    static void start() throws Exception {
        store = new JdbcRunStore(pg.dataSource());
        env = Map.of("DRIFTGATE_DB_URL", pg.jdbcUrl());
    }


    @BeforeEach
    void seed() throws Exception {
        baselineFile = tmp.resolve("baselines/production.json");
        try (var c = pg.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE eval_runs CASCADE");
        }
        for (int i = 1; i <= 3; i++) {
            store.saveRun(TestRuns.uniform("run-" + i, 0.80 + i / 100.0, 2)
                    .startedAt(Instant.parse("2026-11-2" + i + "T10:00:00Z")).build());
        }
    }

    private static String env(String runId) {
        return store.findRun(runId).orElseThrow().tags().get("env");
    }

    @Test
    void promoteMovesProductionAndKeepsThePreviousOne() {
        CliRun first = CliRun.execute(env, "promote", "run-1", "--baseline", baselineFile.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("promoted run run-1 to env=production");
        CliRun second = CliRun.execute(env, "promote", "run-2", "--baseline", baselineFile.toString());
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("run run-1 is now env=previous-production");
        assertThat(env("run-2")).isEqualTo("production");
        assertThat(env("run-1")).isEqualTo("previous-production");
        assertThat(env("run-3")).isEqualTo("ci");
        assertThat(second.out()).contains("wrote " + baselineFile);
        assertThat(dev.driftgate.core.run.ScoresFile.readCompleted(baselineFile).runId()).isEqualTo("run-2");
        assertThat(store.latestWithTag("env", "production").orElseThrow().runId()).isEqualTo("run-2");
    }

    @Test
    void unknownRunIdExitsOneAndChangesNothing() {
        CliRun.execute(env, "promote", "run-1", "--baseline", baselineFile.toString());
        CliRun run = CliRun.execute(env, "promote", "run-404");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no run with id 'run-404'");
        assertThat(env("run-1")).isEqualTo("production");
    }

    @Test
    void storeDownExitsTwo() {
        CliRun run = CliRun.execute(Map.of("DRIFTGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x"), "promote", "run-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("run store unavailable");
        CliRun list = CliRun.execute(Map.of("DRIFTGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x"), "runs", "list");
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).contains("run store unavailable");
    }

    @Test
    void runsListShowsNewestFirstWithTags() {
        CliRun.execute(env, "promote", "run-2", "--baseline", baselineFile.toString());
        CliRun run = CliRun.execute(env, "runs", "list", "--limit", "2");
        assertThat(run.exitCode()).as(run.all()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("RUN ID").contains("OVERALL", "TAGS");
        assertThat(lines[1]).startsWith("run-3").contains("2026-11-23 10:00:00Z", "completed", "0.8300", "env=ci");
        assertThat(lines[2]).startsWith("run-2").contains("env=production");
    }

    @Test
    void runsShowPrintsEveryRecordedParameter() {
        var base = TestRuns.uniform("run-params", 0.9, 2).build();
        store.saveRun(new dev.driftgate.core.run.EvalRun(base.runId(), base.startedAt(), base.finishedAt(), base.status(),
                "abc123", 42, base.model(), base.judgeModel(), "chat-v1", "sph", "ds-1", "cfg", base.tags(), base.overall(),
                base.categories(), base.examples(), base.usage(), 0,
                Map.of("rubric.hash", "0123456789abcdef", "limit", "all", "sim", "false", "judge.temperature", "0.0",
                        "endpoint.host", "api.openai.com", "git.branch", "feature/x")));
        CliRun run = CliRun.execute(env, "runs", "show", "run-params");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("run_id                   run-params", "git_sha                  abc123",
                "config_hash              cfg", "parameters", "rubric.hash", "0123456789abcdef", "endpoint.host",
                "api.openai.com", "git.branch", "feature/x");
        assertThat(CliRun.execute(env, "runs", "show", "run-404").exitCode()).isEqualTo(1);
    }

    @Test
    void runsListRejectsABadLimit() {
        CliRun run = CliRun.execute(env, "runs", "list", "--limit", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--limit must be between 1 and 1000, was 0");
    }

    @Test
    void refusesToPromoteAnAbortedRun() {
        var ok = TestRuns.uniform("run-aborted", 0.5, 2).build();
        store.saveRun(new dev.driftgate.core.run.EvalRun(ok.runId(), ok.startedAt(), ok.finishedAt(), dev.driftgate.core.run.EvalRun.Status.ABORTED,
                null, null, ok.model(), null, null, null, null, null, ok.tags(), ok.overall(), ok.categories(),
                ok.examples(), ok.usage(), 0));
        CliRun run = CliRun.execute(env, "promote", "run-aborted");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has status 'aborted'");
        assertThat(env("run-aborted")).isEqualTo("ci");
    }

    @Test
    void withoutADatabaseUrlTheEmbeddedStoreUnderDriftgateHomeIsUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        CliRun list = CliRun.execute(Map.of("DRIFTGATE_HOME", home.toString()), "runs", "list");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(home.resolve("pgdata")).isDirectory();
    }
}
