package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ShadowConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything the streaming job needs to know, parsed once from shadow_config.yaml (windows.*,
 * drift.*, judge.mode, store_raw_prompts) plus deployment settings. Immutable and serialisable.
 */
public record ShadowJobOptions(
        Duration windowSize,
        Duration outOfOrderness,
        Duration idleness,
        Duration checkpointInterval,
        ShadowScorer.JudgeMode judgeMode,
        boolean storeRawPrompts,
        DriftRule driftRule,
        int scoringThreads,
        int asyncCapacity,
        Duration scoringTimeout,
        String slackWebhookUrl,
        int slackMaxAttempts,
        long slackBackoffMillis,
        int jdbcBatchSize,
        long jdbcBatchIntervalMs) implements Serializable {

    public static ShadowJobOptions from(ShadowConfig c, String slackWebhookUrl) {
        ShadowConfig.Windows w = c.windows();
        ShadowConfig.Drift d = c.drift();
        return new ShadowJobOptions(
                Duration.ofMinutes(w.sizeMinutes()),
                Duration.ofSeconds(w.allowedOutOfOrdernessSeconds()),
                Duration.ofSeconds(w.idlenessSeconds()),
                Duration.ofSeconds(w.checkpointIntervalSeconds()),
                ShadowScorer.JudgeMode.valueOf(c.judge().mode().toUpperCase(Locale.ROOT)),
                c.storeRawPrompts(),
                new DriftRule(d.threshold(), d.windowsInMean(), d.maxMeanDeltaDrop(),
                        Duration.ofMinutes(d.alertCooldownMinutes()).toMillis()),
                // 64 threads: three blocking model calls per event at ~75 ms cap a pool at threads / 0.075 s
                64, 512, Duration.ofSeconds(120), slackWebhookUrl, 4, 500, 200, 200);
    }

    public ShadowJobOptions withWindowSize(Duration size) {
        return new ShadowJobOptions(size, outOfOrderness, idleness, checkpointInterval, judgeMode, storeRawPrompts,
                driftRule, scoringThreads, asyncCapacity, scoringTimeout, slackWebhookUrl, slackMaxAttempts,
                slackBackoffMillis, jdbcBatchSize, jdbcBatchIntervalMs);
    }

    public ShadowJobOptions withCheckpointInterval(Duration interval) {
        return new ShadowJobOptions(windowSize, outOfOrderness, idleness, interval, judgeMode, storeRawPrompts,
                driftRule, scoringThreads, asyncCapacity, scoringTimeout, slackWebhookUrl, slackMaxAttempts,
                slackBackoffMillis, jdbcBatchSize, jdbcBatchIntervalMs);
    }

    public ShadowJobOptions withScoringThreads(int threads, int capacity) {
        return new ShadowJobOptions(windowSize, outOfOrderness, idleness, checkpointInterval, judgeMode,
                storeRawPrompts, driftRule, threads, capacity, scoringTimeout, slackWebhookUrl, slackMaxAttempts,
                slackBackoffMillis, jdbcBatchSize, jdbcBatchIntervalMs);
    }
}
