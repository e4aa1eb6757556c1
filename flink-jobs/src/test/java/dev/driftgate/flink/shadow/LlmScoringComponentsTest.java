package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.core.sim.LlmSimulator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ShadowScorer with the real model clients and LLM judge, over HTTP to the offline simulator. */
class LlmScoringComponentsTest {
    private static LlmSimulator sim;
    private static ShadowScorer scorer;

    @BeforeAll
    static void start() {
        sim = LlmSimulator.fromConfig(Path.of("..", "config", "simulator.yaml"), Path.of("..")).start(0);
        sim.setLatencyOverrideMs(5L);
        LlmScoringComponents c = new LlmScoringComponents("../config", Map.of("OPENAI_BASE_URL", sim.baseUrl()));
        scorer = new ShadowScorer(c.candidateClient(), c.judge(), c.bertScorer(), c.rougeL(),
                ShadowScorer.JudgeMode.POINTWISE, false);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void candidateAndJudgeRunThroughTheSimulator() {
        ShadowRequestEvent e = new ShadowRequestEvent("e1", 1000, "Explain why the sky looks blue on a clear day.",
                7, "factual_qa", "openai/sim-good", "Sunlight scatters off air molecules; blue light scatters most.",
                100, "openai/sim-candidate");
        long before = sim.requestCount();
        ScoredEvent s = scorer.score(e, new RawRecord("t", 0, 0, 0, "{}"));
        assertThat(sim.requestCount() - before).isGreaterThanOrEqualTo(3); // candidate + 2 judge calls
        // the simulator is deterministic per (model, messages): this prompt gets parseable verdicts
        assertThat(s.deadLetter()).isNull();
        assertThat(s.eval().prodScore()).isBetween(0.0, 1.0);
        assertThat(s.eval().shadowScore()).isBetween(0.0, 1.0);
        assertThat(s.eval().delta()).isEqualTo(s.eval().shadowScore() - s.eval().prodScore());
        assertThat(s.eval().shadowJudge().failed()).isFalse();
        assertThat(s.eval().judgeFailed()).isFalse();
        assertThat(s.eval().agreementBertscoreF1()).isNaN(); // metrics branch not merged: missing, not 0
        assertThat(s.eval().shadowLatencyMs()).isGreaterThanOrEqualTo(0);
    }
}
