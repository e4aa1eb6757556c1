package dev.driftgate.core.metrics;

/** A candidate text scored against a reference text. */
public record TextPair(String candidate, String reference) {
}
