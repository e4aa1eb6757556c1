package dev.driftgate.gateway.shadow;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a WARN at most once per interval and says how many occurrences it held back, so a Kafka
 * outage at 5,000 req/s writes a line every few seconds rather than thousands.
 */
public final class RateLimitedWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedWarning(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Returns true when the line was written. */
    public boolean warn(String message, Object... args) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if (allowed != Long.MIN_VALUE && now - allowed < 0) {
            suppressed.incrementAndGet();
            return false;
        }
        if (!nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long held = suppressed.getAndSet(0);
        if (log.isWarnEnabled()) {
            log.warn(held == 0 ? message : message + " (" + held + " similar warnings suppressed)", args);
        }
        return true;
    }
}
