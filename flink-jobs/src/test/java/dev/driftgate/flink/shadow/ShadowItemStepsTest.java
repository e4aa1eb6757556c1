package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.shadow.ShadowEval;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.flink.ops.CallOutcome;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shadow steps the shared operators run, called in order without Flink (the operators' async
 * plumbing is tested in the ops package and end to end in ShadowScoringJobTest).
 */
class ShadowItemStepsTest {
    private static final FakeScoringComponents C = new FakeScoringComponents(0, 0);
    private static final RawRecord RAW = new RawRecord("t", 0, 7, 0, "{...}");

    private static ShadowRequestEvent event(String prompt) {
        return new ShadowRequestEvent("e1", 1000, prompt, 42, "reasoning", "prod", "a good answer to " + prompt, 15,
                "cand");
    }

    /** Candidate, judge stage(s), agreement: what the job wires, one call each (no retries left). */
    private static ShadowItem run(JudgeMode mode, String prompt) {
        ShadowItem item = ShadowItem.of(new ParsedEvent(event(prompt), RAW));
        CallOutcome<ModelResponse> answer;
        try {
            ModelResponse r = C.candidateClient().complete(new ShadowItemSteps.CandidateRequest().request(item));
            answer = CallOutcome.success(r, 1, r.latencyMs(), List.of());
        } catch (ModelCallException e) {
            answer = CallOutcome.failure(e.getMessage(), e.attempts(), 0, List.of());
        }
        item = new ShadowItemSteps.CandidateMerger().merge(item, answer);
        Judge judge = C.judges().create(C.candidateClient());
        if (mode == JudgeMode.PAIRWISE) {
            PairwiseVerdict v = new ShadowItemSteps.JudgePair().judge(judge, item);
            item = new ShadowItemSteps.PairMerger().merge(item, CallOutcome.success(v, 1, 0, List.of()));
        } else {
            for (ShadowItemSteps.Side side : ShadowItemSteps.Side.values()) {
                JudgeVerdict v = new ShadowItemSteps.JudgeOneAnswer(side).judge(judge, item);
                item = new ShadowItemSteps.OneAnswerMerger(side).merge(item, CallOutcome.success(v, 1, 0, List.of()));
            }
        }
        TextPair pair = new ShadowItemSteps.CandidateVsProduction().pair(item);
        if (pair != null) {
            TextMetricsFactory m = C.agreementMetrics();
            item = new ShadowItemSteps.AgreementMerger().scored(item, m.rougeL().apply(pair),
                    m.bertScorer().score(List.of(pair)).get(0));
        }
        return item;
    }

    @Test
    void pointwiseScoresBothAnswersAndDeltaIsShadowMinusProd() {
        ScoredEvent s = run(JudgeMode.POINTWISE, "why [bad]").toScored(false);
        ShadowEval e = s.eval();
        assertThat(s.deadLetter()).isNull();
        assertThat(s.prompt()).isNull();
        assertThat(e.prodScore()).isEqualTo(0.9);
        assertThat(e.shadowScore()).isEqualTo(0.3);
        assertThat(e.delta()).isCloseTo(-0.6, within(1e-12));
        assertThat(e.prodJudge().overall()).isEqualTo(0.9);
        assertThat(e.shadowJudge().overall()).isEqualTo(0.3);
        assertThat(e.agreementRougeLF1()).isEqualTo(0.0); // "meh" shares no token with the prod answer
        assertThat(e.prodLatencyMs()).isEqualTo(15);
        assertThat(e.judgeFailed()).isFalse();
    }

    @Test
    void pairwiseTakesScoresFromTheABVerdictWithProdAsA() {
        ScoredEvent s = run(JudgeMode.PAIRWISE, "how").toScored(true);
        assertThat(s.eval().prodJudge()).isNull();
        assertThat(s.eval().delta()).isEqualTo(0.0);
        assertThat(s.eval().agreementRougeLF1()).isEqualTo(1.0);
        assertThat(s.eval().agreementBertscoreF1()).isEqualTo(1.0);
        assertThat(s.prompt()).isEqualTo("how");
    }

    @Test
    void judgeFailureIsRecordedWithoutScoresAndDeadLetteredAndTheOtherAnswerIsNotJudged() {
        ShadowItem item = run(JudgeMode.POINTWISE, "q [judge-fail]");
        assertThat(item.shadowVerdict()).isNull();
        ScoredEvent s = item.toScored(false);
        assertThat(s.eval().judgeFailed()).isTrue();
        assertThat(s.eval().prodScore()).isNaN();
        assertThat(s.eval().delta()).isNaN();
        assertThat(s.deadLetter().reason())
                .isEqualTo("judge failed on prod answer after 3 attempts: unparseable verdict");
        assertThat(s.deadLetter().offset()).isEqualTo(7);
        assertThat(s.deadLetter().payload()).isEqualTo("{...}");
    }

    @Test
    void inferenceFailureIsOnlyADeadLetterAndSkipsJudgeAndMetrics() {
        ShadowItem item = run(JudgeMode.POINTWISE, "q [infer-fail]");
        assertThat(item.prodVerdict()).isNull();
        assertThat(item.agreementRougeLF1()).isNaN();
        ScoredEvent s = item.toScored(false);
        assertThat(s.eval()).isNull();
        assertThat(s.deadLetter().reason())
                .isEqualTo("candidate inference failed after 3 attempt(s): HTTP 500 from candidate");
    }
}
