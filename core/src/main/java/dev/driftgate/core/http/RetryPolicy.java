package dev.driftgate.core.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry policy of every outbound call (model providers, the judge, GitHub, Slack).
 *
 * <p>What is retried: timeouts, I/O errors (refused, reset) and HTTP 408, 429 and 5xx; any other
 * status fails at once, because repeating a bad request does not fix it. How long to wait:
 * exponential backoff with full jitter (a uniform wait in [0, min(maxDelay, base x 2^retry)], AWS
 * Architecture Blog "Exponential Backoff And Jitter"), but never shorter than the server's
 * Retry-After, itself capped at {@code maxRetryAfter} so a server asking for an hour does not stall
 * a CI run: the call fails instead after its retries. At most {@code maxRetries} retries.
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_retries must be >= 0, got " + maxRetries);
        }
    }

    /** 0.5 s base, 30 s backoff cap, Retry-After honoured up to 60 s. */
    public static RetryPolicy of(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** 408, 429 and 5xx are worth another try; other statuses are not. */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The wait before retry number {@code retry} (0 for the first retry); {@code retryAfter} may be null. */
    public Duration delay(int retry, Duration retryAfter) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry, 20));
        long jittered = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
        if (retryAfter != null) {
            long honoured = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
            return Duration.ofMillis(Math.max(honoured, jittered));
        }
        return Duration.ofMillis(jittered);
    }

    /**
     * The longest a call can take under this policy when each try takes at most {@code perAttempt}:
     * every try timing out, and every wait at its longest (the jitter's cap, or a Retry-After at
     * its cap). Callers that put their own timeout around the call (Flink's async operators) size
     * it from this, so they never cut a call off while it is still being retried.
     */
    public Duration worstCase(Duration perAttempt) {
        Duration total = perAttempt.multipliedBy(maxRetries + 1L);
        for (int retry = 0; retry < maxRetries; retry++) {
            long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry, 20));
            total = total.plusMillis(Math.max(cap, maxRetryAfter.toMillis()));
        }
        return total;
    }
}
