package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ShadowConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * Which event timestamps the job accepts, against the clock at parse time (before timestamps and
 * watermarks are assigned): at most {@code maxFutureSkew} ahead and at most {@code maxAge} behind.
 * Why: the watermark only moves forward, so one event with ts ten years ahead fired every open
 * window early and made every later event late, and drift detection went blind.
 */
public record EventTimeBounds(Duration maxFutureSkew, Duration maxAge) implements Serializable {

    public EventTimeBounds {
        if (maxFutureSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max_future_skew must be >= 0 and max_event_age > 0");
        }
    }

    public static EventTimeBounds from(ShadowConfig config) {
        return new EventTimeBounds(config.windows().maxFutureSkew(), config.windows().maxEventAge());
    }

    /** Why {@code ts} is rejected at {@code nowMs}, or null when it is accepted. */
    public String rejection(long ts, long nowMs) {
        if (ts - nowMs > maxFutureSkew.toMillis()) {
            return "field ts is " + Duration.ofMillis(ts - nowMs) + " ahead of the clock (max_future_skew "
                    + maxFutureSkew + ")";
        }
        if (nowMs - ts > maxAge.toMillis()) {
            return "field ts is " + Duration.ofMillis(nowMs - ts) + " old (max_event_age " + maxAge + ")";
        }
        return null;
    }
}
