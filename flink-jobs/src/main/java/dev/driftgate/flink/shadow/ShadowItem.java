package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.scoring.ModelUsage;
import dev.driftgate.core.shadow.CandidateOverrides;
import dev.driftgate.core.shadow.ShadowEval;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.List;

/**
 * One sampled request on its way through the shared async operators: the candidate's answer, the
 * verdicts, the agreement metrics. {@code failure} is the dead-letter reason once a stage failed
 * (after the client's retries; later stages skip the item). {@code costUsd} is what its model calls
 * cost so far (candidate + judge, every attempt, as metered at the client), written with its row for
 * the daily spend budget.
 */
public record ShadowItem(ShadowRequestEvent event, RawRecord raw, CandidateCall candidate, String shadowAnswer, long shadowLatencyMs,
                         JudgeVerdict prodVerdict, JudgeVerdict shadowVerdict, PairwiseVerdict pairwise,
                         double agreementBertscoreF1, double agreementRougeLF1, String failure, double costUsd) {

    public static ShadowItem of(ParsedEvent parsed) {
        return of(parsed, CandidateOverrides.NONE);
    }

    public static ShadowItem of(ParsedEvent parsed, CandidateOverrides overrides) {
        return new ShadowItem(parsed.event(), parsed.raw(), CandidateCall.of(parsed.event(), overrides), null, 0, null,
                null, null, Double.NaN, Double.NaN, null, 0.0);
    }

    public boolean failed() {
        return failure != null;
    }

    ShadowItem answered(String answer, long latencyMs) {
        return new ShadowItem(event, raw, candidate, answer, latencyMs, prodVerdict, shadowVerdict, pairwise,
                agreementBertscoreF1, agreementRougeLF1, failure, costUsd);
    }

    ShadowItem judged(JudgeVerdict prod, JudgeVerdict shadow, PairwiseVerdict pair) {
        return new ShadowItem(event, raw, candidate, shadowAnswer, shadowLatencyMs, prod, shadow, pair, agreementBertscoreF1,
                agreementRougeLF1, failure, costUsd);
    }

    ShadowItem withAgreement(double bertscoreF1, double rougeLF1) {
        return new ShadowItem(event, raw, candidate, shadowAnswer, shadowLatencyMs, prodVerdict, shadowVerdict, pairwise,
                bertscoreF1, rougeLF1, failure, costUsd);
    }

    ShadowItem failedWith(String reason) {
        return new ShadowItem(event, raw, candidate, shadowAnswer, shadowLatencyMs, prodVerdict, shadowVerdict, pairwise,
                agreementBertscoreF1, agreementRougeLF1, reason, costUsd);
    }

    /** Adds what one stage's model calls cost (a failed attempt has no tokens, so costs 0). */
    ShadowItem plusCost(List<ModelUsage> usage) {
        double added = 0;
        for (ModelUsage u : usage == null ? List.<ModelUsage>of() : usage) {
            added += u.costUsd();
        }
        return added == 0 ? this : new ShadowItem(event, raw, candidate, shadowAnswer, shadowLatencyMs, prodVerdict,
                shadowVerdict, pairwise, agreementBertscoreF1, agreementRougeLF1, failure, costUsd + added);
    }

    /**
     * The outcome: no answer -> only a dead letter; a judge failure -> an eval with judgeFailed and
     * no scores (never a silent 0) plus a dead letter; otherwise the eval. delta = shadow - prod.
     */
    public ScoredEvent toScored(boolean keepPrompt) {
        if (shadowAnswer == null) {
            return new ScoredEvent(null, null, DeadLetter.of(failure, raw), candidate, false, costUsd,
                    SourceOffset.of(raw));
        }
        double prodScore;
        double shadowScore;
        if (pairwise != null) {
            prodScore = pairwise.failed() ? Double.NaN : pairwise.scoreA();
            shadowScore = pairwise.failed() ? Double.NaN : pairwise.scoreB();
        } else {
            prodScore = score(prodVerdict);
            shadowScore = score(shadowVerdict);
        }
        boolean judgeFailed = failed();
        ShadowEval eval = new ShadowEval(event.eventId(), event.ts(), event.promptHash(), event.category(),
                event.prodModel(), event.candidateModel(), prodScore, shadowScore,
                judgeFailed ? Double.NaN : shadowScore - prodScore, prodVerdict, shadowVerdict, agreementBertscoreF1,
                agreementRougeLF1, event.prodLatencyMs(), shadowLatencyMs, judgeFailed);
        return new ScoredEvent(eval, keepPrompt ? event.prompt() : null,
                judgeFailed ? DeadLetter.of(failure, raw) : null, candidate, false, costUsd, SourceOffset.of(raw));
    }

    private static double score(JudgeVerdict v) {
        return v == null || v.failed() ? Double.NaN : v.overall();
    }
}
