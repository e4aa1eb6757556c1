package dev.driftgate.core.llm;

/**
 * What one endpoint's bulkhead is doing: calls in flight now, its budget, its fair share of the callers
 * now ({@code Integer.MAX_VALUE} while no other endpoint is in use or without fair share), calls refused
 * and abandoned so far.
 */
public record BulkheadStats(String endpoint, int inFlight, int maxInFlight, int share, long rejected, long timedOut) {
}
