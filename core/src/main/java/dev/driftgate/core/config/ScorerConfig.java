package dev.driftgate.core.config;

import java.util.Map;

/** config/scorer_config.yaml. */
public record ScorerConfig(
        JudgeSettings judge,
        InferenceSettings inference,
        Thresholds thresholds,
        MetricWeights metricWeights,
        BertScoreSettings bertscore,
        RougeSettings rouge,
        Map<String, Double> categoryWeights,
        GateSettings gate,
        TrackingSettings tracking,
        Map<String, Price> pricing) {

    public record JudgeSettings(String model, double temperature, int maxRetries, String rubricTemplateVersion,
                                boolean pairwiseOrderSwap) {
    }

    public record InferenceSettings(double temperature, int maxTokens, int timeoutSeconds, int maxRetries,
                                    int concurrency, double maxFailedFraction) {
    }

    public record Thresholds(double overall, double perCategoryMin, double regressionAlertDelta) {
    }

    public record MetricWeights(double bertscore, double rougeL, double judgeScore) {
    }

    public record BertScoreSettings(String model, boolean idf, boolean rescaleWithBaseline, String baselineFile,
                                    int batchSize) {
    }

    public record RougeSettings(boolean useStemmer) {
    }

    public record GateSettings(boolean requireSignificance, int bootstrapResamples, long bootstrapSeed) {
    }

    public record TrackingSettings(Map<String, String> defaultTags, int rollingWindowRuns, int alertCooldownMinutes) {
    }

    /** USD per one million tokens. */
    public record Price(double input, double output) {
    }
}
