package dev.driftgate.flink.shadow;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Items become evals; dead letters (inference failures, judge failures) go to the DLQ side output.
 * An eval whose tumbling window has already fired (window end - 1 <= the watermark here) is marked
 * late: it is still written and counted, and kept out of the windows. The window operator downstream
 * sees at most this watermark when the element reaches it (watermarks and elements keep their order
 * per channel, and it takes the minimum over channels), so an eval not marked late is never dropped
 * there, and every late one is flagged, never silently lost from its window.
 * Metrics: {@code scored}, {@code failedInference} (no answer: dead letter only), {@code failedJudge}
 * (an eval with judge_failed, also dead-lettered), {@code deadLettered}, and {@code late}.
 */
public final class SplitScored extends ProcessFunction<ShadowItem, ScoredEvent> {
    private final boolean keepPrompt;
    private final long windowSizeMs;
    private transient Counter scored;
    private transient Counter failedInference;
    private transient Counter failedJudge;
    private transient Counter deadLettered;
    private transient Counter late;

    public SplitScored(boolean keepPrompt, long windowSizeMs) {
        this.keepPrompt = keepPrompt;
        this.windowSizeMs = windowSizeMs;
    }

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup();
        scored = group.counter("scored");
        failedInference = group.counter("failedInference");
        failedJudge = group.counter("failedJudge");
        deadLettered = group.counter("deadLettered");
        late = group.counter("late");
    }

    @Override
    public void processElement(ShadowItem item, Context ctx, Collector<ScoredEvent> out) {
        ScoredEvent s = item.toScored(keepPrompt);
        if (s.deadLetter() != null) {
            deadLettered.inc();
            ctx.output(ParseShadowEvents.DEAD_LETTERS, s.deadLetter());
        }
        if (s.eval() == null) {
            failedInference.inc();
            return;
        }
        if (s.eval().judgeFailed()) {
            failedJudge.inc();
        } else {
            scored.inc();
        }
        if (late(s.eval().ts(), ctx.timerService().currentWatermark())) {
            late.inc();
            out.collect(s.asLate());
        } else {
            out.collect(s);
        }
    }

    /** The same rule as Flink's tumbling event-time windows with zero allowed lateness. */
    boolean late(long ts, long watermark) {
        long windowStart = ts - Math.floorMod(ts, windowSizeMs);
        return windowStart + windowSizeMs - 1 <= watermark;
    }
}
