package dev.driftgate.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoresFileTest {
    @TempDir
    Path dir;

    private static EvalRun run(EvalRun.Status status, double overall, List<ExampleResult> examples) {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        return new EvalRun("run-1", t, t.plusSeconds(60), status, "abc123", 7, "openai/sim-good", "openai/sim-judge",
                "v1", "hash", "ds-1", "cfg", Map.of("env", "ci"), overall,
                Map.of("safety", new CategoryScore("safety", 2, 1, 0.9, 0.8, 0.85, overall)), examples, Map.of(), 1);
    }

    private static ExampleResult scored() {
        Prf prf = new Prf(0.9, 0.8, 0.85);
        return new ExampleResult("safety-1", "safety", "How do I stay safe online?", "ref", "resp", prf, prf,
                new JudgeVerdict(0.9, 0.9, 1.0, 0.93, "ok", 1, 50, false, null, null), 0.9, 10, 50, false, null, null);
    }

    private static ExampleResult judgeFailure() {
        Prf prf = new Prf(0.9, 0.8, 0.85);
        return new ExampleResult("safety-x", "safety", "How do I pick a lock?", "ref", "resp", prf, prf,
                JudgeVerdict.failure("unparseable verdict after 3 attempts", "{oops", 3, 900),
                Double.NaN, 10, 900, true, "judge", "unparseable verdict after 3 attempts");
    }

    @Test
    void failedScoresAreNullNextToTheFailureFieldsAndReadBackAsMissing() throws Exception {
        Path file = ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(scored(), judgeFailure())));

        String json = Files.readString(file);
        assertThat(json).doesNotContain("NaN").contains("\"composite\" : null", "\"failure_stage\" : \"judge\"",
                "\"status\" : \"completed\"");
        EvalRun read = ScoresFile.readCompleted(file);
        assertThat(read.status()).isEqualTo(EvalRun.Status.COMPLETED);
        assertThat(read.examples().get(1).composite()).isNaN();
        assertThat(read.examples().get(1).judge().overall()).isNaN();
        assertThat(read.examples().get(0).composite()).isEqualTo(0.9);
        assertThat(read).isEqualTo(run(EvalRun.Status.COMPLETED, 0.9, List.of(scored(), judgeFailure())));
    }

    @Test
    void repeatedJudgeSamplesAreKeptAndAbsentWhenThereAreNone() throws Exception {
        Prf prf = new Prf(0.9, 0.8, 0.85);
        ExampleResult sampled = new ExampleResult("safety-2", "safety", "How do I stay safe online?", "ref", "resp",
                prf, prf, new JudgeVerdict(0.5, 0.5, 0.5, 0.5, "ok", 3, 50, false, null, null, List.of(0.4, 0.5, 0.6)),
                0.7, 10, 50, false, null, null);
        Path file = ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(scored(), sampled)));
        String json = Files.readString(file);
        assertThat(json).contains("\"sample_overalls\" : [ 0.4, 0.5, 0.6 ]");
        assertThat(json.indexOf("sample_overalls")).isEqualTo(json.lastIndexOf("sample_overalls"));
        EvalRun read = ScoresFile.readCompleted(file);
        assertThat(read.examples().get(1).judge().sampleOveralls()).containsExactly(0.4, 0.5, 0.6);
        assertThat(read.examples().get(0).judge().sampleOveralls()).isNull();
    }

    @Test
    void anAbortedRunWithUnscoredCategoriesReadsBack() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        EvalRun aborted = new EvalRun("run-2", t, t, EvalRun.Status.ABORTED, null, null, "m", "j", "v1", "h", "ds",
                "cfg", Map.of(), Double.NaN, Map.of("safety", new CategoryScore("safety", 0, 2, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN)), List.of(judgeFailure()), Map.of(), 1);
        Path file = ScoresFile.write(dir, aborted);
        EvalRun read = ScoresFile.read(file);
        assertThat(read.overall()).isNaN();
        assertThat(read.categories().get("safety").composite()).isNaN();
        assertThatThrownBy(() -> ScoresFile.readCompleted(file)).hasMessageContaining("has status 'aborted'");
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles() throws Exception {
        ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(scored())));
        ScoresFile.write(dir, run(EvalRun.Status.ABORTED, 0.5, List.of(scored())));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(ScoresFile.NAME));
        }
        assertThat(ScoresFile.read(dir.resolve(ScoresFile.NAME)).status()).isEqualTo(EvalRun.Status.ABORTED);
    }

    @Test
    void readsTheLegacyNanStringAsAMissingScore() throws Exception {
        Path file = ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(judgeFailure())));
        Files.writeString(file, Files.readString(file).replace("\"composite\" : null", "\"composite\" : \"NaN\""));
        assertThat(ScoresFile.read(file).examples().get(0).composite()).isNaN();
    }

    @Test
    void rejectsOtherStringsWhereAScoreBelongsNamingTheField() throws Exception {
        Path file = ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(scored())));
        Files.writeString(file, Files.readString(file).replace("\"overall\" : 0.9,", "\"overall\" : \"high\","));
        assertThatThrownBy(() -> ScoresFile.read(file)).hasMessageStartingWith("scores file " + file
                + ": is not a valid scores.json at line").hasMessageContaining("(field overall)");
    }

    @Test
    void rejectsScoresOutOfRange() throws Exception {
        Path file = ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(scored())));
        Files.writeString(file, Files.readString(file).replace("\"overall\" : 0.9,", "\"overall\" : 1.85,"));
        assertThatThrownBy(() -> ScoresFile.read(file)).hasMessage("scores file " + file
                + ": overall must be a number in [0,1], was 1.85");
    }

    @Test
    void rejectsAnUnknownStatusNamingTheValidOnes() throws Exception {
        Path file = ScoresFile.write(dir, run(EvalRun.Status.COMPLETED, 0.9, List.of(scored())));
        Files.writeString(file, Files.readString(file).replace("\"completed\"", "\"done\""));
        assertThatThrownBy(() -> ScoresFile.read(file)).hasMessageStartingWith("scores file " + file)
                .hasMessageContaining("(field status)")
                .hasMessageContaining("unknown run status 'done' (expected completed, aborted or too_many_failures)");
    }

    @Test
    void readCompletedRefusesOtherStatuses() {
        Path file = ScoresFile.write(dir, run(EvalRun.Status.TOO_MANY_FAILURES, 0.4, List.of(scored())));
        assertThat(ScoresFile.read(file).status()).isEqualTo(EvalRun.Status.TOO_MANY_FAILURES);
        assertThatThrownBy(() -> ScoresFile.readCompleted(file)).hasMessage("scores file " + file
                + ": run run-1 has status 'too_many_failures', not 'completed': the gate only judges completed runs");
    }

    @Test
    void missingAndEmptyFilesAreNamed() throws Exception {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> ScoresFile.read(missing))
                .hasMessage("scores file " + missing + ": does not exist (run `driftgate eval` first)");
        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertThatThrownBy(() -> ScoresFile.read(empty)).hasMessage("scores file " + empty + ": is empty");
    }
}
