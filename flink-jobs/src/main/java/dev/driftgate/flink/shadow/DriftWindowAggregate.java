package dev.driftgate.flink.shadow;

import dev.driftgate.core.shadow.ShadowEval;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Incremental window aggregation into {@link WindowStats}, then the key and bounds are attached. */
public final class DriftWindowAggregate implements AggregateFunction<ShadowEval, WindowStats, WindowStats> {
    @Override
    public WindowStats createAccumulator() {
        return new WindowStats();
    }

    @Override
    public WindowStats add(ShadowEval e, WindowStats acc) {
        acc.add(e.prodScore(), e.shadowScore(), e.judgeFailed());
        return acc;
    }

    @Override
    public WindowStats getResult(WindowStats acc) {
        return acc;
    }

    @Override
    public WindowStats merge(WindowStats a, WindowStats b) {
        return a.merge(b);
    }

    /** Adds (model, category) and the window bounds. */
    public static final class ToDriftWindow extends ProcessWindowFunction<WindowStats, DriftWindow, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<WindowStats> stats, Collector<DriftWindow> out) {
            int bar = key.indexOf('|');
            for (WindowStats s : stats) {
                out.collect(s.toWindow(key.substring(0, bar), key.substring(bar + 1),
                        ctx.window().getStart(), ctx.window().getEnd()));
            }
        }
    }
}
