package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.core.shadow.CandidateOverrides;
import dev.driftgate.flink.ops.AsyncCallOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the streaming job needs to know, parsed once from shadow_config.yaml (windows.*,
 * drift.*, judge.mode, store_raw_prompts) plus deployment settings. Immutable and serialisable; it
 * holds no secret: {@code slackWebhookVariable} is the NAME of the variable the Slack step reads on the
 * task manager (normally {@link Environment#SLACK_WEBHOOK_URL}; null for no Slack).
 * {@code calls} configures each of the shared async call operators (candidate, judge);
 * {@code overload} the load shedding (overload.*; {@link ShedOptions#OFF} = backpressure only).
 */
public record ShadowJobOptions(
        Duration windowSize,
        Duration outOfOrderness,
        Duration idleness,
        Duration checkpointInterval,
        JudgeMode judgeMode,
        boolean storeRawPrompts,
        DriftRule driftRule,
        AsyncCallOptions calls,
        AgreementOptions agreement,
        String slackWebhookVariable,
        int slackMaxAttempts,
        long slackBackoffMillis,
        int jdbcBatchSize,
        long jdbcBatchIntervalMs,
        Map<String, CandidateOverrides> candidateOverrides,
        ShedOptions overload) implements Serializable {

    public ShadowJobOptions {
        candidateOverrides = candidateOverrides == null ? Map.of() : new HashMap<>(candidateOverrides);
        overload = overload == null ? ShedOptions.OFF : overload;
    }

    /** Without load shedding. */
    public ShadowJobOptions(Duration windowSize, Duration outOfOrderness, Duration idleness,
                            Duration checkpointInterval, JudgeMode judgeMode, boolean storeRawPrompts,
                            DriftRule driftRule, AsyncCallOptions calls, AgreementOptions agreement,
                            String slackWebhookVariable, int slackMaxAttempts, long slackBackoffMillis,
                            int jdbcBatchSize, long jdbcBatchIntervalMs,
                            Map<String, CandidateOverrides> candidateOverrides) {
        this(windowSize, outOfOrderness, idleness, checkpointInterval, judgeMode, storeRawPrompts, driftRule, calls,
                agreement, slackWebhookVariable, slackMaxAttempts, slackBackoffMillis, jdbcBatchSize,
                jdbcBatchIntervalMs, candidateOverrides, ShedOptions.OFF);
    }

    /** Without candidate overrides: every candidate is sent production's request as it was. */
    public ShadowJobOptions(Duration windowSize, Duration outOfOrderness, Duration idleness,
                            Duration checkpointInterval, JudgeMode judgeMode, boolean storeRawPrompts,
                            DriftRule driftRule, AsyncCallOptions calls, AgreementOptions agreement,
                            String slackWebhookVariable, int slackMaxAttempts, long slackBackoffMillis,
                            int jdbcBatchSize, long jdbcBatchIntervalMs) {
        this(windowSize, outOfOrderness, idleness, checkpointInterval, judgeMode, storeRawPrompts, driftRule, calls,
                agreement, slackWebhookVariable, slackMaxAttempts, slackBackoffMillis, jdbcBatchSize,
                jdbcBatchIntervalMs, Map.of());
    }

    /**
     * 64 in-flight calls per operator and subtask (each blocking call holds a thread for its model
     * latency); the timeout is a floor: the job raises it to its clients' retry budget.
     */
    public static AsyncCallOptions defaultCalls() {
        return new AsyncCallOptions(64, 60_000);
    }

    /** Options from shadow_config.yaml, with Slack read from SLACK_WEBHOOK_URL on the task manager. */
    public static ShadowJobOptions from(ShadowConfig c) {
        return from(c, Environment.SLACK_WEBHOOK_URL);
    }

    /** Options for a job watching {@code categories} categories (the CUSUM splits its false-alarm budget). */
    public static ShadowJobOptions from(DriftgateConfig c) {
        return from(c.shadow(), c.dataset().categories().size(), Environment.SLACK_WEBHOOK_URL);
    }

    /** Without the dataset's categories the CUSUM's false-alarm budget is per (model, category). */
    public static ShadowJobOptions from(ShadowConfig c, String slackWebhookVariable) {
        return from(c, 1, slackWebhookVariable);
    }

    public static ShadowJobOptions from(ShadowConfig c, int categories, String slackWebhookVariable) {
        ShadowConfig.Windows w = c.windows();
        ShadowConfig.Drift d = c.drift();
        return new ShadowJobOptions(
                Duration.ofMinutes(w.sizeMinutes()),
                Duration.ofSeconds(w.allowedOutOfOrdernessSeconds()),
                Duration.ofSeconds(w.idlenessSeconds()),
                Duration.ofSeconds(w.checkpointIntervalSeconds()),
                JudgeMode.valueOf(c.judge().mode().toUpperCase(Locale.ROOT)),
                c.storeRawPrompts(),
                new DriftRule(d.threshold(), d.windowsInMean(), d.maxMeanDeltaDrop(),
                        Duration.ofMinutes(d.alertCooldownMinutes()).toMillis(),
                        ShadowConfig.Drift.CUSUM.equals(d.method())
                                ? new CusumRule(d.maxMeanDeltaDrop(), d.falseAlarmDays(), Math.max(1, categories))
                                : null),
                defaultCalls(), AgreementOptions.defaults(), slackWebhookVariable, 4, 500, 200, 200,
                c.candidateOverrides(), ShedOptions.from(c));
    }

    /** Agreement BERTScore on or off (ROUGE-L is always computed). */
    public ShadowJobOptions withBertScore(boolean on) {
        return new ShadowJobOptions(windowSize, outOfOrderness, idleness, checkpointInterval, judgeMode,
                storeRawPrompts, driftRule, calls,
                new AgreementOptions(on, agreement.batchSize(), agreement.maxWaitMs()), slackWebhookVariable,
                slackMaxAttempts, slackBackoffMillis, jdbcBatchSize, jdbcBatchIntervalMs, candidateOverrides, overload);
    }

    /** Load shedding as given (tests, benchmarks). */
    public ShadowJobOptions withOverload(ShedOptions shedding) {
        return new ShadowJobOptions(windowSize, outOfOrderness, idleness, checkpointInterval, judgeMode,
                storeRawPrompts, driftRule, calls, agreement, slackWebhookVariable, slackMaxAttempts,
                slackBackoffMillis, jdbcBatchSize, jdbcBatchIntervalMs, candidateOverrides, shedding);
    }
}
