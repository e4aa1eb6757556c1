package dev.driftgate.flink.ops;

import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.http.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;

/**
 * How an async call operator runs: {@code capacity} in-flight calls per subtask (also its thread
 * count) and {@code timeoutMs}, the operator's backstop per element. The client below retries
 * (core's {@link RetryPolicy}); the operator makes one attempt, so its timeout must outlast the
 * client's whole retry budget, or a call still being retried would be cut off and failed early.
 */
public record AsyncCallOptions(int capacity, long timeoutMs) implements Serializable {
    /** Room for scheduling and the rate limiter's queueing on top of the computed budget. */
    static final long MARGIN_MS = 5_000;

    public AsyncCallOptions {
        if (capacity < 1 || timeoutMs < 1) {
            throw new IllegalArgumentException("capacity and timeoutMs must be >= 1");
        }
    }

    /**
     * A timeout that covers {@code callsPerElement} client calls (the judge asks again for an
     * unparseable verdict: judge.max_retries + 1 calls), each retried under {@code policy} with
     * {@code perAttempt} per try, plus a margin.
     */
    public static AsyncCallOptions covering(int capacity, RetryPolicy policy, Duration perAttempt,
                                            int callsPerElement) {
        return new AsyncCallOptions(capacity, budgetMs(policy, perAttempt, callsPerElement) + MARGIN_MS);
    }

    /**
     * The longest one element can keep a stage busy with scorer_config.yaml's clients: inference
     * timeout_seconds per try, inference.max_retries retries, and for the judge up to
     * judge.max_retries + 1 calls (the larger of the two stages, so one timeout serves both).
     */
    public static long budgetMs(ScorerConfig scorer) {
        return budgetMs(RetryPolicy.of(scorer.inference().maxRetries()),
                Duration.ofSeconds(scorer.inference().timeoutSeconds()), scorer.judge().maxRetries() + 1);
    }

    private static long budgetMs(RetryPolicy policy, Duration perAttempt, int callsPerElement) {
        return policy.worstCase(perAttempt).toMillis() * Math.max(1, callsPerElement);
    }

    /** These options with the timeout raised, if needed, to cover {@code budgetMs} plus the margin. */
    public AsyncCallOptions atLeast(long budgetMs) {
        return budgetMs + MARGIN_MS <= timeoutMs ? this : new AsyncCallOptions(capacity, budgetMs + MARGIN_MS);
    }
}
