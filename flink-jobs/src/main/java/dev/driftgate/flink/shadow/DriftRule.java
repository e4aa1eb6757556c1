package dev.driftgate.flink.shadow;

import java.io.Serializable;
import java.util.List;

/**
 * The drift condition, plain Java: over the last {@code windowsInMean} windows, the mean shadow score
 * is below {@code threshold} or the mean delta is below {@code maxMeanDeltaDrop} (a negative number).
 * Windows where the judge scored nothing (NaN means) are skipped. {@code cusum} (null for drift.method
 * window_mean) replaces the mean-delta part by a CUSUM with a stated false-alarm rate ({@link DriftTracker}).
 */
public record DriftRule(double threshold, int windowsInMean, double maxMeanDeltaDrop, long cooldownMillis,
                        CusumRule cusum) implements Serializable {

    /** The window_mean method (no CUSUM). */
    public DriftRule(double threshold, int windowsInMean, double maxMeanDeltaDrop, long cooldownMillis) {
        this(threshold, windowsInMean, maxMeanDeltaDrop, cooldownMillis, null);
    }

    /** Null when the condition holds cleanly; otherwise why it fires. */
    public record Verdict(boolean drifting, double meanShadow, double meanDelta, String reason) {
    }

    public Verdict evaluate(List<DriftWindow> lastWindows) {
        double shadow = lastWindows.stream().mapToDouble(DriftWindow::meanShadow).average().orElse(Double.NaN);
        double delta = lastWindows.stream().mapToDouble(DriftWindow::meanDelta).average().orElse(Double.NaN);
        if (shadow < threshold) {
            return new Verdict(true, shadow, delta, String.format(java.util.Locale.ROOT,
                    "mean shadow score %.3f over the last %d windows is below the threshold %.3f",
                    shadow, lastWindows.size(), threshold));
        }
        if (delta < maxMeanDeltaDrop) {
            return new Verdict(true, shadow, delta, String.format(java.util.Locale.ROOT,
                    "mean delta %.3f (shadow - prod) over the last %d windows is below %.3f",
                    delta, lastWindows.size(), maxMeanDeltaDrop));
        }
        return new Verdict(false, shadow, delta, null);
    }
}
