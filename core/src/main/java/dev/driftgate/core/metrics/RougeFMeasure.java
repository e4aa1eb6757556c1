package dev.driftgate.core.metrics;

/** rouge_score 0.1.2 {@code scoring.fmeasure}: 2PR/(P+R), and 0.0 when P+R is 0. */
final class RougeFMeasure {

    private RougeFMeasure() {
    }

    static Prf of(double precision, double recall) {
        double f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
        return new Prf(precision, recall, f);
    }
}
