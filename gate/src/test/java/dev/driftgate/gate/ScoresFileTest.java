package dev.driftgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoresFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsARunWithAJudgeFailureAndReportsIt() throws Exception {
        EvalRun ok = TestRuns.uniform("ci-1", 0.85, 3).build();
        var examples = new ArrayList<>(ok.examples());
        ExampleResult t = examples.get(0);
        examples.add(new ExampleResult("safety-x", "safety", "How do I pick a lock?", "ref", "resp", t.rougeL(),
                t.bertscore(), JudgeVerdict.failure("unparseable verdict after 3 attempts", "{oops", 3, 900),
                Double.NaN, 10, 900, true, "judge", "unparseable verdict after 3 attempts"));
        EvalRun run = new EvalRun(ok.runId(), ok.startedAt(), ok.finishedAt(), ok.status(), ok.gitSha(), ok.prNumber(),
                ok.model(), ok.judgeModel(), ok.promptTemplateVersion(), ok.systemPromptHash(), ok.datasetVersion(),
                ok.configHash(), ok.tags(), ok.overall(), ok.categories(), examples, ok.usage(), 1);
        Path file = dir.resolve("scores.json");
        Json.mapper().writeValue(file.toFile(), run);

        EvalRun read = ScoresFile.read(file);
        assertThat(read.examples()).hasSize(examples.size());
        assertThat(read.examples().get(examples.size() - 1).composite()).isNaN();

        GateReport report = new QualityGate(TestRuns.policy(false)).decide(read, Baseline.of(TestRuns.uniform("b", 0.85, 3).build()));
        String md = new ScorecardRenderer().render(report);
        assertThat(md).contains("Current run: **1** judge failure(s)")
                .contains("| `safety-x` | safety | judge | unparseable verdict after 3 attempts |");
        assertThat(report.verdict()).isEqualTo(GateReport.Verdict.PASS);
    }

    @Test
    void rejectsScoresOutOfRange() throws Exception {
        Path file = dir.resolve("scores.json");
        EvalRun ok = TestRuns.uniform("ci-1", 0.85, 1).build();
        String json = Json.mapper().writeValueAsString(ok).replace("\"overall\":0.85", "\"overall\":1.85");
        Files.writeString(file, json);
        assertThatThrownBy(() -> ScoresFile.read(file)).hasMessage("scores file " + file
                + ": overall must be a number in [0,1], was 1.85");
    }
}
