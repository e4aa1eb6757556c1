package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.scoring.ModelUsage;
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
    void theCostOfEveryStagesModelCallsIsAddedUpAndWrittenWithTheEval() {
        ShadowItem item = ShadowItem.of(new ParsedEvent(event("what"), RAW));
        ModelResponse r = new ModelResponse("an answer", "cand", 5, 10, 10, 0.002, 1, false);
        item = new ShadowItemSteps.CandidateMerger().merge(item, CallOutcome.success(r, 1, 5,
                List.of(new ModelUsage("cand", 1, 10, 10, 0.002))));
        JudgeVerdict v = new JudgeVerdict(0.9, 0.9, 0.9, 0.9, "fine", 1, 3, false, null, "{}");
        // the judge's calls (one retried with a failed, token-less attempt) on each answer
        item = new ShadowItemSteps.OneAnswerMerger(ShadowItemSteps.Side.PROD).merge(item, CallOutcome.success(v, 2, 3,
                List.of(new ModelUsage("judge", 1, 0, 0, 0.0), new ModelUsage("judge", 1, 100, 20, 0.0005))));
        item = new ShadowItemSteps.OneAnswerMerger(ShadowItemSteps.Side.SHADOW).merge(item,
                CallOutcome.success(v, 1, 3, List.of(new ModelUsage("judge", 1, 100, 20, 0.0005))));
        ScoredEvent s = item.toScored(false);
        assertThat(s.costUsd()).isCloseTo(0.003, within(1e-12));
        assertThat(s.asLate().costUsd()).isEqualTo(s.costUsd());

        // a candidate that failed after its retries made token-less calls: no row, nothing spent
        ShadowItem failed = new ShadowItemSteps.CandidateMerger().merge(ShadowItem.of(new ParsedEvent(event("x"), RAW)),
                CallOutcome.failure("HTTP 500", 3, 9, List.of(new ModelUsage("cand", 3, 0, 0, 0.0))));
        assertThat(failed.toScored(false).costUsd()).isZero();
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
