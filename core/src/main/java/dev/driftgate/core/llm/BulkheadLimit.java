package dev.driftgate.core.llm;

import java.time.Duration;

/**
 * How much of a caller's concurrency one provider endpoint may hold: at most {@code maxInFlight} calls
 * at once, a caller waits at most {@code maxWait} for a slot (then fails at once, not retried), and an
 * attempt is abandoned after the hard timeout whatever the HTTP client does. With {@code fairShare},
 * while several endpoints are in use each may also hold only its even share of the callers'
 * concurrency, and a caller over that share of an endpoint that has stopped answering fails at once
 * instead of waiting (see {@link ProviderBulkhead}).
 */
public record BulkheadLimit(int maxInFlight, Duration maxWait, boolean fairShare) {
    /**
     * 64 = the Flink call operators' capacity per subtask, so an endpoint used alone is never refused;
     * the fair share is what keeps a hung endpoint from holding the callers of the others (a fixed
     * budget does so only when it is below the callers' concurrency, which the client is not told).
     */
    public static final BulkheadLimit DEFAULT = new BulkheadLimit(64, Duration.ofSeconds(1), true);

    public BulkheadLimit {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("bulkhead max in flight must be >= 1, got " + maxInFlight);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("bulkhead max wait must be >= 0, got " + maxWait);
        }
    }

    /** A fixed budget, no fair share. */
    public BulkheadLimit(int maxInFlight, Duration maxWait) {
        this(maxInFlight, maxWait, false);
    }

    /** "max_in_flight,max_wait_ms[,fair]", e.g. "16,500" (a fixed budget) or "64,1000,fair" (the default). */
    public static BulkheadLimit parse(String value, String where) {
        String[] parts = value.split(",");
        try {
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].trim().equals("fair"))) {
                throw new NumberFormatException();
            }
            return new BulkheadLimit(Integer.parseInt(parts[0].trim()), Duration.ofMillis(Long.parseLong(parts[1].trim())),
                    parts.length == 3);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " must be 'max_in_flight,max_wait_ms' or 'max_in_flight,max_wait_ms,fair'"
                    + " (max_in_flight >= 1, max_wait_ms >= 0), got '" + value + "'");
        }
    }
}
