package dev.driftgate.core.report;

/**
 * Shadow traffic of one candidate model in one category over the report's window: mean production
 * and shadow scores, delta percentiles, volume and judge failure rate. Means are null without scored rows.
 */
public record ShadowCategory(String category, String shadowModel, long sampled, Double meanProd, Double meanShadow,
                             Double p10Delta, Double p50Delta, Double p90Delta, double judgeFailureRate) {
}
