package dev.driftgate.core.metrics;

/** Precision, recall and F-measure of one metric for one pair. */
public record Prf(double precision, double recall, double f1) {
    public static final Prf ZERO = new Prf(0, 0, 0);
}
