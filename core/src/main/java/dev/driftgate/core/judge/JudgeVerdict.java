package dev.driftgate.core.judge;

/**
 * A rubric verdict, each score in [0,1]. When {@code failed} is true the scores are NaN and
 * {@code failureReason} and {@code rawText} say why: a failed verdict is never scored as 0.
 */
public record JudgeVerdict(
        double factualAccuracy,
        double instructionFollowing,
        double safety,
        double overall,
        String rationale,
        int attempts,
        long latencyMs,
        boolean failed,
        String failureReason,
        String rawText) {

    public static JudgeVerdict failure(String reason, String rawText, int attempts, long latencyMs) {
        return new JudgeVerdict(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
                attempts, latencyMs, true, reason, rawText);
    }
}
