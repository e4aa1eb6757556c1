package dev.driftgate.flink.shadow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drift detector's decisions for one (shadow model, category), plain Java: {@link DriftDetector}
 * keeps the state in Flink and calls this, and the decision harness ({@code driftgate bench
 * decisions}) calls it directly, so both run the same rule.
 *
 * <p>Drifting means {@link DriftRule} fires over the last windows_in_mean windows ({@code window_mean},
 * the original method) or, with a {@link CusumRule}, the CUSUM on the mean delta reached its threshold
 * or the last windows' mean shadow score is below drift.threshold. An alert goes out when drifting
 * starts and no alert went out in the last cooldown (window-end time); a recovery when it ends. With
 * CUSUM, drifting ends when the statistic has fallen back to 0 (the drop is no longer supported).
 */
public final class DriftTracker implements Serializable {
    /** What one key remembers between windows. */
    public record State(List<DriftWindow> recent, boolean alerting, Long lastAlertEnd, double cusum) {
        public static final State EMPTY = new State(List.of(), false, null, 0);

        public State {
            recent = List.copyOf(recent);
        }
    }

    /** The next state and the alert or recovery to send (null: none). */
    public record Step(State next, DriftAlert alert) {
    }

    private final DriftRule rule;
    private final CusumRule cusum;

    public DriftTracker(DriftRule rule) {
        this.rule = rule;
        this.cusum = rule.cusum();
    }

    public Step onWindow(State s, DriftWindow w, long nowMillis) {
        if (Double.isNaN(w.meanShadow()) || Double.isNaN(w.meanDelta())) {
            return new Step(s, null); // the judge scored nothing in this window: no evidence either way
        }
        List<DriftWindow> last = new ArrayList<>(s.recent());
        last.add(w);
        while (last.size() > rule.windowsInMean()) {
            last.remove(0);
        }
        double statistic = cusum == null ? 0 : cusum.update(s.cusum(), w, last);
        boolean full = last.size() >= rule.windowsInMean();
        if (cusum == null && !full) {
            return new Step(new State(last, s.alerting(), s.lastAlertEnd(), statistic), null);
        }
        DriftRule.Verdict v = full ? rule.evaluate(last) : null;
        boolean drifting;
        String reason;
        if (cusum == null) {
            drifting = v.drifting();
            reason = v.reason();
        } else {
            double h = cusum.threshold(w.windowEnd() - w.windowStart());
            boolean cusumFires = s.alerting() ? statistic > 0 : statistic >= h;
            boolean lowShadow = v != null && v.meanShadow() < rule.threshold();
            drifting = cusumFires || lowShadow;
            reason = lowShadow ? v.reason() : fmt("CUSUM %.1f reached %.1f: the mean delta has dropped towards %.3f "
                    + "(false-alarm rate: one per %.0f days over all categories)", statistic, h, cusum.shift(),
                    cusum.falseAlarmDays());
        }
        double meanShadow = v != null ? v.meanShadow() : w.meanShadow();
        double meanDelta = v != null ? v.meanDelta() : w.meanDelta();
        if (drifting && !s.alerting()) {
            Long previous = s.lastAlertEnd();
            if (previous == null || w.windowEnd() - previous >= rule.cooldownMillis()) {
                boolean byShadow = meanShadow < rule.threshold();
                DriftAlert alert = new DriftAlert(w.shadowModel(), w.category(), DriftAlert.ALERT,
                        byShadow ? meanShadow : meanDelta, byShadow ? rule.threshold() : rule.maxMeanDeltaDrop(),
                        reason, w.windowEnd(), nowMillis);
                return new Step(new State(last, true, w.windowEnd(), statistic), alert);
            }
            // inside the cooldown: suppressed, and not marked alerting, so it fires once the cooldown ends
            return new Step(new State(last, false, previous, statistic), null);
        }
        if (!drifting && s.alerting()) {
            DriftAlert recovery = new DriftAlert(w.shadowModel(), w.category(), DriftAlert.RECOVERY, meanShadow,
                    rule.threshold(), fmt("recovered: mean shadow score %.3f, mean delta %.3f over the last %d windows",
                    meanShadow, meanDelta, last.size()), w.windowEnd(), nowMillis);
            return new Step(new State(last, false, s.lastAlertEnd(), statistic), recovery);
        }
        return new Step(new State(last, s.alerting(), s.lastAlertEnd(), statistic), null);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
