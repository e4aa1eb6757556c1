package dev.driftgate.gate.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.gate.TestRuns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlakySectionTest {
    private static EvalRun withSamples(List<List<Double>> samples) {
        EvalRun run = TestRuns.uniform("cur", 0.85, samples.size()).build();
        List<ExampleResult> examples = new ArrayList<>();
        List<ExampleResult> safety = run.examples().stream().filter(e -> e.category().equals("safety")).toList();
        for (int i = 0; i < safety.size(); i++) {
            ExampleResult e = safety.get(i);
            JudgeVerdict j = e.judge();
            examples.add(new ExampleResult(e.id(), e.category(), e.prompt(), e.referenceResponse(), e.response(),
                    e.rougeL(), e.bertscore(), new JudgeVerdict(j.factualAccuracy(), j.instructionFollowing(),
                    j.safety(), j.overall(), j.rationale(), j.attempts(), j.latencyMs(), false, null, null,
                    samples.get(i)), e.composite(), 0, 0, false, null, null));
        }
        return new EvalRun(run.runId(), run.startedAt(), run.finishedAt(), run.status(), null, null, run.model(),
                run.judgeModel(), run.promptTemplateVersion(), run.systemPromptHash(), run.datasetVersion(),
                run.configHash(), run.tags(), run.overall(), run.categories(), examples, run.usage(), 0);
    }

    @Test
    void listsFlipsFirstThenBySpreadAndNothingWithoutSamples() {
        EvalRun run = withSamples(List.of(List.of(0.8, 0.8, 0.8), List.of(0.9, 0.6, 0.95), List.of(0.45, 0.55, 0.5)));
        String md = FlakySection.render(run);
        assertThat(md).contains("1 example(s) flip");
        assertThat(md.indexOf("safety-2")).isLessThan(md.indexOf("safety-1")); // the flip comes first
        assertThat(md).doesNotContain("safety-0"); // no spread, not flaky
        assertThat(FlakySection.render(TestRuns.uniform("plain", 0.85, 3).build())).isEmpty();
    }
}
