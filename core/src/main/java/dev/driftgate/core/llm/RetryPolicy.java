package dev.driftgate.core.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a uniform wait in [0, min(maxDelay, base x 2^retry)]), but
 * never shorter than the server's Retry-After (itself capped at {@code maxRetryAfter}, so a server
 * asking for an hour does not stall a CI run: the call fails instead after its retries).
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_retries must be >= 0, got " + maxRetries);
        }
    }

    public static RetryPolicy of(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The wait before retry number {@code retry} (0 for the first retry). */
    public Duration delay(int retry, Duration retryAfter) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry, 20));
        long jittered = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
        if (retryAfter != null) {
            long honoured = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
            return Duration.ofMillis(Math.max(honoured, jittered));
        }
        return Duration.ofMillis(jittered);
    }
}
