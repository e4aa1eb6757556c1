package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.shadow.ShadowEval;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.function.ToDoubleBiFunction;

/**
 * Scores one shadow event: the candidate answers the prompt, the judge rates both answers without a
 * reference (pointwise) or against each other in both orders (pairwise), and BERTScore / ROUGE-L
 * measure how much the two answers agree. delta = shadow_score - prod_score.
 *
 * <p>Plain Java so it is testable without Flink; {@link AsyncShadowScoring} runs it off the task thread.
 */
public final class ShadowScorer {
    public enum JudgeMode { POINTWISE, PAIRWISE }

    private final ModelClient candidate;
    private final Judge judge;
    private final BertScorer bertScorer;
    private final ToDoubleBiFunction<String, String> rougeL;
    private final JudgeMode mode;
    private final boolean keepPrompt;

    public ShadowScorer(ModelClient candidate, Judge judge, BertScorer bertScorer,
                        ToDoubleBiFunction<String, String> rougeL, JudgeMode mode, boolean keepPrompt) {
        this.candidate = candidate;
        this.judge = judge;
        this.bertScorer = bertScorer;
        this.rougeL = rougeL;
        this.mode = mode;
        this.keepPrompt = keepPrompt;
    }

    public ScoredEvent score(ShadowRequestEvent e, RawRecord raw) {
        ModelResponse answer;
        try {
            answer = candidate.complete(ModelRequest.inference(e.candidateModel(), null, e.prompt()));
        } catch (RuntimeException ex) {
            return new ScoredEvent(null, null, DeadLetter.of("candidate inference failed: " + ex.getMessage(), raw));
        }
        String shadowText = answer.text() == null ? "" : answer.text();
        double bert = safeBert(shadowText, e.prodResponse());
        double rouge = rougeL.applyAsDouble(shadowText, e.prodResponse());

        JudgeVerdict prodVerdict;
        JudgeVerdict shadowVerdict;
        double prodScore;
        double shadowScore;
        String failure = null;
        if (mode == JudgeMode.PAIRWISE) {
            PairwiseVerdict pv = judge.judgePairwise(e.prompt(), e.prodResponse(), shadowText);
            prodVerdict = null;
            shadowVerdict = null;
            prodScore = pv.failed() ? Double.NaN : pv.scoreA();
            shadowScore = pv.failed() ? Double.NaN : pv.scoreB();
            if (pv.failed()) {
                failure = "judge failed (pairwise): " + pv.failureReason();
            }
        } else {
            prodVerdict = judge.judgeReferenceFree(e.prompt(), e.prodResponse());
            shadowVerdict = judge.judgeReferenceFree(e.prompt(), shadowText);
            prodScore = prodVerdict.failed() ? Double.NaN : prodVerdict.overall();
            shadowScore = shadowVerdict.failed() ? Double.NaN : shadowVerdict.overall();
            if (prodVerdict.failed()) {
                failure = "judge failed on prod answer after " + prodVerdict.attempts() + " attempts: "
                        + prodVerdict.failureReason();
            } else if (shadowVerdict.failed()) {
                failure = "judge failed on shadow answer after " + shadowVerdict.attempts() + " attempts: "
                        + shadowVerdict.failureReason();
            }
        }
        boolean judgeFailed = failure != null;
        ShadowEval eval = new ShadowEval(e.eventId(), e.ts(), e.promptHash(), e.category(), e.prodModel(),
                e.candidateModel(), prodScore, shadowScore,
                judgeFailed ? Double.NaN : shadowScore - prodScore,
                prodVerdict, shadowVerdict, bert, rouge, e.prodLatencyMs(), answer.latencyMs(), judgeFailed);
        return new ScoredEvent(eval, keepPrompt ? e.prompt() : null,
                judgeFailed ? DeadLetter.of(failure, raw) : null);
    }

    private double safeBert(String candidateText, String reference) {
        try {
            return bertScorer.score(java.util.List.of(new TextPair(candidateText, reference))).get(0).f1();
        } catch (RuntimeException ex) {
            // agreement is informative only; a BERTScore failure must not drop the eval
            return Double.NaN;
        }
    }
}
