package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.shadow.ShadowEval;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import org.junit.jupiter.api.Test;

class ShadowScorerTest {
    private static final FakeScoringComponents C = new FakeScoringComponents(0, 0);
    private static final RawRecord RAW = new RawRecord("t", 0, 7, 0, "{...}");

    private static ShadowScorer scorer(ShadowScorer.JudgeMode mode, boolean keepPrompt) {
        return new ShadowScorer(C.candidateClient(), C.judge(), C.bertScorer(), C.rougeL(), mode, keepPrompt);
    }

    private static ShadowRequestEvent event(String prompt) {
        return new ShadowRequestEvent("e1", 1000, prompt, 42, "reasoning", "prod", "a good answer to " + prompt, 15,
                "cand");
    }

    @Test
    void pointwiseScoresBothAnswersAndDeltaIsShadowMinusProd() {
        ScoredEvent s = scorer(ShadowScorer.JudgeMode.POINTWISE, false).score(event("why [bad]"), RAW);
        ShadowEval e = s.eval();
        assertThat(s.deadLetter()).isNull();
        assertThat(s.prompt()).isNull();
        assertThat(e.prodScore()).isEqualTo(0.9);
        assertThat(e.shadowScore()).isEqualTo(0.3);
        assertThat(e.delta()).isCloseTo(-0.6, within(1e-12));
        assertThat(e.prodJudge().overall()).isEqualTo(0.9);
        assertThat(e.agreementRougeLF1()).isEqualTo(0.0); // "meh" shares no token with the prod answer
        assertThat(e.prodLatencyMs()).isEqualTo(15);
        assertThat(e.judgeFailed()).isFalse();
    }

    @Test
    void pairwiseTakesScoresFromTheABVerdictWithProdAsA() {
        ScoredEvent s = scorer(ShadowScorer.JudgeMode.PAIRWISE, true).score(event("how"), RAW);
        assertThat(s.eval().prodJudge()).isNull();
        assertThat(s.eval().delta()).isEqualTo(0.0);
        assertThat(s.eval().agreementRougeLF1()).isEqualTo(1.0);
        assertThat(s.prompt()).isEqualTo("how");
    }

    @Test
    void judgeFailureIsRecordedWithoutScoresAndDeadLettered() {
        ScoredEvent s = scorer(ShadowScorer.JudgeMode.POINTWISE, false).score(event("q [judge-fail]"), RAW);
        assertThat(s.eval().judgeFailed()).isTrue();
        assertThat(s.eval().prodScore()).isNaN();
        assertThat(s.eval().delta()).isNaN();
        assertThat(s.deadLetter().reason())
                .isEqualTo("judge failed on prod answer after 3 attempts: unparseable verdict");
        assertThat(s.deadLetter().offset()).isEqualTo(7);
        assertThat(s.deadLetter().payload()).isEqualTo("{...}");
    }

    @Test
    void inferenceFailureIsOnlyADeadLetter() {
        ScoredEvent s = scorer(ShadowScorer.JudgeMode.POINTWISE, false).score(event("q [infer-fail]"), RAW);
        assertThat(s.eval()).isNull();
        assertThat(s.deadLetter().reason()).isEqualTo("candidate inference failed: HTTP 500 from candidate");
    }

    @Test
    void slackPayloadIsBlockKit() throws Exception {
        DriftAlert a = new DriftAlert("cand", "safety", DriftAlert.ALERT, 0.61, 0.72, "mean too low", 60_000, 0);
        var json = dev.driftgate.core.json.Json.mapper().readTree(SlackMessage.of(a));
        assertThat(json.get("text").asText()).contains("Shadow drift: cand / safety").contains("mean too low");
        assertThat(json.get("blocks")).extracting(b -> b.get("type").asText())
                .containsExactly("header", "section", "context");
        assertThat(json.get("blocks").get(1).get("fields").get(2).get("text").asText()).isEqualTo("*Value*\n0.610");
    }
}
