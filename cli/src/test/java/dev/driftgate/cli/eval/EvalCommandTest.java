package dev.driftgate.cli.eval;

import dev.driftgate.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.run.EvalRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftgate eval} in process: the in-process simulator (--sim), a local MiniCluster, the
 * embedded PostgreSQL under ./.driftgate; exit codes 0, 1 and 2.
 */
class EvalCommandTest {
    private static final String CONFIG = "../config";
    private static final String DATASET = "../data/eval/golden_dataset.jsonl";

    @TempDir
    Path out;

    @Test
    void evaluatesASubsetAgainstTheSimulatorAndPrintsTheSummary() {
        CliRun run = CliRun.of("eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "5", "--no-cache",
                "--tag", "env=test", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("category", "factual_qa", "safety", "overall", "completed");
        assertThat(run.err()).contains("5 examples").contains("5/5 done");
        EvalRun scores = ScoresFile.read(out.resolve("scores.json"));
        assertThat(scores.examples()).hasSize(5);
        assertThat(scores.categories()).hasSize(5);
        assertThat(scores.tags()).containsEntry("env", "test");
        assertThat(scores.model()).isEqualTo("openai/sim-good");
        assertThat(scores.tags()).containsEntry("models", "simulated");
        assertThat(scores.params()).containsEntry("limit", "5").containsEntry("sim", "true")
                .containsEntry("rubric.version", "rubric-v1").containsEntry("model", "openai/sim-good")
                .containsEntry("model_version.updated_by", "driftgate-bootstrap")
                .containsEntry("model_version.baseline_model", "openai/sim-good")
                .containsEntry("metric_weights.judge", "0.5").containsEntry("rouge.use_stemmer", "true")
                .containsKeys("rubric.hash", "judge.temperature", "judge.max_tokens", "model.temperature",
                        "model.max_tokens", "category_weights.safety", "thresholds.overall", "bertscore.idf",
                        "dataset.version", "model_version.last_updated");
        assertThat(scores.params().get("endpoint.host")).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void aModelThatDoesNotExistFailsOnceBeforeTheRunNamingModelHostAndStatus() {
        CliRun run = CliRun.of("eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "3", "--no-cache",
                "--model", "openai/no-such-model", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).containsPattern("candidate model openai/no-such-model at 127\\.0\\.0\\.1:\\d+ is not usable: HTTP 404")
                .contains("model_not_found");
        assertThat(run.err().split("not usable", -1)).hasSize(2);
        assertThat(run.out()).doesNotContain("too_many_failures");
        assertThat(Files.exists(out.resolve("scores.json"))).isFalse();
    }

    @Test
    void theJudgeModelIsOverriddenByFlagOrEnvironment() {
        CliRun flag = CliRun.of("eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "1", "--no-cache",
                "--judge-model", "openai/no-such-judge", "--out", out.toString());
        assertThat(flag.code()).as(flag.err()).isEqualTo(2);
        assertThat(flag.err()).contains("judge model openai/no-such-judge at 127.0.0.1:", "HTTP 404");

        var env = java.util.Map.of("DRIFTGATE_JUDGE_MODEL", "openai/env-judge", "DRIFTGATE_MODEL", "openai/sim-good");
        CliRun fromEnv = CliRun.execute(env, "eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "1",
                "--no-cache", "--out", out.toString());
        assertThat(fromEnv.err()).contains("judge model openai/env-judge at 127.0.0.1:");
        var candidate = java.util.Map.of("DRIFTGATE_MODEL", "openai/env-candidate");
        assertThat(CliRun.execute(candidate, "eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "1",
                "--no-cache", "--out", out.toString()).err()).contains("candidate model openai/env-candidate at ");
    }

    @Test
    void anUnreachableStoreWarnsOnceAndStillWritesScores() {
        var env = java.util.Map.of("DRIFTGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere?password=hunter2",
                "DRIFTGATE_DB_PASSWORD", "hunter2");
        CliRun run = CliRun.execute(env, "eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "2",
                "--no-cache", "--out", out.toString());
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.err().split("run store unavailable", -1)).hasSize(2);
        assertThat(run.err()).contains("falls back to the committed baseline");
        assertThat(run.all()).doesNotContain("hunter2");
        assertThat(ScoresFile.readCompleted(out.resolve("scores.json")).examples()).hasSize(2);
    }

    @Test
    void withoutAnExternalStoreTheCacheIsADirectoryAndAnIdenticalRerunMakesNoModelCall() throws Exception {
        Path home = out.resolve("home");
        var env = java.util.Map.of("DRIFTGATE_HOME", home.toString());
        String[] args = {"eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "3",
                "--out", out.resolve("scores").toString()};
        CliRun cold = CliRun.execute(env, args);
        assertThat(cold.code()).as(cold.all()).isZero();
        assertThat(cold.err()).contains("response cache: " + home.resolve("cache").toAbsolutePath());
        long coldTokens = ScoresFile.read(out.resolve("scores/scores.json")).usage().values().stream()
                .mapToLong(u -> u.inputTokens() + u.outputTokens()).sum();
        assertThat(coldTokens).isPositive();
        try (var files = Files.walk(home.resolve("cache"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isGreaterThanOrEqualTo(6);
        }

        CliRun warm = CliRun.execute(env, args);
        assertThat(warm.code()).as(warm.all()).isZero();
        EvalRun rerun = ScoresFile.read(out.resolve("scores/scores.json"));
        // a cache hit keeps the original tokens but has no latency: every answer came from the files
        assertThat(rerun.examples()).hasSize(3).allSatisfy(e -> {
            assertThat(e.inferenceLatencyMs()).as(e.id()).isZero();
            assertThat(e.judgeLatencyMs()).as(e.id()).isZero();
        });
        assertThat(rerun.usage().values()).allSatisfy(u -> assertThat(u.costUsd()).isZero());
    }

    @Test
    void invalidInputExitsOne() {
        assertThat(CliRun.of("eval", "--config", CONFIG, "--concurrency", "0").code()).isEqualTo(1);
        CliRun missing = CliRun.of("eval", "--config", CONFIG, "--dataset", "no/such.jsonl", "--no-cache",
                "--out", out.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no/such.jsonl");
        assertThat(CliRun.of("eval", "--no-cache", "--cache-only").code()).isEqualTo(1);
        // issue 18 item 14: names that would move the cursor or forge log lines are refused, naming the flag
        CliRun escModel = CliRun.of("eval", "--config", CONFIG, "--dataset", DATASET, "--limit", "1", "--no-cache",
                "--model", "openai/sim-good\u001b[2J", "--out", out.toString());
        assertThat(escModel.code()).as(escModel.err()).isEqualTo(1);
        assertThat(escModel.err()).contains("--model", "\\x1b[2J").doesNotContain("\u001b");
        CliRun newlineTag = CliRun.of("eval", "--config", CONFIG, "--dataset", DATASET, "--limit", "1", "--no-cache",
                "--tag", "env=ci\nINFO forged", "--out", out.toString());
        assertThat(newlineTag.code()).as(newlineTag.err()).isEqualTo(1);
        assertThat(newlineTag.err()).contains("--tag", "env").doesNotContain("\nINFO forged");
    }
}
