package dev.driftgate.core.llm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many callers one {@link ModelClients} serves at once, and which endpoints they are using: the
 * basis of each endpoint's fair share. The callers' concurrency (a Flink operator's capacity, the
 * eval's workers) is not told to the client, so it is learned as the peak number of calls inside any
 * bulkhead at once. An endpoint counts as in use while it was called within the last {@link #ACTIVE_NANOS}.
 */
final class CallerConcurrency {
    static final long ACTIVE_NANOS = 10_000_000_000L;

    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final Map<String, Long> lastEntered = new ConcurrentHashMap<>();

    void enter(String endpoint, long nowNanos) {
        lastEntered.put(endpoint, nowNanos);
        int now = inside.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    void exit() {
        inside.decrementAndGet();
    }

    /**
     * The most calls {@code endpoint} may hold while others are in use: the callers' peak concurrency
     * split evenly over the endpoints in use (at least 1). Unlimited while it is the only one in use.
     */
    int share(long nowNanos) {
        long inUse = lastEntered.values().stream().filter(t -> nowNanos - t < ACTIVE_NANOS).count();
        return inUse <= 1 ? Integer.MAX_VALUE : Math.max(1, (int) (peak.get() / inUse));
    }

    int peak() {
        return peak.get();
    }
}
