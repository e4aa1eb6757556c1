package dev.driftgate.flink.ops;

import dev.driftgate.core.scoring.ModelUsage;
import java.util.List;

/**
 * What one remote call produced: a value, or a failure with its reason. {@code attempts} is how
 * many tries the core client needed (it retries, Flink does not); {@code usage} holds every model
 * call made for it, metered at the client.
 */
public record CallOutcome<R>(R value, boolean failed, String failureReason, int attempts, long latencyMs,
                             List<ModelUsage> usage, boolean cacheHit) {

    public static <R> CallOutcome<R> success(R value, int attempts, long latencyMs, List<ModelUsage> usage) {
        return new CallOutcome<>(value, false, null, attempts, latencyMs, usage, false);
    }

    /**
     * A success answered entirely from the response cache: no model ran, so its latency is recorded
     * as 0 (a lookup's few milliseconds would make warm reruns differ for no reason).
     */
    public static <R> CallOutcome<R> fromCache(R value, int attempts, List<ModelUsage> usage) {
        return new CallOutcome<>(value, false, null, attempts, 0, usage, true);
    }

    public static <R> CallOutcome<R> failure(String reason, int attempts, long latencyMs, List<ModelUsage> usage) {
        return new CallOutcome<>(null, true, reason, attempts, latencyMs, usage, false);
    }
}
