package dev.driftgate.flink.shadow;

/**
 * One event-time tumbling window of evals for (shadowModel, category): a drift_windows row.
 * Means and percentiles are over evals the judge could score; NaN when there were none.
 */
public record DriftWindow(String shadowModel, String category, long windowStart, long windowEnd, int n,
                          double meanProd, double meanShadow, double meanDelta,
                          double p10Delta, double p50Delta, double p90Delta, double judgeFailureRate) {

    public String key() {
        return shadowModel + "|" + category;
    }
}
