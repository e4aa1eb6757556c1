package dev.driftgate.core.metrics;

/** rougeL and rougeLsum of one candidate against one reference. */
public record RougeScores(Prf rougeL, Prf rougeLsum) {
}
