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
 * alert when {@link DriftRule} fires (or, with drift.method cusum, the {@link CusumRule}), at most one
 * per cooldown, and a recovery when it clears. The decisions are {@link DriftTracker}'s (plain Java,
 * shared with the decision harness); this class only keeps its state in Flink.
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
    private final DriftTracker tracker;

    private transient ListState<DriftWindow> recent;
    private transient ValueState<Boolean> alerting;
    private transient ValueState<Long> lastAlertEnd;
    private transient ValueState<Long> cleanupTimer;
    private transient ValueState<Double> cusum;

    public DriftDetector(DriftRule rule) {
        this.rule = rule;
        this.tracker = new DriftTracker(rule);
    }

    @Override
    public void open(OpenContext openContext) {
        recent = getRuntimeContext().getListState(
                new ListStateDescriptor<>("recent-windows", TypeInformation.of(DriftWindow.class)));
        alerting = getRuntimeContext().getState(new ValueStateDescriptor<>("alerting", Types.BOOLEAN));
        lastAlertEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("last-alert-window-end", Types.LONG));
        cleanupTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
        cusum = getRuntimeContext().getState(new ValueStateDescriptor<>("cusum", Types.DOUBLE));
    }

    @Override
    public void processElement(DriftWindow w, Context ctx, Collector<DriftAlert> out) throws Exception {
        rescheduleCleanup(w, ctx);
        List<DriftWindow> last = new ArrayList<>();
        for (DriftWindow old : recent.get()) {
            last.add(old);
        }
        Double statistic = cusum.value();
        DriftTracker.State before = new DriftTracker.State(last, Boolean.TRUE.equals(alerting.value()),
                lastAlertEnd.value(), statistic == null ? 0 : statistic);
        DriftTracker.Step step = tracker.onWindow(before, w, System.currentTimeMillis());
        DriftTracker.State after = step.next();
        recent.update(after.recent());
        if (after.alerting()) {
            alerting.update(true);
        } else {
            alerting.clear();
        }
        if (after.lastAlertEnd() != null) {
            lastAlertEnd.update(after.lastAlertEnd());
        }
        cusum.update(after.cusum());
        if (step.alert() != null) {
            out.collect(step.alert());
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
        cusum.clear();
    }
}
