package dev.driftgate.cli.bench.decisions;

import dev.driftgate.flink.shadow.DriftAlert;
import dev.driftgate.flink.shadow.DriftRule;
import dev.driftgate.flink.shadow.DriftTracker;
import dev.driftgate.flink.shadow.DriftWindow;
import dev.driftgate.flink.shadow.WindowStats;
import dev.driftgate.local.sim.VerdictNoise;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The drift detector on simulated shadow traffic: per category, events at a fixed rate; each event's
 * prompt has a true quality q in [0.75, 0.95] for production and q + shift for the candidate, and
 * both answers get a noisy verdict. Events go through the job's own {@link WindowStats} into
 * windows, and the windows through {@link DriftTracker} (the detector's decision logic).
 */
final class DriftScenarios {
    private final VerdictNoise noise;
    private final int eventsPerMinute;
    private final long windowMillis;

    DriftScenarios(VerdictNoise noise, int eventsPerMinute, long windowMillis) {
        this.noise = noise;
        this.eventsPerMinute = eventsPerMinute;
        this.windowMillis = windowMillis;
    }

    /** Alerts raised over {@code days} of unchanged traffic in each of {@code categories} categories. */
    long falseAlerts(DriftRule rule, int categories, double days, SplittableRandom r) {
        long alerts = 0;
        long windows = (long) (days * 86_400_000L / windowMillis);
        for (int c = 0; c < categories; c++) {
            DriftTracker tracker = new DriftTracker(rule);
            DriftTracker.State state = DriftTracker.State.EMPTY;
            for (long w = 0; w < windows; w++) {
                DriftTracker.Step step = tracker.onWindow(state, window("c" + c, w, 0, r), 0);
                state = step.next();
                if (step.alert() != null && DriftAlert.ALERT.equals(step.alert().kind())) {
                    alerts++;
                }
            }
        }
        return alerts;
    }

    /**
     * Minutes from the start of a drop of {@code shift} in mean delta to the first window the detector
     * is alerting on, after {@code warmupHours} of unchanged traffic; NaN when not detected within
     * {@code maxHours}.
     */
    double minutesToDetect(DriftRule rule, double shift, double warmupHours, double maxHours, SplittableRandom r) {
        DriftTracker tracker = new DriftTracker(rule);
        DriftTracker.State state = DriftTracker.State.EMPTY;
        long warm = (long) (warmupHours * 3_600_000L / windowMillis);
        long total = warm + (long) (maxHours * 3_600_000L / windowMillis);
        for (long w = 0; w < total; w++) {
            boolean drifted = w >= warm;
            state = tracker.onWindow(state, window("c", w, drifted ? shift : 0, r), 0).next();
            if (drifted && state.alerting()) {
                return (w - warm + 1) * windowMillis / 60_000.0;
            }
        }
        return Double.NaN;
    }

    private DriftWindow window(String category, long index, double shift, SplittableRandom r) {
        WindowStats stats = new WindowStats();
        long events = Math.round(eventsPerMinute * windowMillis / 60_000.0);
        for (long e = 0; e < events; e++) {
            double q = 0.75 + 0.20 * r.nextDouble();
            stats.add(noise.apply(q, r), noise.apply(q + shift, r), false);
        }
        long start = index * windowMillis;
        return stats.toWindow("sim/candidate", category, start, start + windowMillis);
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        copy.sort(Double::compare);
        return copy;
    }
}
