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
        Retention retention,
        Overload overload) {

    public ShadowConfig {
        candidateOverrides = candidateOverrides == null ? Map.of() : Map.copyOf(candidateOverrides);
    }

    /** Without an overload section: no load shedding (the job answers overload with backpressure). */
    public ShadowConfig(double shadowPct, String routing, String candidateModel, String productionModel,
                        int maxPromptBytes, boolean storeRawPrompts, Kafka kafka, Judge judge, Windows windows,
                        Drift drift, Promotion promotion, Map<String, CandidateOverrides> candidateOverrides,
                        Retention retention) {
        this(shadowPct, routing, candidateModel, productionModel, maxPromptBytes, storeRawPrompts, kafka, judge,
                windows, drift, promotion, candidateOverrides, retention, Overload.OFF);
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

    /**
     * @param method          {@code window_mean} (the mean of the last windows against the limits, re-checked
     *                        every window) or {@code cusum} (a CUSUM on the mean delta with a stated false-alarm
     *                        rate; docs/stream.md)
     * @param falseAlarmDays  cusum: expected days between false alarms over all categories together
     */
    public record Drift(double threshold, int windowsInMean, double maxMeanDeltaDrop, int alertCooldownMinutes,
                        String method, double falseAlarmDays) {
        public static final String WINDOW_MEAN = "window_mean";
        public static final String CUSUM = "cusum";

        /** The rule before methods were selectable (window_mean). */
        public Drift(double threshold, int windowsInMean, double maxMeanDeltaDrop, int alertCooldownMinutes) {
            this(threshold, windowsInMean, maxMeanDeltaDrop, alertCooldownMinutes, WINDOW_MEAN, 30);
        }
    }

    /**
     * How long shadow data is kept: {@code shadowDays} for shadow_evals and its dead-letter rows (and the
     * Kafka topics driftgate creates), {@code responseCacheDays} for response_cache rows.
     * Enforced by {@code driftgate store prune} (cron) and, with TimescaleDB, a retention policy.
     */
    public record Retention(int shadowDays, int responseCacheDays) {
    }

    /**
     * @param method {@code fixed_ci} (a 95% normal interval re-checked at every look) or
     *               {@code confidence_sequence} (an always-valid interval at level alpha, Bonferroni across
     *               categories; docs/stream.md)
     * @param alpha  confidence_sequence: the chance of a wrong PROMOTE (or of a wrong BLOCK) over the whole
     *               campaign, however often the report is looked at
     */
    public record Promotion(int minSamples, double maxAllowedDrop, boolean requireCiClear, String method,
                            double alpha) {
        public static final String FIXED_CI = "fixed_ci";
        public static final String CONFIDENCE_SEQUENCE = "confidence_sequence";

        /** The rule before methods were selectable (fixed_ci). */
        public Promotion(int minSamples, double maxAllowedDrop, boolean requireCiClear) {
            this(minSamples, maxAllowedDrop, requireCiClear, FIXED_CI, 0.05);
        }

        public Promotion withMinSamples(int n) {
            return new Promotion(n, maxAllowedDrop, requireCiClear, method, alpha);
        }
    }

    /**
     * What the streaming job does when scoring falls behind (docs/stream.md "Under overload").
     *
     * @param shed               {@code true}: lower the effective sample rate (same keyed hash, per category)
     *                           while the event lag is over {@code targetLagSeconds}, recording every shed event;
     *                           {@code false}: backpressure only (Kafka keeps the backlog)
     * @param targetLagSeconds   event lag (processing time - event ts where scoring starts) above which the job
     *                           is overloaded
     * @param adjustEverySeconds how often the keep fraction is adjusted to the lag (and the day's spend re-read)
     * @param dailyBudgetUsd     what the job's model calls may cost per UTC day (the cost_usd of today's
     *                           shadow_evals rows); over the day's pace the keep fraction is capped so the
     *                           sample rate falls instead of calls failing. 0 (default): no budget. Works
     *                           with {@code shed} false too: only the lag-based shedding is off then
     */
    public record Overload(boolean shed, int targetLagSeconds, int adjustEverySeconds, double dailyBudgetUsd) {
        public static final Overload OFF = new Overload(false, 30, 5, 0);

        /** Without a spend budget. */
        public Overload(boolean shed, int targetLagSeconds, int adjustEverySeconds) {
            this(shed, targetLagSeconds, adjustEverySeconds, 0);
        }
    }
}
