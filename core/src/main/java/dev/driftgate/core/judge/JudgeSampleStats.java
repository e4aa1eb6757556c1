package dev.driftgate.core.judge;

import java.util.List;

/**
 * What repeated judging says about one example: the mean and spread of its samples' overall scores and
 * whether the verdict flips, i.e. some samples pass (overall >= 0.5) and others do not.
 */
public record JudgeSampleStats(int samples, double mean, double sd, boolean flips) {
    public static final double PASS_MARK = 0.5;

    /** Null when the verdict has fewer than two samples. */
    public static JudgeSampleStats of(JudgeVerdict v) {
        List<Double> xs = v == null ? null : v.sampleOveralls();
        if (xs == null || xs.size() < 2) {
            return null;
        }
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        boolean pass = false;
        boolean fail = false;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
            pass |= x >= PASS_MARK;
            fail |= x < PASS_MARK;
        }
        return new JudgeSampleStats(xs.size(), mean, Math.sqrt(ss / (xs.size() - 1)), pass && fail);
    }
}
