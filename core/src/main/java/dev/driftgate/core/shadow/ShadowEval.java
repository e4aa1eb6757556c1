package dev.driftgate.core.shadow;

import dev.driftgate.core.judge.JudgeVerdict;

/** Production vs candidate on one sampled request; {@code delta} = shadowScore - prodScore. */
public record ShadowEval(
        String eventId,
        long ts,
        long promptHash,
        String category,
        String prodModel,
        String shadowModel,
        double prodScore,
        double shadowScore,
        double delta,
        JudgeVerdict prodJudge,
        JudgeVerdict shadowJudge,
        double agreementBertscoreF1,
        double agreementRougeLF1,
        long prodLatencyMs,
        long shadowLatencyMs,
        boolean judgeFailed) {
}
