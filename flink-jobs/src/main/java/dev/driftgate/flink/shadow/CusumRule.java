package dev.driftgate.flink.shadow;

import java.io.Serializable;

/**
 * Page's CUSUM on the windows' mean delta (shadow - prod), for a drop from 0 to {@code shift}
 * (drift.max_mean_delta_drop, negative). Each window adds its Gaussian log-likelihood ratio
 * (s·|shift| / sd²)·(-meanDelta - |shift|/2), where s is the window's scored count and sd its
 * deltas' spread; the statistic is floored at 0 and alarms at h = ln(ARL0), ARL0 being the expected
 * number of windows between false alarms of one (model, category): drift.false_alarm_days of windows
 * times the number of categories, so all categories together raise about one false alarm in that
 * many days (Lorden's bound ARL0 >= e^h makes this conservative).
 *
 * <p>Why CUSUM: it accumulates small consistent drops across windows instead of re-testing a fixed
 * window at every step, so it is both quicker to a real drop and quieter on noise than "mean of the
 * last three windows below the limit", and its false-alarm rate is stated up front.
 *
 * <p>The spread is each window's standard deviation of deltas (or, for a window without it, (p90 - p10) /
 * 2.563, exact only for normal deltas: judge deltas have a spike of ties at 0, where it underestimates
 * and the false-alarm rate rose to 1.5 per 30 days), pooled over the last windows_in_mean windows,
 * floored at {@link #MIN_SD}: a window of near-identical deltas must not make a
 * tiny difference look like overwhelming evidence.
 *
 * @param shift            the mean delta to detect (negative)
 * @param falseAlarmDays   days between false alarms over all categories
 * @param categories       categories monitored (the Bonferroni-style split of the false-alarm budget)
 */
public record CusumRule(double shift, double falseAlarmDays, int categories) implements Serializable {
    public static final double MIN_SD = 0.05;
    private static final double IQR80_TO_SD = 2.5631;
    private static final long DAY_MS = 86_400_000L;

    public CusumRule {
        if (!(shift < 0)) {
            throw new IllegalArgumentException("shift must be negative, was " + shift);
        }
        if (!(falseAlarmDays > 0) || categories < 1) {
            throw new IllegalArgumentException("falseAlarmDays must be > 0 and categories >= 1");
        }
    }

    /** Alarm threshold for windows of this length. */
    public double threshold(long windowMillis) {
        double windows = falseAlarmDays * DAY_MS / Math.max(1, windowMillis) * categories;
        return Math.log(Math.max(windows, Math.E));
    }

    /**
     * The statistic after window {@code w} (NaN windows leave it unchanged); {@code recent} are the last
     * scored windows including {@code w}, whose spreads are pooled: one window's spread from 50 deltas
     * is off by ~15%, and an underestimate inflates every increment, so the false-alarm rate would be
     * above the stated one.
     */
    public double update(double statistic, DriftWindow w, java.util.List<DriftWindow> recent) {
        double scored = scored(w);
        if (Double.isNaN(w.meanDelta()) || scored < 1) {
            return statistic;
        }
        double varSum = 0;
        double weight = 0;
        for (DriftWindow x : recent) {
            double n = scored(x);
            if (n >= 1 && !Double.isNaN(x.p10Delta())) {
                double sd = Double.isNaN(x.sdDelta()) ? (x.p90Delta() - x.p10Delta()) / IQR80_TO_SD : x.sdDelta();
                varSum += n * sd * sd;
                weight += n;
            }
        }
        double sd = weight == 0 ? MIN_SD : Math.max(MIN_SD, Math.sqrt(varSum / weight));
        double d = -shift;
        double llr = scored * d / (sd * sd) * (-w.meanDelta() - d / 2);
        return Math.max(0, statistic + llr);
    }

    private static double scored(DriftWindow w) {
        return Math.round(w.n() * (1 - w.judgeFailureRate()));
    }
}
