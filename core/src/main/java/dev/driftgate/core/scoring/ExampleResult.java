package dev.driftgate.core.scoring;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;

/**
 * Everything scored for one golden example. A failed example ({@code failed}) keeps its stage
 * ("inference", "judge", "scoring") and reason, is excluded from means and counted in reports.
 */
public record ExampleResult(
        String id,
        String category,
        String prompt,
        String referenceResponse,
        String response,
        Prf rougeL,
        Prf bertscore,
        JudgeVerdict judge,
        double composite,
        long inferenceLatencyMs,
        long judgeLatencyMs,
        boolean failed,
        String failureStage,
        String failureReason) {
}
