package dev.driftgate.flink.shadow;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Items become evals; dead letters (inference failures, judge failures) go to the DLQ side output.
 * Metrics: {@code scored}, {@code failedInference} (no answer: dead letter only), {@code failedJudge}
 * (an eval with judge_failed, also dead-lettered), {@code deadLettered}, and {@code late}: evals
 * whose event time is already behind the watermark here, so they are written to shadow_evals but
 * miss their window if it has fired.
 */
public final class SplitScored extends ProcessFunction<ShadowItem, ScoredEvent> {
    private final boolean keepPrompt;
    private transient Counter scored;
    private transient Counter failedInference;
    private transient Counter failedJudge;
    private transient Counter deadLettered;
    private transient Counter late;

    public SplitScored(boolean keepPrompt) {
        this.keepPrompt = keepPrompt;
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
        Long ts = ctx.timestamp();
        if (ts != null && ts <= ctx.timerService().currentWatermark()) {
            late.inc();
        }
        out.collect(s);
    }
}
