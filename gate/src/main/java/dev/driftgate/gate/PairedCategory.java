package dev.driftgate.gate;

import java.util.List;

/**
 * One category's examples scored on both sides, aligned by example id (index i of {@code baseline}
 * and {@code current} belong to {@code ids.get(i)}). Plain arrays so the bootstrap runs on primitives.
 *
 * @param onlyInBaseline examples of this category that only the baseline scored
 * @param onlyInCurrent  examples of this category that only the current run scored
 * @param failedOnEitherSide shared ids left out because one side failed to score them
 */
public record PairedCategory(
        String category,
        List<String> ids,
        double[] baseline,
        double[] current,
        int onlyInBaseline,
        int onlyInCurrent,
        int failedOnEitherSide) {

    public int size() {
        return ids.size();
    }

    public double baselineMean() {
        return mean(baseline);
    }

    public double currentMean() {
        return mean(current);
    }

    /** Per-example differences, current minus baseline. */
    public double[] deltas() {
        double[] d = new double[current.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = current[i] - baseline[i];
        }
        return d;
    }

    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
