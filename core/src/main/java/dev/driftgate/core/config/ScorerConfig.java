package dev.driftgate.core.config;

import java.util.List;
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

    /**
     * @param samples judge.samples: how many times each answer is judged (rubric mode); the verdict is the
     *                mean and scores.json keeps every sample's overall (docs/gate.md "Repeated judging")
     */
    public record JudgeSettings(String model, double temperature, int maxRetries, String rubricTemplateVersion,
                                boolean pairwiseOrderSwap, int samples) {
        /** One sample per answer (the behaviour before judge.samples). */
        public JudgeSettings(String model, double temperature, int maxRetries, String rubricTemplateVersion,
                             boolean pairwiseOrderSwap) {
            this(model, temperature, maxRetries, rubricTemplateVersion, pairwiseOrderSwap, 1);
        }
    }

    public record InferenceSettings(double temperature, int maxTokens, int timeoutSeconds, int maxRetries,
                                    int concurrency, double maxFailedFraction) {
    }

    public record Thresholds(double overall, double perCategoryMin, double regressionAlertDelta) {
    }

    public record MetricWeights(double bertscore, double rougeL, double judgeScore) {
    }

    /** @param embeddingCacheMb bound of the JVM-wide BERTScore token-embedding cache in MiB (0 = off) */
    public record BertScoreSettings(String model, boolean idf, boolean rescaleWithBaseline, String baselineFile,
                                    int batchSize, int embeddingCacheMb) {
    }

    public record RougeSettings(boolean useStemmer) {
    }

    /**
     * @param noiseAware  block a drop only beyond the calibrated noise floor and the bootstrap bound
     *                    (docs/gate.md "Noise-aware gate"; needs baselines/calibration.json)
     * @param confidence  1 - the false-block rate calibration sets the noise floor for, all categories together
     * @param power       the chance calibration's minimum detectable effect is caught with
     */
    public record GateSettings(boolean requireSignificance, int bootstrapResamples, long bootstrapSeed,
                               boolean noiseAware, double confidence, double power) {
        /** The settings before noise awareness (off, 0.95, 0.80). */
        public GateSettings(boolean requireSignificance, int bootstrapResamples, long bootstrapSeed) {
            this(requireSignificance, bootstrapResamples, bootstrapSeed, false, 0.95, 0.80);
        }
    }

    /**
     * @param alertHistory which runs the run alerts average: a run counts when any of its tags matches
     *                     one of these {@code key=value} filters. Default: env=production and branch=main,
     *                     so a pull request's candidate runs can never raise a "production" alert.
     */
    public record TrackingSettings(Map<String, String> defaultTags, int rollingWindowRuns, int alertCooldownMinutes,
                                   List<String> alertHistory) {
        public static final List<String> DEFAULT_ALERT_HISTORY = List.of("env=production", "branch=main");

        public TrackingSettings {
            alertHistory = alertHistory == null || alertHistory.isEmpty() ? DEFAULT_ALERT_HISTORY : List.copyOf(alertHistory);
            for (String filter : alertHistory) {
                if (filter == null || !filter.matches("[^=\\s]+=[^=]+")) {
                    throw new IllegalArgumentException("tracking.alert_history entries must be key=value tag filters, got '"
                            + filter + "'");
                }
            }
        }

        /** Whether a run with {@code tags} belongs to the alert history. */
        public boolean inAlertHistory(Map<String, String> tags) {
            return tags != null && alertHistory.stream().anyMatch(f -> {
                int eq = f.indexOf('=');
                return f.substring(eq + 1).equals(tags.get(f.substring(0, eq)));
            });
        }
    }

    /** USD per one million tokens. */
    public record Price(double input, double output) {
    }
}
