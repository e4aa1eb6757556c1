package dev.driftgate.flink.shadow;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Items become evals; dead letters (inference failures, judge failures) go to the DLQ side output.
 * An eval whose tumbling window has already fired (window end - 1 <= the watermark here) is marked
 * late: it is still written and counted, and kept out of the windows. The window operator downstream
 * sees at most this watermark when the element reaches it (watermarks and elements keep their order
 * per channel, and it takes the minimum over channels), so an eval not marked late is never dropped
 * there, and every late one is flagged, never silently lost from its window.
 */
public final class SplitScored extends ProcessFunction<ShadowItem, ScoredEvent> {
    private final boolean keepPrompt;
    private final long windowSizeMs;

    public SplitScored(boolean keepPrompt, long windowSizeMs) {
        this.keepPrompt = keepPrompt;
        this.windowSizeMs = windowSizeMs;
    }

    @Override
    public void processElement(ShadowItem item, Context ctx, Collector<ScoredEvent> out) {
        ScoredEvent s = item.toScored(keepPrompt);
        if (s.deadLetter() != null) {
            ctx.output(ParseShadowEvents.DEAD_LETTERS, s.deadLetter());
        }
        if (s.eval() != null) {
            out.collect(late(s.eval().ts(), ctx.timerService().currentWatermark()) ? s.asLate() : s);
        }
    }

    /** The same rule as Flink's tumbling event-time windows with zero allowed lateness. */
    boolean late(long ts, long watermark) {
        long windowStart = ts - Math.floorMod(ts, windowSizeMs);
        return windowStart + windowSizeMs - 1 <= watermark;
    }
}
