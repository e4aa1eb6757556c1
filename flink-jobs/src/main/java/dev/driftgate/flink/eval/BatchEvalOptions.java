package dev.driftgate.flink.eval;

import dev.driftgate.flink.ops.AsyncCallOptions;
import java.io.Serializable;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * How the evaluation job runs, parsed once (like Flink's wordcount CLI options): runtime mode
 * (BATCH by default; STREAMING gives the same results and exists for debugging), parallelism,
 * the async call settings and the BERTScore batch size.
 */
public record BatchEvalOptions(RuntimeExecutionMode mode, int parallelism, AsyncCallOptions calls, int bertBatchSize)
        implements Serializable {

    public BatchEvalOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
        if (bertBatchSize < 1) {
            throw new IllegalArgumentException("bertscore batch size must be >= 1");
        }
    }

    /**
     * The configured concurrency is the number of calls in flight per call stage across the job,
     * so each subtask gets concurrency / parallelism of it (at least 1). {@code callBudgetMs} is the
     * clients' whole retry budget ({@link AsyncCallOptions#budgetMs}), which the stages' timeout covers.
     */
    public static BatchEvalOptions of(RuntimeExecutionMode mode, int parallelism, int concurrency, long callBudgetMs,
                                      int bertBatchSize) {
        int perSubtask = Math.max(1, concurrency / parallelism);
        return new BatchEvalOptions(mode, parallelism, new AsyncCallOptions(perSubtask, 1).atLeast(callBudgetMs),
                bertBatchSize);
    }
}
