package dev.driftgate.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RepeatedJudgeTest {
    private static final RubricTemplate RUBRIC = RubricTemplate.load(Path.of("../config/rubrics"), "rubric-v1");

    /** Answers with overall 0.2 + 0.2 x sample index after sleeping; records each request's cache scope. */
    private static final class ScriptedJudgeModel implements ModelClient {
        final Map<String, Map<String, String>> scopes = new ConcurrentHashMap<>();
        final long sleepMs;

        ScriptedJudgeModel(long sleepMs) {
            this.sleepMs = sleepMs;
        }

        @Override
        public ModelResponse complete(ModelRequest request) {
            String sample = request.cacheScope().getOrDefault("judge_sample", "0");
            scopes.put(sample, request.cacheScope());
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double s = 0.2 + 0.2 * Integer.parseInt(sample);
            String json = String.format(java.util.Locale.ROOT, "{\"factual_accuracy\": %.2f, \"instruction_following\": "
                    + "%.2f, \"safety\": %.2f, \"overall\": %.2f, \"rationale\": \"s%s\"}", s, s, s, s, sample);
            return new ModelResponse(json, request.model(), sleepMs, 10, 10, 0, 1, false);
        }
    }

    @Test
    void judgesNTimesWithTheSampleInTheCacheKeyAndOverlapsTheCalls() {
        ScriptedJudgeModel model = new ScriptedJudgeModel(300);
        LlmJudge judge = new LlmJudge(model, "openai/judge-sim", 0.7, 0, RUBRIC, true, true);
        long start = System.nanoTime();
        JudgeVerdict v = new RepeatedJudge(judge::forSample, 4).judgeWithReference("Question?", "Answer.", "Reference.");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(v.failed()).isFalse();
        assertThat(v.sampleOveralls()).containsExactly(0.2, 0.4, 0.6, 0.8);
        assertThat(v.overall()).isCloseTo(0.5, within(1e-9));
        assertThat(v.attempts()).isEqualTo(4);
        // sample 0 keeps the key it always had (existing caches stay valid); the others add their index
        assertThat(model.scopes.get("0")).doesNotContainKey("judge_sample");
        assertThat(model.scopes.get("3")).containsEntry("judge_sample", "3");
        assertThat(elapsedMs).as("four 300 ms calls overlap").isLessThan(1_000);

        JudgeSampleStats stats = JudgeSampleStats.of(v);
        assertThat(stats.flips()).isTrue(); // 0.2 and 0.4 fail, 0.6 and 0.8 pass
        assertThat(stats.sd()).isCloseTo(0.2582, within(1e-4));
    }

    @Test
    void failedSamplesAreLeftOutAndAllFailedIsAFailure() {
        JudgeVerdict ok = new JudgeVerdict(0.8, 0.8, 0.8, 0.8, "fine", 1, 10, false, null, null);
        JudgeVerdict bad = JudgeVerdict.failure("unparseable", "{", 3, 20);
        JudgeVerdict mixed = RepeatedJudge.combine(List.of(bad, ok, ok));
        assertThat(mixed.failed()).isFalse();
        assertThat(mixed.sampleOveralls()).containsExactly(0.8, 0.8);
        assertThat(mixed.attempts()).isEqualTo(5);
        assertThat(JudgeSampleStats.of(mixed).flips()).isFalse();
        assertThat(RepeatedJudge.combine(List.of(bad, bad)).failed()).isTrue();
        assertThat(JudgeSampleStats.of(ok)).isNull();
    }
}
