package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.flink.ops.CallOutcome;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real factories the shadow job ships (model clients, LLM judge, BERTScore, ROUGE-L), built the
 * way the operators build them in open(), over HTTP to the offline simulator.
 */
class LlmScoringComponentsTest {
    private static LlmSimulator sim;
    private static LlmScoringComponents components;

    @BeforeAll
    static void start() {
        sim = LlmSimulator.fromConfig(Path.of("..", "config", "simulator.yaml"), Path.of("..")).start(0);
        sim.setLatencyOverrideMs(5L);
        components = new LlmScoringComponents("../config", Map.of("OPENAI_BASE_URL", sim.baseUrl()));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void candidateJudgeAndAgreementMetricsRunThroughTheRealFactories() {
        ShadowRequestEvent e = new ShadowRequestEvent("e1", 1000, "Explain why the sky looks blue on a clear day.",
                7, "factual_qa", "openai/sim-good", "Sunlight scatters off air molecules; blue light scatters most.",
                100, "openai/sim-candidate");
        ShadowItem item = ShadowItem.of(new ParsedEvent(e, new RawRecord("t", 0, 0, 0, "{}")));
        long before = sim.requestCount();
        try (ModelClient candidate = components.candidateClients().create();
             ModelClient judgeClient = components.judgeClients().create()) {
            ModelResponse r = candidate.complete(new ShadowItemSteps.CandidateRequest().request(item));
            item = new ShadowItemSteps.CandidateMerger().merge(item, CallOutcome.success(r, 1, r.latencyMs(),
                    List.of()));
            Judge judge = components.judges().create(judgeClient);
            for (ShadowItemSteps.Side side : ShadowItemSteps.Side.values()) {
                JudgeVerdict v = new ShadowItemSteps.JudgeOneAnswer(side).judge(judge, item);
                item = new ShadowItemSteps.OneAnswerMerger(side).merge(item, CallOutcome.success(v, 1, 0, List.of()));
            }
        }
        assertThat(sim.requestCount() - before).isGreaterThanOrEqualTo(3); // candidate + 2 judge calls

        TextMetricsFactory metrics = components.agreementMetrics();
        TextPair pair = new ShadowItemSteps.CandidateVsProduction().pair(item);
        try (BertScorer bert = metrics.bertScorer()) {
            List<Prf> scores = bert.score(List.of(pair, new TextPair(e.prodResponse(), e.prodResponse())));
            item = new ShadowItemSteps.AgreementMerger().scored(item, metrics.rougeL().apply(pair), scores.get(0));
            assertThat(scores.get(1).f1()).isCloseTo(1.0, within(1e-3)); // identical answers agree fully
        }

        ScoredEvent s = item.toScored(false);
        // the simulator is deterministic per (model, messages): this prompt gets parseable verdicts
        assertThat(s.deadLetter()).isNull();
        assertThat(s.eval().prodScore()).isBetween(0.0, 1.0);
        assertThat(s.eval().shadowScore()).isBetween(0.0, 1.0);
        assertThat(s.eval().delta()).isEqualTo(s.eval().shadowScore() - s.eval().prodScore());
        assertThat(s.eval().shadowJudge().failed()).isFalse();
        assertThat(s.eval().judgeFailed()).isFalse();
        assertThat(s.eval().agreementBertscoreF1()).isBetween(0.0, 1.0).isLessThan(0.999);
        assertThat(s.eval().agreementRougeLF1()).isBetween(0.0, 1.0);
        assertThat(s.eval().shadowLatencyMs()).isGreaterThanOrEqualTo(0);
    }
}
