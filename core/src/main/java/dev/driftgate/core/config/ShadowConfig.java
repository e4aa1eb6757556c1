package dev.driftgate.core.config;

import dev.driftgate.core.shadow.CandidateOverrides;
import java.time.Duration;
import java.util.Map;

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
        Promotion promotion,
        Map<String, CandidateOverrides> candidateOverrides,
        Retention retention) {

    public ShadowConfig {
        candidateOverrides = candidateOverrides == null ? Map.of() : Map.copyOf(candidateOverrides);
    }

    /** The explicit overrides for this candidate model, or {@link CandidateOverrides#NONE}. */
    public CandidateOverrides overridesFor(String candidate) {
        return candidateOverrides.getOrDefault(candidate, CandidateOverrides.NONE);
    }

    public record Kafka(String requestsTopic, String dlqTopic) {
    }

    public record Judge(String mode) {
    }

    /**
     * Event-time windows. {@code maxFutureSkew} and {@code maxEventAge} bound an event's ts against
     * the clock when it is parsed: beyond them the event is dead-lettered before it can move the
     * watermark (one ts ten years ahead fired every open window early and made every later event late).
     */
    public record Windows(int sizeMinutes, int allowedOutOfOrdernessSeconds, int idlenessSeconds,
                          int checkpointIntervalSeconds, Duration maxFutureSkew, Duration maxEventAge) {
    }

    public record Drift(double threshold, int windowsInMean, double maxMeanDeltaDrop, int alertCooldownMinutes) {
    }

    /**
     * How long shadow data is kept: {@code shadowDays} for shadow_evals and its dead-letter rows (and the
     * Kafka topics driftgate creates), {@code responseCacheDays} for response_cache rows.
     * Enforced by {@code driftgate store prune} (cron) and, with TimescaleDB, a retention policy.
     */
    public record Retention(int shadowDays, int responseCacheDays) {
    }

    public record Promotion(int minSamples, double maxAllowedDrop, boolean requireCiClear) {
    }
}
