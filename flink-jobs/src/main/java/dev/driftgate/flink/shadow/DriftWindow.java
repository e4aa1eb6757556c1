package dev.driftgate.flink.shadow;

/**
 * One event-time tumbling window of evals for (shadowModel, category): a drift_windows row.
 * Means and percentiles are over evals the judge could score; NaN when there were none. {@code sdDelta}
 * (sample standard deviation of the deltas, NaN below two) is what the CUSUM detector weighs a window's
 * mean by; it is not a drift_windows column.
 */
public record DriftWindow(String shadowModel, String category, long windowStart, long windowEnd, int n,
                          double meanProd, double meanShadow, double meanDelta,
                          double p10Delta, double p50Delta, double p90Delta, double judgeFailureRate,
                          double sdDelta) {

    /** A window without the deltas' standard deviation (NaN): the CUSUM then estimates it from p10/p90. */
    public DriftWindow(String shadowModel, String category, long windowStart, long windowEnd, int n,
                       double meanProd, double meanShadow, double meanDelta,
                       double p10Delta, double p50Delta, double p90Delta, double judgeFailureRate) {
        this(shadowModel, category, windowStart, windowEnd, n, meanProd, meanShadow, meanDelta, p10Delta, p50Delta,
                p90Delta, judgeFailureRate, Double.NaN);
    }

    public String key() {
        return shadowModel + "|" + category;
    }
}
