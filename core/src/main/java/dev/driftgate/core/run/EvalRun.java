package dev.driftgate.core.run;

import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.ModelUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One evaluation run: the content of scores_output/scores.json and of the eval_* tables.
 * {@code status} is "completed", "aborted" or "too_many_failures".
 */
public record EvalRun(
        String runId,
        Instant startedAt,
        Instant finishedAt,
        String status,
        String gitSha,
        Integer prNumber,
        String model,
        String judgeModel,
        String promptTemplateVersion,
        String systemPromptHash,
        String datasetVersion,
        String configHash,
        Map<String, String> tags,
        double overall,
        Map<String, CategoryScore> categories,
        List<ExampleResult> examples,
        Map<String, ModelUsage> usage,
        int judgeFailures) {
}
