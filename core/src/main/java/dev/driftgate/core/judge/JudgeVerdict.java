package dev.driftgate.core.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A rubric verdict, each score in [0,1]. When {@code failed} is true the scores are NaN and
 * {@code failureReason} and {@code rawText} say why: a failed verdict is never scored as 0. With
 * judge.samples N > 1 the scores are the means over the samples the judge could score and
 * {@code sampleOveralls} holds each of their overall scores, in sample order ({@link JudgeSampleStats}).
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
        String rawText,
        // absent from scores.json unless judge.samples > 1, so single-sample files stay as they were
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> sampleOveralls) {

    /** A single-sample verdict ({@code sampleOveralls} null: judge.samples 1, or a scores.json from before it). */
    public JudgeVerdict(double factualAccuracy, double instructionFollowing, double safety, double overall,
                        String rationale, int attempts, long latencyMs, boolean failed, String failureReason,
                        String rawText) {
        this(factualAccuracy, instructionFollowing, safety, overall, rationale, attempts, latencyMs, failed,
                failureReason, rawText, null);
    }

    public static JudgeVerdict failure(String reason, String rawText, int attempts, long latencyMs) {
        return new JudgeVerdict(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
                attempts, latencyMs, true, reason, rawText);
    }
}
