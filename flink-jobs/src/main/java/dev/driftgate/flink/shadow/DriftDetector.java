package dev.driftgate.flink.shadow;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per (shadow model, category): keeps the last {@code windowsInMean} scored windows and raises an
 * alert when {@link DriftRule} fires, at most one per cooldown, and a recovery when it clears.
 *
 * <p>The cooldown runs on event time (window ends), not processing time: replaying a backlog after
 * an outage or restoring a savepoint then gives the same alerts as the live run did, instead of
 * one alert per wall-clock hour of catch-up (or none), and it is testable without sleeping.
 *
 * <p>State is cleared by an event-time timer when a key has had no window for
 * max(cooldown, windowsInMean x window size): a model or category that stops receiving traffic
 * leaves nothing behind.
 */
public final class DriftDetector extends KeyedProcessFunction<String, DriftWindow, DriftAlert> {
    private final DriftRule rule;

    private transient ListState<DriftWindow> recent;
    private transient ValueState<Boolean> alerting;
    private transient ValueState<Long> lastAlertEnd;
    private transient ValueState<Long> cleanupTimer;

    public DriftDetector(DriftRule rule) {
        this.rule = rule;
    }

    @Override
    public void open(OpenContext openContext) {
        recent = getRuntimeContext().getListState(
                new ListStateDescriptor<>("recent-windows", TypeInformation.of(DriftWindow.class)));
        alerting = getRuntimeContext().getState(new ValueStateDescriptor<>("alerting", Types.BOOLEAN));
        lastAlertEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("last-alert-window-end", Types.LONG));
        cleanupTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
    }

    @Override
    public void processElement(DriftWindow w, Context ctx, Collector<DriftAlert> out) throws Exception {
        rescheduleCleanup(w, ctx);
        if (Double.isNaN(w.meanShadow()) || Double.isNaN(w.meanDelta())) {
            return; // the judge scored nothing in this window: no evidence either way
        }
        List<DriftWindow> last = new ArrayList<>();
        for (DriftWindow old : recent.get()) {
            last.add(old);
        }
        last.add(w);
        while (last.size() > rule.windowsInMean()) {
            last.remove(0);
        }
        recent.update(last);
        if (last.size() < rule.windowsInMean()) {
            return;
        }
        DriftRule.Verdict v = rule.evaluate(last);
        boolean wasAlerting = Boolean.TRUE.equals(alerting.value());
        if (v.drifting() && !wasAlerting) {
            Long previous = lastAlertEnd.value();
            if (previous == null || w.windowEnd() - previous >= rule.cooldownMillis()) {
                out.collect(new DriftAlert(w.shadowModel(), w.category(), DriftAlert.ALERT,
                        v.meanShadow() < rule.threshold() ? v.meanShadow() : v.meanDelta(),
                        v.meanShadow() < rule.threshold() ? rule.threshold() : rule.maxMeanDeltaDrop(),
                        v.reason(), w.windowEnd(), System.currentTimeMillis()));
                lastAlertEnd.update(w.windowEnd());
                alerting.update(true);
            }
            // inside the cooldown: suppressed, and not marked alerting, so it fires once the cooldown ends
        } else if (!v.drifting() && wasAlerting) {
            out.collect(new DriftAlert(w.shadowModel(), w.category(), DriftAlert.RECOVERY, v.meanShadow(),
                    rule.threshold(), String.format(java.util.Locale.ROOT,
                    "recovered: mean shadow score %.3f, mean delta %.3f over the last %d windows",
                    v.meanShadow(), v.meanDelta(), last.size()), w.windowEnd(), System.currentTimeMillis()));
            alerting.clear();
        }
    }

    private void rescheduleCleanup(DriftWindow w, Context ctx) throws Exception {
        Long old = cleanupTimer.value();
        if (old != null) {
            ctx.timerService().deleteEventTimeTimer(old);
        }
        long size = Math.max(1, w.windowEnd() - w.windowStart());
        long at = w.windowEnd() + Math.max(rule.cooldownMillis(), rule.windowsInMean() * size);
        ctx.timerService().registerEventTimeTimer(at);
        cleanupTimer.update(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftAlert> out) {
        recent.clear();
        alerting.clear();
        lastAlertEnd.clear();
        cleanupTimer.clear();
    }
}
