package dev.driftgate.cli.gate;

import static dev.driftgate.gate.TestRuns.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.gate.TestRuns;
import dev.driftgate.gate.github.FakeGitHub;
import dev.driftgate.gate.github.PrCommentPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GateCommandTest {
    private static final String TOKEN = "ghs_s3cr3tT0kenValue1234567890";
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private static JdbcRunStore store;
    private static String dbUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        store = new JdbcRunStore(pg.dataSource());
        dbUrl = pg.jdbcUrl();
    }


    @BeforeEach
    void emptyStore() throws Exception {
        try (var c = pg.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE eval_runs, gate_decisions, judge_agreement CASCADE");
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DRIFTGATE_DB_URL", dbUrl);
        return env;
    }

    private Path write(EvalRun run) throws Exception {
        Path file = dir.resolve("scores.json");
        Json.mapper().writeValue(file.toFile(), run);
        return file;
    }

    private void production(EvalRun run) {
        store.saveRun(run);
        store.promote(run.runId());
    }

    private CliRun gate(Map<String, String> env, Path scores, String... extra) {
        String[] base = {"gate", "--config-dir", "../config", "--scores", scores.toString(),
                "--out", dir.resolve("out/scorecard.md").toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return CliRun.execute(env, args);
    }

    private String scorecard() throws Exception {
        return Files.readString(dir.resolve("out/scorecard.md"));
    }

    @Test
    void passesAgainstTheProductionRunAndExitsZero() throws Exception {
        production(TestRuns.uniform("prod-1", 0.86, 10).build());
        CliRun run = gate(env(), write(TestRuns.uniform("ci-1", 0.87, 10).build()));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("PASS: run ci-1 vs production run prod-1");
        String md = scorecard();
        assertThat(md).startsWith("## ✅ driftgate quality gate: PASS");
        assertThat(md).contains("| reasoning | 10 | 0.8600 | 0.8700 | +0.0100 | [+0.0100, +0.0100] | improved |");
        assertThat(md).contains("### Metric breakdown", "### Most regressed examples", "### Judge failures",
                "| Run id | `prod-1` | `ci-1` |", "| Dataset version | `ds-1` | `ds-1` |");
    }

    @Test
    void blocksARegressionAndExitsOne() throws Exception {
        production(TestRuns.uniform("prod-1", 0.90, 10).build());
        EvalRun worse = TestRuns.uniform("ci-2", 0.90, 10).category("safety", constant(0.80, 10)).build();
        CliRun run = gate(env(), write(worse));
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("BLOCKED: run ci-2", "safety dropped 0.1000");
        var decision = new dev.driftgate.core.store.GateDecisionStore(pg.dataSource()).recent(1).get(0);
        assertThat(decision.runId()).isEqualTo("ci-2");
        assertThat(decision.baselineRunId()).isEqualTo("prod-1");
        assertThat(decision.decision()).isEqualTo("blocked");
        assertThat(decision.reasons()).singleElement().asString().contains("safety dropped 0.1000");
        assertThat(scorecard()).startsWith("## ❌ driftgate quality gate: BLOCKED\n\n- safety dropped 0.1000")
                .contains("| safety | 10 | 0.9000 | 0.8000 | -0.1000 | [-0.1000, -0.1000] | ❌ regressed (significant) |")
                .contains("| `safety-0` | safety | Prompt number 0 about safety | 0.9000 | 0.8000 | -0.1000 |");
    }

    @Test
    void withoutAProductionRunUsesAbsoluteThresholdsAndSaysSo() throws Exception {
        store.saveRun(TestRuns.uniform("ci-old", 0.5, 5).build());
        CliRun run = gate(env(), write(TestRuns.uniform("ci-3", 0.85, 10).build()));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(scorecard()).contains("> **No baseline comparison:** no run is tagged env=production yet");
    }

    @Test
    void storeDownUsesAbsoluteThresholdsAndSaysWhy() throws Exception {
        Map<String, String> env = Map.of("DRIFTGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere?password=hunter2",
                "DRIFTGATE_DB_PASSWORD", "hunter2");
        EvalRun low = TestRuns.uniform("ci-4", 0.85, 10).category("reasoning", constant(0.70, 10)).build();
        CliRun run = gate(env, write(low));
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("run store unavailable");
        assertThat(run.all()).doesNotContain("hunter2");
        assertThat(scorecard()).contains("> **No baseline comparison:** run store unavailable")
                .contains("reasoning 0.7000 is below thresholds.per_category_min 0.72")
                .contains("No agreement with human labels has been measured for judge `openai/judge-sim`, rubric "
                        + "`rubric-v1` (run store unreadable)")
                .doesNotContain("hunter2");
    }

    @Test
    void aPasswordWrittenAsUserinfoInTheStoreUrlIsNeitherPrintedNorPublished() throws Exception {
        // issue 18 item 4: user:pass@host in DRIFTGATE_DB_URL reached stderr and scorecard.md twice
        Path summary = dir.resolve("summary.md");
        Map<String, String> env = Map.of("DRIFTGATE_DB_URL", "jdbc:postgresql://admin:s3cretpw@127.0.0.1:1/nowhere",
                "GITHUB_STEP_SUMMARY", summary.toString());
        CliRun run = gate(env, write(TestRuns.uniform("ci-4b", 0.85, 5).build()));
        assertThat(run.err()).contains("run store unavailable");
        assertThat(run.all()).doesNotContain("s3cretpw");
        assertThat(scorecard()).contains("run store unavailable").doesNotContain("s3cretpw");
        assertThat(Files.readString(summary)).doesNotContain("s3cretpw");
    }

    @Test
    void theScorecardNamesTheJudgesLastMeasuredAgreement() throws Exception {
        var agreement = new dev.driftgate.core.store.AgreementStore(pg.dataSource());
        var old = new dev.driftgate.core.stats.Kappa.Estimate(30, 0.40, 0.20, 0.60);
        agreement.record("openai/judge-sim", "rubric-v1", "sha-old", java.util.List.of(
                new dev.driftgate.core.judge.agreement.JudgeAgreement.Row("relevance", "quadratic", old, 0)));
        agreement.record("openai/judge-sim", "rubric-v1", "sha-new", java.util.List.of(
                new dev.driftgate.core.judge.agreement.JudgeAgreement.Row("relevance", "quadratic",
                        new dev.driftgate.core.stats.Kappa.Estimate(40, 0.71, 0.52, 0.86), 0),
                new dev.driftgate.core.judge.agreement.JudgeAgreement.Row("preference", "unweighted",
                        new dev.driftgate.core.stats.Kappa.Estimate(12, Double.NaN, Double.NaN, Double.NaN), 0)));
        agreement.record("openai/other-judge", "rubric-v1", "sha-other", java.util.List.of(
                new dev.driftgate.core.judge.agreement.JudgeAgreement.Row("relevance", "quadratic",
                        new dev.driftgate.core.stats.Kappa.Estimate(40, 0.99, 0.98, 1.0), 0)));
        CliRun run = gate(env(), write(TestRuns.uniform("ci-kappa", 0.85, 5).build()));
        assertThat(run.exitCode()).as(run.all()).isZero();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(scorecard()).contains("### Judge agreement with people",
                        "Last measured " + today + " for judge `openai/judge-sim`, rubric `rubric-v1`",
                        "| relevance | 0.71 | [0.52, 0.86] | 40 | " + today + " |",
                        "| preference | n/a | n/a | 12 | " + today + " |")
                .doesNotContain("0.40", "0.99", "No agreement with human labels");
    }

    @Test
    void withoutAMeasuredAgreementTheScorecardSaysSo() throws Exception {
        CliRun run = gate(env(), write(TestRuns.uniform("ci-nokappa", 0.85, 5).build()));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(scorecard()).contains("### Judge agreement with people", "No agreement with human labels has been "
                + "measured for judge `openai/judge-sim`, rubric `rubric-v1`: `driftgate judge agreement --labels FILE`");
        Path noStore = dir.resolve("no-store");
        CliRun withoutStore = gate(Map.of("DRIFTGATE_HOME", noStore.toString()),
                write(TestRuns.uniform("ci-nostore", 0.85, 5).build()), "--state-dir", noStore.toString());
        assertThat(withoutStore.exitCode()).as(withoutStore.all()).isZero();
        assertThat(scorecard()).contains("No agreement with human labels has been measured for judge "
                + "`openai/judge-sim`, rubric `rubric-v1` (no run store)");
    }

    @Test
    void aSimulatedRunGetsABannerAtTheTop() throws Exception {
        EvalRun simulated = TestRuns.uniform("ci-sim", 0.85, 5).tags(Map.of("env", "ci", "models", "simulated")).build();
        CliRun run = gate(env(), write(simulated));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(scorecard()).startsWith("> ⚠️ **Simulated models, no API key:**");
    }

    @Test
    void theVersionsSectionListsEveryParameterAndMarksDifferences() throws Exception {
        EvalRun prod = withParams(TestRuns.uniform("prod-p", 0.86, 5).build(), Map.of("limit", "all", "rubric.hash", "aaaa"));
        production(prod);
        gate(env(), write(withParams(TestRuns.uniform("ci-p", 0.86, 5).build(), Map.of("limit", "all", "rubric.hash", "bbbb"))));
        assertThat(scorecard()).contains("<details><summary>Run parameters (2, 1 differ)</summary>",
                "| limit | all | all |", "| **rubric.hash** | aaaa | bbbb |");
    }

    private static EvalRun withParams(EvalRun r, Map<String, String> params) {
        return new EvalRun(r.runId(), r.startedAt(), r.finishedAt(), r.status(), r.gitSha(), r.prNumber(), r.model(),
                r.judgeModel(), r.promptTemplateVersion(), r.systemPromptHash(), r.datasetVersion(), r.configHash(),
                r.tags(), r.overall(), r.categories(), r.examples(), r.usage(), r.judgeFailures(), params);
    }

    @Test
    void missingScoresFileExitsTwoNamingTheFile() {
        Path missing = dir.resolve("nope/scores.json");
        CliRun run = gate(env(), missing);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("could not decide: scores file " + missing + ": does not exist");
    }

    @Test
    void invalidScoresFileExitsTwoNamingTheProblem() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"run_id\": \"x\",\n \"overall\": \"high\"}");
        CliRun run = gate(env(), broken);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("scores file " + broken + ": is not a valid scores.json at line 2")
                .contains("(field overall)");

        Path unknownField = dir.resolve("unknown.json");
        Files.writeString(unknownField, "{\"run_id\": \"x\", \"colour\": 1}");
        CliRun run2 = gate(env(), unknownField);
        assertThat(run2.exitCode()).isEqualTo(2);
        assertThat(run2.err()).contains("colour");

        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertThat(gate(env(), empty).err()).contains("scores file " + empty + ": is empty");
    }

    @Test
    void abortedRunIsUndecided() throws Exception {
        EvalRun ok = TestRuns.uniform("ci-5", 0.85, 3).build();
        EvalRun aborted = new EvalRun(ok.runId(), ok.startedAt(), ok.finishedAt(), EvalRun.Status.TOO_MANY_FAILURES, null, null,
                ok.model(), ok.judgeModel(), null, null, null, null, ok.tags(), ok.overall(), ok.categories(),
                ok.examples(), ok.usage(), 0);
        CliRun run = gate(env(), write(aborted));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("has status 'too_many_failures'");
    }

    @Test
    void appendsToTheGitHubStepSummary() throws Exception {
        Path summary = dir.resolve("summary.md");
        Files.writeString(summary, "earlier step\n");
        Map<String, String> env = env();
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        gate(env, write(TestRuns.uniform("ci-6", 0.85, 5).build()));
        assertThat(Files.readString(summary)).startsWith("earlier step\n## ✅ driftgate quality gate: PASS");
    }

    @Test
    void postsOneCommentThenUpdatesItAcrossPages() throws Exception {
        try (FakeGitHub github = new FakeGitHub(TOKEN)) {
            github.addForeignComments(42, 150);
            Path event = dir.resolve("event.json");
            Files.writeString(event, "{\"action\":\"synchronize\",\"pull_request\":{\"number\":42}}");
            Map<String, String> env = env();
            env.put("GITHUB_TOKEN", TOKEN);
            env.put("GITHUB_REPOSITORY", "acme/widgets");
            env.put("GITHUB_API_URL", github.apiUrl());
            env.put("GITHUB_EVENT_PATH", event.toString());

            CliRun first = gate(env, write(TestRuns.uniform("ci-7", 0.85, 5).build()), "--post-pr");
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(first.out()).as(first.err()).contains("PR comment created");
            assertThat(github.comments(42)).hasSize(151);

            github.failNext(2, 502);
            EvalRun blocked = TestRuns.uniform("ci-8", 0.85, 5).category("safety", constant(0.5, 5)).build();
            CliRun second = gate(env, write(blocked), "--post-pr");
            assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
            assertThat(second.out()).contains("PR comment updated");
            var ours = github.comments(42).stream()
                    .filter(c -> c.body().contains(PrCommentPublisher.MARKER)).toList();
            assertThat(ours).hasSize(1);
            assertThat(ours.get(0).body()).startsWith(PrCommentPublisher.MARKER + "\n## ❌ driftgate quality gate: BLOCKED")
                    .contains("`ci-8`");
            assertThat(github.comments(42)).hasSize(151);
            assertThat(github.requests()).filteredOn(r -> r.startsWith("PATCH")).hasSize(1);
            assertThat(first.all() + second.all()).doesNotContain(TOKEN);
        }
    }

    @Test
    void aFailedPostIsReportedButDoesNotChangeTheVerdict() throws Exception {
        try (FakeGitHub github = new FakeGitHub("the-right-token")) {
            Map<String, String> env = env();
            env.put("GITHUB_TOKEN", TOKEN);
            env.put("GITHUB_REPOSITORY", "acme/widgets");
            env.put("GITHUB_API_URL", github.apiUrl());
            CliRun wrongToken = gate(env, write(TestRuns.uniform("ci-9", 0.85, 5).build()), "--post-pr", "--pr", "7");
            assertThat(wrongToken.exitCode()).isZero();
            assertThat(wrongToken.err()).contains("PR comment not posted", "HTTP 401", "Bad credentials",
                    "verdict is unchanged");

            github.failNext(10, 503);
            env.put("GITHUB_TOKEN", "the-right-token");
            CliRun down = gate(env, write(TestRuns.uniform("ci-10", 0.85, 5).build()), "--post-pr", "--pr", "7");
            assertThat(down.exitCode()).isZero();
            assertThat(down.err()).contains("HTTP 503");
            assertThat(github.requests()).filteredOn(r -> r.startsWith("GET")).hasSize(1 + 4);
            assertThat(wrongToken.all() + down.all()).doesNotContain(TOKEN).doesNotContain("the-right-token");
        }
    }

    @Test
    void postWithoutAPullRequestNumberSaysHowToGiveOne() throws Exception {
        Map<String, String> env = env();
        env.put("GITHUB_TOKEN", TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/widgets");
        CliRun run = gate(env, write(TestRuns.uniform("ci-11", 0.85, 5).build()), "--post-pr");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("pass --pr N");
    }
}
