package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ShadowConfig;
import java.io.Serializable;

/**
 * Load shedding of the streaming job (shadow_config.yaml {@code overload.*}, docs/stream.md "Under
 * overload"). Off: the {@code shed-overload} stage still measures the lags (gauges) and keeps every
 * event. On: it sheds by core's keyed hash against {@code shadowPct} while the event lag is over
 * {@code targetLagMs}, adjusting the keep fraction every {@code adjustEveryMs}. A {@code dailyBudgetUsd}
 * over 0 caps the keep fraction by the day's spend whether {@code shed} is on or not: a budget is a
 * promise about money, not about lag, so it must not depend on the lag rule being enabled.
 */
public record ShedOptions(boolean shed, double shadowPct, long targetLagMs, long adjustEveryMs,
                          double dailyBudgetUsd) implements Serializable {
    public static final ShedOptions OFF = new ShedOptions(false, 100, 30_000, 5_000, 0);

    public ShedOptions {
        if ((shed || dailyBudgetUsd > 0) && !(shadowPct > 0 && shadowPct <= 100)) {
            throw new IllegalArgumentException("load shedding and a daily budget need shadow_pct in (0, 100], got "
                    + shadowPct);
        }
        if (targetLagMs < 1 || adjustEveryMs < 0) {
            throw new IllegalArgumentException("load shedding: target lag >= 1 ms, adjust interval >= 0");
        }
        if (!(dailyBudgetUsd >= 0) || Double.isInfinite(dailyBudgetUsd)) {
            throw new IllegalArgumentException("daily budget: a number of USD >= 0 (0 = none), got " + dailyBudgetUsd);
        }
    }

    /** Without a spend budget. */
    public ShedOptions(boolean shed, double shadowPct, long targetLagMs, long adjustEveryMs) {
        this(shed, shadowPct, targetLagMs, adjustEveryMs, 0);
    }

    public static ShedOptions from(ShadowConfig c) {
        ShadowConfig.Overload o = c.overload() == null ? ShadowConfig.Overload.OFF : c.overload();
        return new ShedOptions(o.shed(), c.shadowPct(), o.targetLagSeconds() * 1000L, o.adjustEverySeconds() * 1000L,
                o.dailyBudgetUsd());
    }

    /** The stage needs a shedder: to follow the lag, or to hold the budget. */
    boolean active() {
        return shed || budgeted();
    }

    boolean budgeted() {
        return dailyBudgetUsd > 0;
    }

    /** The same options with a daily budget (tests). */
    public ShedOptions withDailyBudget(double usd) {
        return new ShedOptions(shed, shadowPct, targetLagMs, adjustEveryMs, usd);
    }
}
