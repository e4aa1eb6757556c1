package dev.driftgate.flink.shadow;

import dev.driftgate.core.sampling.LoadShedder;
import dev.driftgate.core.shadow.ShadowSpend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>A daily budget ({@link ShedOptions#dailyBudgetUsd()} > 0, with shedding on or off) caps the keep
 * fraction by {@link LoadShedder#limitBySpend}: at most once per {@code adjustEveryMs} (and at least a
 * second apart) it reads what today's (UTC) shadow_evals rows cost from its {@link SpendSource}, so the
 * sample rate falls before the money runs out rather than calls failing. A failed read logs a WARN and
 * keeps the last cap: the budget must never stop the job. Gauges {@code spentTodayUsd} (-1 before the
 * first read) and {@code spendFraction} (the budget's cap alone).
 */
public final class ShedOverload extends ProcessFunction<ParsedEvent, ParsedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<ShedEvent> SHED = new OutputTag<>("shed-events") { };
    /** Weight of the newest lag in the moving average: smooths single late events out. */
    private static final double LAG_SMOOTHING = 0.05;
    /** The spend is a database query: not more often than this, even with adjustEveryMs 0 (tests). */
    static final long MIN_SPEND_READ_INTERVAL_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ShedOverload.class);

    private final boolean shed;
    private final double shadowPct;
    private final long targetLagMs;
    private final long adjustEveryMs;
    private final double dailyBudgetUsd;
    /** Null without a budget. */
    private final SpendSource spend;
    /** Null when neither shedding nor a budget is on. */
    private transient LoadShedder shedder;
    private transient volatile double spentTodayUsd;
    private transient long nextSpendRead;
    private transient volatile long watermark;
    private transient double lagMs;
    private transient long nextAdjust;
    private transient MetricGroup metrics;
    private transient Map<String, Counter[]> counters;

    /** Shedding on. */
    public ShedOverload(double shadowPct, long targetLagMs, long adjustEveryMs) {
        this(new ShedOptions(true, shadowPct, targetLagMs, adjustEveryMs));
    }

    /** Without a daily budget (a budget needs a {@link SpendSource}). */
    public ShedOverload(ShedOptions options) {
        this(options, null);
    }

    /** @param spend where today's spend is read; required when {@code options} has a daily budget */
    public ShedOverload(ShedOptions options, SpendSource spend) {
        if (options.budgeted() && spend == null) {
            throw new IllegalArgumentException("overload.daily_budget_usd > 0 needs a source of the day's spend");
        }
        this.shed = options.shed();
        this.shadowPct = options.shadowPct();
        this.targetLagMs = options.targetLagMs();
        this.adjustEveryMs = options.adjustEveryMs();
        this.dailyBudgetUsd = options.dailyBudgetUsd();
        this.spend = options.budgeted() ? spend : null;
    }

    @Override
    public void open(OpenContext openContext) {
        shedder = shed || spend != null ? LoadShedder.defaults(shadowPct) : null;
        spentTodayUsd = -1;
        nextSpendRead = Long.MIN_VALUE;
        watermark = Long.MIN_VALUE;
        counters = new ConcurrentHashMap<>();
        metrics = getRuntimeContext().getMetricGroup();
        metrics.gauge("keepFraction", this::keepFraction);
        metrics.gauge("eventLagMs", () -> (long) lagMs);
        metrics.gauge("watermarkLagMs", () -> watermarkLagMs(System.currentTimeMillis()));
        metrics.gauge("spentTodayUsd", () -> spentTodayUsd);
        metrics.gauge("spendFraction", this::spendFraction);
    }

    @Override
    public void close() throws Exception {
        if (spend != null) {
            spend.close();
        }
        super.close();
    }

    @Override
    public void processElement(ParsedEvent value, Context ctx, Collector<ParsedEvent> out) {
        long now = ctx.timerService().currentProcessingTime();
        lagMs += LAG_SMOOTHING * (Math.max(0, now - value.event().ts()) - lagMs);
        watermark = ctx.timerService().currentWatermark();
        if (shed && now >= nextAdjust) {
            shedder.observe(lagMs / targetLagMs);
            nextAdjust = now + adjustEveryMs;
        }
        if (spend != null && now >= nextSpendRead) {
            limitBySpend(now);
            nextSpendRead = now + Math.max(adjustEveryMs, MIN_SPEND_READ_INTERVAL_MS);
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
            ctx.output(SHED, new ShedEvent(value,
                    shedder.spendBinds() ? ShedEvent.Cause.DAILY_BUDGET : ShedEvent.Cause.LAG));
        }
    }

    /** Reads today's spend and caps the keep fraction by it; on a failed read the last cap stays. */
    private void limitBySpend(long now) {
        double spent;
        try {
            spent = spend.spentSince(ShadowSpend.dayStart(now));
        } catch (Exception e) {
            LOG.warn("cannot read today's spend for overload.daily_budget_usd ({} USD); keeping the keep fraction "
                    + "at {} until the next read: {}", dailyBudgetUsd, keepFraction(), e.toString());
            return;
        }
        spentTodayUsd = spent;
        double before = shedder.spendFraction();
        double after = shedder.limitBySpend(dailyBudgetUsd, spent, ShadowSpend.dayElapsed(now));
        if (before == 1.0 && shedder.spendFraction() < 1.0) {
            LOG.info("daily budget: {} of {} USD spent today; the keep fraction is capped at {}", spent,
                    dailyBudgetUsd, after);
        }
    }

    /** Kept and shed per category in this subtask (tests, logs). */
    public Map<String, LoadShedder.CategoryCounts> counts() {
        return shedder == null ? Map.of() : shedder.counts();
    }

    public double keepFraction() {
        return shedder == null ? 1.0 : shedder.keepFraction();
    }

    /** The daily budget's cap alone: 1 without a budget or under it. */
    public double spendFraction() {
        return shedder == null ? 1.0 : shedder.spendFraction();
    }

    /** What today's rows cost at the last successful read; -1 before it (or without a budget). */
    public double spentTodayUsd() {
        return spentTodayUsd;
    }

    /** {@code now} - the watermark seen with the last event; -1 while there is none. */
    long watermarkLagMs(long now) {
        long w = watermark;
        return w == Long.MIN_VALUE ? -1 : Math.max(0, now - w);
    }
}
