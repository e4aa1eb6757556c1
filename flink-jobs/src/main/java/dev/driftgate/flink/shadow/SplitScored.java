package dev.driftgate.flink.shadow;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Evals go on; dead letters (inference failures, judge failures) go to the DLQ side output. */
public final class SplitScored extends ProcessFunction<ScoredEvent, ScoredEvent> {
    @Override
    public void processElement(ScoredEvent s, Context ctx, Collector<ScoredEvent> out) {
        if (s.deadLetter() != null) {
            ctx.output(ParseShadowEvents.DEAD_LETTERS, s.deadLetter());
        }
        if (s.eval() != null) {
            out.collect(s);
        }
    }
}
