package dev.driftgate.core.llm;

/** What one endpoint's bulkhead is doing: calls in flight now, its budget, calls refused and abandoned so far. */
public record BulkheadStats(String endpoint, int inFlight, int maxInFlight, long rejected, long timedOut) {
}
