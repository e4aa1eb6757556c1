package dev.driftgate.core.sampling;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stratified load shedding for the shadow stream: when scoring cannot keep up, lower the effective
 * sample rate instead of building a backlog. An event arrives because remainderUnsigned(prompt_hash,
 * 10000) < the sampled threshold ({@link PromptSampler}); it is kept iff that remainder is also below
 * {@code keepFraction} x the threshold. Same hash, so the decision is deterministic (a replay sheds the
 * same events) and independent of category, so every category keeps the same share and the category mix
 * stays as sampled. Each category's kept and shed events are counted: shedding is never silent.
 *
 * <p>The keep fraction follows pressure (demand over capacity: in-flight calls over the operator's
 * capacity, or event lag over its target) by AIMD, the TCP rule that settles without oscillating wildly:
 * above 1 it is multiplied by {@code decrease}; below {@code restoreBelow} it grows by {@code increase}
 * up to 1, so the rate comes back when capacity does. A daily spend budget caps it too
 * ({@link #limitBySpend}). Thread-safe.
 */
public final class LoadShedder {
    /** Never below this: some evidence keeps flowing from every category even under heavy overload. */
    public static final double MIN_KEEP_FRACTION = 0.01;

    private final long sampledBasisPoints;
    private final double decrease;
    private final double increase;
    private final double restoreBelow;
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private volatile double capacityFraction = 1.0;
    private volatile double spendFraction = 1.0;

    /**
     * @param shadowPct    the sampled percentage (shadow_pct) the gateway used
     * @param decrease     factor applied per overloaded observation, e.g. 0.8
     * @param increase     added per calm observation, e.g. 0.05
     * @param restoreBelow pressure under which the fraction grows back, e.g. 0.7
     */
    public LoadShedder(double shadowPct, double decrease, double increase, double restoreBelow) {
        if (!(shadowPct > 0 && shadowPct <= 100) || !(decrease > 0 && decrease < 1) || !(increase > 0)
                || !(restoreBelow > 0 && restoreBelow <= 1)) {
            throw new IllegalArgumentException("load shedder: shadow_pct in (0,100], decrease in (0,1), increase > 0, "
                    + "restoreBelow in (0,1]");
        }
        this.sampledBasisPoints = Math.round(shadowPct * 100);
        this.decrease = decrease;
        this.increase = increase;
        this.restoreBelow = restoreBelow;
    }

    public static LoadShedder defaults(double shadowPct) {
        return new LoadShedder(shadowPct, 0.8, 0.05, 0.7);
    }

    /** Keep this sampled event? Counts the answer under its category. */
    public boolean keep(String category, long promptHash) {
        boolean keep = Long.remainderUnsigned(promptHash, 10_000) < keepThresholdBasisPoints();
        Counts c = counts.computeIfAbsent(category, k -> new Counts());
        (keep ? c.kept : c.shed).incrementAndGet();
        return keep;
    }

    /** Adjusts to {@code pressure} = demand / capacity (above 1: overloaded). Returns the new keep fraction. */
    public synchronized double observe(double pressure) {
        if (pressure > 1.0) {
            capacityFraction = Math.max(MIN_KEEP_FRACTION, capacityFraction * decrease);
        } else if (pressure < restoreBelow) {
            capacityFraction = Math.min(1.0, capacityFraction + increase);
        }
        return keepFraction();
    }

    /**
     * Caps the fraction so the day's spend stays within {@code dailyBudgetUsd}: at the spend rate so far
     * ({@code spentTodayUsd} over {@code dayElapsed} of the day, in (0,1]) the rest of the day would cost
     * spent x (1 - elapsed) / elapsed; keep only what the remaining budget pays for. Lowers the sample
     * rate rather than failing calls. A budget of 0 or less removes the cap.
     */
    public synchronized double limitBySpend(double dailyBudgetUsd, double spentTodayUsd, double dayElapsed) {
        if (dailyBudgetUsd <= 0 || dayElapsed <= 0) {
            spendFraction = 1.0;
        } else {
            double remaining = Math.max(0, dailyBudgetUsd - spentTodayUsd);
            double projectedRest = spentTodayUsd * (1 - Math.min(1, dayElapsed)) / dayElapsed;
            // the spend so far came at the fraction in force; scale it to what full sampling would cost
            double fullRateRest = projectedRest / Math.max(MIN_KEEP_FRACTION, spendFraction);
            spendFraction = fullRateRest <= 0 ? 1.0 : Math.min(1.0, remaining / fullRateRest);
        }
        return keepFraction();
    }

    public double keepFraction() {
        return Math.min(capacityFraction, spendFraction);
    }

    /** The daily budget's cap alone (1: no cap). */
    public double spendFraction() {
        return spendFraction;
    }

    /** Whether the daily budget's cap, not the capacity's, sets the keep fraction now (what a shed is for). */
    public boolean spendBinds() {
        return spendFraction < 1.0 && spendFraction <= capacityFraction;
    }

    /** The remainder threshold in force: events with remainder below it are kept. */
    public long keepThresholdBasisPoints() {
        return (long) Math.floor(sampledBasisPoints * keepFraction());
    }

    /** Kept and shed events per category since start, sorted by category. */
    public Map<String, CategoryCounts> counts() {
        Map<String, CategoryCounts> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, new CategoryCounts(v.kept.get(), v.shed.get())));
        return out;
    }

    public record CategoryCounts(long kept, long shed) {
        public long sampled() {
            return kept + shed;
        }
    }

    private static final class Counts {
        final AtomicLong kept = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
    }
}
