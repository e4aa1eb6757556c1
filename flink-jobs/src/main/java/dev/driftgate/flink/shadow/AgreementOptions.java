package dev.driftgate.flink.shadow;

import java.io.Serializable;

/**
 * How the agreement metrics run. ROUGE-L is always computed (microseconds a pair). BERTScore is
 * batched in the shared TextMetricsOperator (up to {@code batchSize} items, or whatever arrived
 * within {@code maxWaitMs}); it scores ~25-35 pairs/s on 2 cores, so above that sampled rate it
 * becomes the stream's ceiling: turn it off ({@code bertscore = false}, column left NULL) there.
 */
public record AgreementOptions(boolean bertscore, int batchSize, long maxWaitMs) implements Serializable {
    public AgreementOptions {
        if (batchSize < 1 || maxWaitMs < 1) {
            throw new IllegalArgumentException("agreement batchSize and maxWaitMs must be >= 1");
        }
    }

    public static AgreementOptions defaults() {
        return new AgreementOptions(true, 32, 200);
    }
}
