package dev.driftgate.flink.eval;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.RunAggregator;
import dev.driftgate.core.scoring.UsageTally;
import dev.driftgate.flink.ops.EvalItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the examples a job returned into the {@link EvalRun} (scores.json): per-category and
 * overall aggregation, usage per model, judge failures, and the status. Examples are sorted by id
 * so the same inputs give the same file whatever order the async operators finished in.
 */
public final class EvalRunAssembler {
    private final RunAggregator aggregator;
    private final double maxFailedFraction;

    public EvalRunAssembler(RunAggregator aggregator, double maxFailedFraction) {
        this.aggregator = aggregator;
        this.maxFailedFraction = maxFailedFraction;
    }

    public EvalRun assemble(RunMetadata meta, Instant startedAt, Instant finishedAt, List<EvalItem> items,
                            boolean aborted) {
        List<ExampleResult> examples = new ArrayList<>(items.size());
        UsageTally usage = new UsageTally();
        int judgeFailures = 0;
        for (EvalItem item : items) {
            examples.add(item.result());
            if (item.inferenceUsage() != null) {
                usage.add(item.inferenceUsage());
            }
            if (item.judgeUsage() != null) {
                usage.add(item.judgeUsage());
            }
            if (item.result().failed() && "judge".equals(item.result().failureStage())) {
                judgeFailures++;
            }
        }
        examples.sort(Comparator.comparing(ExampleResult::id));
        RunAggregator.Aggregate aggregate = aggregator.aggregate(examples);
        EvalRun.Status status = aborted ? EvalRun.Status.ABORTED
                : aggregate.failedFraction() > maxFailedFraction ? EvalRun.Status.TOO_MANY_FAILURES
                : EvalRun.Status.COMPLETED;
        return new EvalRun(meta.runId(), startedAt, finishedAt, status, meta.gitSha(), meta.prNumber(), meta.model(),
                meta.judgeModel(), meta.promptTemplateVersion(), meta.systemPromptHash(), meta.datasetVersion(),
                meta.configHash(), meta.tags(), aggregate.overall(), aggregate.categories(), examples,
                usage.byModel(), judgeFailures, meta.params());
    }
}
