package dev.driftgate.flink.shadow;

import dev.driftgate.core.sampling.LoadShedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sheds sampled events before scoring when the job falls behind, with core's {@link LoadShedder}: same
 * keyed hash as the gateway's sample, so the category mix stays as sampled and a replay sheds the same
 * events. The pressure signal is the event lag at this point (processing time - event ts, smoothed):
 * when scoring is slower than the offered rate, backpressure leaves events in Kafka and the lag grows,
 * so lag over {@code targetLagMs} means overload; it is read once per {@code adjustEveryMs}.
 *
 * <p>Never silent: shed events go to {@link #SHED} (for accounting: sampled = scored + failed +
 * dead-lettered + shed) and are counted per category in Flink metrics ({@code category/<c>/shedEvents},
 * {@code keptEvents}), beside gauges {@code keepFraction} and {@code eventLagMs}. Per subtask: each adjusts
 * its own fraction to its own lag, which is what its share of the partitions needs.
 *
 * <p>Also the job's lag gauges: it is the first operator after the watermarks are assigned, so it
 * reports {@code watermarkLagMs} = now - the current watermark (as of its last event; -1 before the
 * first watermark). With shedding off ({@link ShedOptions#shed()} false) it keeps every event and still
 * reports the gauges and the kept counts.
 */
public final class ShedOverload extends ProcessFunction<ParsedEvent, ParsedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<ParsedEvent> SHED = new OutputTag<>("shed-events") { };
    /** Weight of the newest lag in the moving average: smooths single late events out. */
    private static final double LAG_SMOOTHING = 0.05;

    private final boolean shed;
    private final double shadowPct;
    private final long targetLagMs;
    private final long adjustEveryMs;
    /** Null when shedding is off. */
    private transient LoadShedder shedder;
    private transient volatile long watermark;
    private transient double lagMs;
    private transient long nextAdjust;
    private transient MetricGroup metrics;
    private transient Map<String, Counter[]> counters;

    /** Shedding on. */
    public ShedOverload(double shadowPct, long targetLagMs, long adjustEveryMs) {
        this(new ShedOptions(true, shadowPct, targetLagMs, adjustEveryMs));
    }

    public ShedOverload(ShedOptions options) {
        this.shed = options.shed();
        this.shadowPct = options.shadowPct();
        this.targetLagMs = options.targetLagMs();
        this.adjustEveryMs = options.adjustEveryMs();
    }

    @Override
    public void open(OpenContext openContext) {
        shedder = shed ? LoadShedder.defaults(shadowPct) : null;
        watermark = Long.MIN_VALUE;
        counters = new ConcurrentHashMap<>();
        metrics = getRuntimeContext().getMetricGroup();
        metrics.gauge("keepFraction", this::keepFraction);
        metrics.gauge("eventLagMs", () -> (long) lagMs);
        metrics.gauge("watermarkLagMs", () -> watermarkLagMs(System.currentTimeMillis()));
    }

    @Override
    public void processElement(ParsedEvent value, Context ctx, Collector<ParsedEvent> out) {
        long now = ctx.timerService().currentProcessingTime();
        lagMs += LAG_SMOOTHING * (Math.max(0, now - value.event().ts()) - lagMs);
        watermark = ctx.timerService().currentWatermark();
        if (shedder != null && now >= nextAdjust) {
            shedder.observe(lagMs / targetLagMs);
            nextAdjust = now + adjustEveryMs;
        }
        String category = value.event().category();
        Counter[] c = counters.computeIfAbsent(category, k -> {
            MetricGroup g = metrics.addGroup("category", k);
            return new Counter[] {g.counter("keptEvents"), g.counter("shedEvents")};
        });
        if (shedder == null || shedder.keep(category, value.event().promptHash())) {
            c[0].inc();
            out.collect(value);
        } else {
            c[1].inc();
            ctx.output(SHED, value);
        }
    }

    /** Kept and shed per category in this subtask (tests, logs). */
    public Map<String, LoadShedder.CategoryCounts> counts() {
        return shedder == null ? Map.of() : shedder.counts();
    }

    public double keepFraction() {
        return shedder == null ? 1.0 : shedder.keepFraction();
    }

    /** {@code now} - the watermark seen with the last event; -1 while there is none. */
    long watermarkLagMs(long now) {
        long w = watermark;
        return w == Long.MIN_VALUE ? -1 : Math.max(0, now - w);
    }
}
