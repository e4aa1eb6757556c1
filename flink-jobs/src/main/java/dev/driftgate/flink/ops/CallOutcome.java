package dev.driftgate.flink.ops;

import dev.driftgate.core.scoring.ModelUsage;
import java.util.List;

/**
 * What one (possibly retried) remote call produced: a value, or a failure with its reason.
 * {@code usage} holds every model call made for it on this attempt, metered at the client.
 */
public record CallOutcome<R>(R value, boolean failed, String failureReason, boolean retryable, int attempt,
                             long latencyMs, List<ModelUsage> usage, boolean cacheHit) {

    public static <R> CallOutcome<R> success(R value, int attempt, long latencyMs, List<ModelUsage> usage) {
        return new CallOutcome<>(value, false, null, false, attempt, latencyMs, usage, false);
    }

    /**
     * A success answered entirely from the response cache: no model ran, so its latency is recorded
     * as 0 (a lookup's few milliseconds would make warm reruns differ for no reason).
     */
    public static <R> CallOutcome<R> fromCache(R value, int attempt, List<ModelUsage> usage) {
        return new CallOutcome<>(value, false, null, false, attempt, 0, usage, true);
    }

    public static <R> CallOutcome<R> failure(String reason, boolean retryable, int attempt, long latencyMs,
                                             List<ModelUsage> usage) {
        return new CallOutcome<>(null, true, reason, retryable, attempt, latencyMs, usage, false);
    }
}
