package dev.driftgate.core.llm;

import java.time.Duration;

/**
 * How much of a caller's concurrency one provider endpoint may hold: at most {@code maxInFlight} calls
 * at once, a caller waits at most {@code maxWait} for a slot (then fails at once, not retried), and an
 * attempt is abandoned after the hard timeout whatever the HTTP client does.
 */
public record BulkheadLimit(int maxInFlight, Duration maxWait) {
    /**
     * 64 = the Flink call operators' capacity per subtask: by default a healthy endpoint is never refused,
     * while a hung one cannot hold more than its own slots in a caller that talks to several.
     */
    public static final BulkheadLimit DEFAULT = new BulkheadLimit(64, Duration.ofSeconds(1));

    public BulkheadLimit {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("bulkhead max in flight must be >= 1, got " + maxInFlight);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("bulkhead max wait must be >= 0, got " + maxWait);
        }
    }

    /** "max_in_flight,max_wait_ms", e.g. "16,500". */
    public static BulkheadLimit parse(String value, String where) {
        String[] parts = value.split(",");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new BulkheadLimit(Integer.parseInt(parts[0].trim()), Duration.ofMillis(Long.parseLong(parts[1].trim())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " must be 'max_in_flight,max_wait_ms' (max_in_flight >= 1, "
                    + "max_wait_ms >= 0), got '" + value + "'");
        }
    }
}
