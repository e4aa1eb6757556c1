package dev.driftgate.flink.ops;

import java.io.Serializable;

/**
 * How an async call operator runs: {@code capacity} in-flight calls per subtask (also its thread
 * count), {@code maxAttempts} calls per element at most, exponential backoff between them, and
 * {@code callTimeoutMs} per attempt.
 */
public record AsyncCallOptions(int capacity, int maxAttempts, long callTimeoutMs, long initialBackoffMs,
                               long maxBackoffMs) implements Serializable {

    public AsyncCallOptions {
        if (capacity < 1 || maxAttempts < 1 || callTimeoutMs < 1) {
            throw new IllegalArgumentException("capacity, maxAttempts and callTimeoutMs must be >= 1");
        }
    }

    /** The operator-level timeout: every attempt plus every backoff, plus a margin. */
    public long totalTimeoutMs() {
        long backoff = 0;
        long delay = initialBackoffMs;
        for (int i = 1; i < maxAttempts; i++) {
            backoff += Math.min(delay, maxBackoffMs);
            delay *= 2;
        }
        return callTimeoutMs * maxAttempts + backoff + 5_000;
    }
}
