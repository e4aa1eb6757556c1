package dev.driftgate.flink.shadow;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Items become evals; dead letters (inference failures, judge failures) go to the DLQ side output. */
public final class SplitScored extends ProcessFunction<ShadowItem, ScoredEvent> {
    private final boolean keepPrompt;

    public SplitScored(boolean keepPrompt) {
        this.keepPrompt = keepPrompt;
    }

    @Override
    public void processElement(ShadowItem item, Context ctx, Collector<ScoredEvent> out) {
        ScoredEvent s = item.toScored(keepPrompt);
        if (s.deadLetter() != null) {
            ctx.output(ParseShadowEvents.DEAD_LETTERS, s.deadLetter());
        }
        if (s.eval() != null) {
            out.collect(s);
        }
    }
}
