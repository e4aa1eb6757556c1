package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ShadowConfig;
import java.io.Serializable;

/**
 * Load shedding of the streaming job (shadow_config.yaml {@code overload.*}, docs/stream.md "Under
 * overload"). Off: the {@code shed-overload} stage still measures the lags (gauges) and keeps every
 * event. On: it sheds by core's keyed hash against {@code shadowPct} while the event lag is over
 * {@code targetLagMs}, adjusting the keep fraction every {@code adjustEveryMs}.
 */
public record ShedOptions(boolean shed, double shadowPct, long targetLagMs, long adjustEveryMs) implements Serializable {
    public static final ShedOptions OFF = new ShedOptions(false, 100, 30_000, 5_000);

    public ShedOptions {
        if (shed && !(shadowPct > 0 && shadowPct <= 100)) {
            throw new IllegalArgumentException("load shedding needs shadow_pct in (0, 100], got " + shadowPct);
        }
        if (targetLagMs < 1 || adjustEveryMs < 0) {
            throw new IllegalArgumentException("load shedding: target lag >= 1 ms, adjust interval >= 0");
        }
    }

    public static ShedOptions from(ShadowConfig c) {
        ShadowConfig.Overload o = c.overload() == null ? ShadowConfig.Overload.OFF : c.overload();
        return new ShedOptions(o.shed(), c.shadowPct(), o.targetLagSeconds() * 1000L, o.adjustEverySeconds() * 1000L);
    }
}
