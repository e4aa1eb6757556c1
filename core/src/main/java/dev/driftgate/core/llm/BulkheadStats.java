package dev.driftgate.core.llm;

/**
 * What one endpoint's bulkhead is doing: attempts in flight now and its budget, callers waiting on it
 * now and their fair share ({@code Integer.MAX_VALUE} while no other endpoint is in use or without fair
 * share), calls refused and abandoned (hard timeout, or a caller that left a stalled endpoint) so far.
 */
public record BulkheadStats(String endpoint, int inFlight, int maxInFlight, int callers, int share, long rejected,
                            long abandoned) {
}
