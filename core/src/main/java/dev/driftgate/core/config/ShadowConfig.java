package dev.driftgate.core.config;

/** config/shadow_config.yaml. */
public record ShadowConfig(
        double shadowPct,
        String routing,
        String candidateModel,
        String productionModel,
        int maxPromptBytes,
        boolean storeRawPrompts,
        Kafka kafka,
        Judge judge,
        Windows windows,
        Drift drift,
        Promotion promotion) {

    public record Kafka(String requestsTopic, String dlqTopic) {
    }

    public record Judge(String mode) {
    }

    public record Windows(int sizeMinutes, int allowedOutOfOrdernessSeconds, int idlenessSeconds,
                          int checkpointIntervalSeconds) {
    }

    public record Drift(double threshold, int windowsInMean, double maxMeanDeltaDrop, int alertCooldownMinutes) {
    }

    public record Promotion(int minSamples, double maxAllowedDrop, boolean requireCiClear) {
    }
}
